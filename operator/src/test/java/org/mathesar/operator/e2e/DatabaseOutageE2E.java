package org.mathesar.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Scenario 4: the database goes away for two minutes. The instance says so (Ready=False, reason
 * DatabaseUnavailable, phase Degraded), no Mathesar container is restarted (liveness does not read
 * the database), nothing claims to roll out, and it is Ready again by itself once the database is
 * back.
 */
class DatabaseOutageE2E extends E2ESupport {
  private static final String NAME = "outage";
  private static final Duration OUTAGE = Duration.ofMinutes(2);

  @Test
  void anOutageIsReportedAndSurvivedWithoutRestarts() throws Exception {
    var ns = RealCluster.newNamespace("outage");
    var pg = PostgresServer.start(client(), ns);
    client().resource(mathesar(ns, NAME, RealCluster.VERSION)).create();
    awaitMathesar(ns, NAME, RealCluster.READY_TIMEOUT, ready());
    var restartsBefore = restarts(webPods(ns, NAME));
    var generationBefore = deploymentGeneration(ns);

    var down = Instant.now();
    pg.scale(0);
    var degraded =
        awaitMathesar(
            ns, NAME, Duration.ofMinutes(2), condition("Ready", "False", "DatabaseUnavailable"));
    var noticed = Duration.between(down, Instant.now());
    assertThat(degraded.getStatus().getPhase().name()).isEqualTo("Degraded");
    var remaining = OUTAGE.minus(Duration.between(down, Instant.now()));
    // The outage lasts its full two minutes; meanwhile nothing may restart.
    org.awaitility.Awaitility.await()
        .during(remaining)
        .atMost(remaining.plusSeconds(30))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> restarts(webPods(ns, NAME)) == restartsBefore && !claimsToRollOut(ns));
    pg.scale(1);
    var back = Instant.now();
    awaitMathesar(ns, NAME, Duration.ofMinutes(3), ready());
    assertThat(restarts(webPods(ns, NAME)))
        .as("Mathesar container restarts")
        .isEqualTo(restartsBefore);
    assertThat(deploymentGeneration(ns))
        .as("Deployment generation: no rollout during the outage")
        .isEqualTo(generationBefore);
    report(
        "outage",
        "database down "
            + OUTAGE.toSeconds()
            + " s: Ready=False/DatabaseUnavailable after "
            + noticed.toSeconds()
            + " s, phase Degraded, 0 container restarts, never Progressing/RollingOut, Deployment unchanged; Ready again "
            + Duration.between(back, Instant.now()).toSeconds()
            + " s after the database returned");
  }

  private static long deploymentGeneration(String ns) {
    return client()
        .apps()
        .deployments()
        .inNamespace(ns)
        .withName(NAME)
        .require()
        .getMetadata()
        .getGeneration();
  }

  /** Unready pods once made the status say a rollout was under way, which an outage is not. */
  private static boolean claimsToRollOut(String ns) {
    var m = resource(ns, NAME).get();
    return m.getStatus().getConditions().stream()
        .anyMatch(
            c ->
                "Progressing".equals(c.getType())
                    && "True".equals(c.getStatus())
                    && "RollingOut".equals(c.getReason()));
  }
}
