package org.mathesar.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Scenario 6: the operator killed mid-install; exactly one migration Job runs, the instance
 * converges.
 */
class OperatorKilledE2E extends E2ESupport {
  private static final String NAME = "killed";

  @Test
  void killedMidInstallStillMigratesOnce() throws Exception {
    var ns = RealCluster.newNamespace("killed");
    PostgresServer.start(client(), ns);
    try (var jobs = new JobLog(client(), ns)) {
      client().resource(mathesar(ns, NAME, RealCluster.VERSION)).create();
      await("the migration Job")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> !jobs.names("migrate").isEmpty());
      var operator = RealCluster.operatorPod().orElseThrow();
      client().resource(operator).withGracePeriod(0).delete();
      awaitMathesar(ns, NAME, RealCluster.READY_TIMEOUT, ready());
      try (var endpoint = ServiceEndpoint.open(client(), ns, NAME)) {
        loggedIn(endpoint, ns, NAME);
      }
      assertThat(jobs.names("migrate")).as("migration Jobs").hasSize(1);
      assertThat(jobs.names("admin"))
          .as("admin Jobs: the migration Job creates the first admin")
          .isEmpty();
      report(
          "killed",
          "operator pod killed (grace 0) while "
              + jobs.names("migrate").get(0)
              + " ran: one migration Job, which also created the admin ("
              + jobs.summary("migrate")
              + "), Ready, admin logs in");
    }
    RealCluster.awaitOperatorReady();
  }
}
