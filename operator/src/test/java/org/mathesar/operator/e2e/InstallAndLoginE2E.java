package org.mathesar.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.readiness.Readiness;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Scenario 1: an instance with an external database becomes Ready, its admin logs in through the
 * Service with the credentials from Secret `<name>-admin`, and nobody can claim
 * /complete_installation/. A second instance in another namespace, beside it, is its own.
 */
class InstallAndLoginE2E extends E2ESupport {

  @Test
  void twoInstancesEachLogInWithTheirOwnAdmin() throws Exception {
    var first = RealCluster.newNamespace("login-a");
    var second = RealCluster.newNamespace("login-b");
    PostgresServer.start(client(), first);
    PostgresServer.start(client(), second);

    var jobs = new JobLog(client(), first);
    var applied = Instant.now();
    client().resource(mathesar(first, "mathesar", RealCluster.VERSION)).create();
    client().resource(mathesar(second, "mathesar", RealCluster.VERSION)).create();
    var a = awaitMathesar(first, "mathesar", RealCluster.READY_TIMEOUT, ready());
    var readyAfter = Duration.between(applied, Instant.now());
    awaitMathesar(second, "mathesar", RealCluster.READY_TIMEOUT, ready());

    assertThat(a.getStatus().getPhase().name()).isEqualTo("Running");
    assertThat(a.getStatus().getVersion()).isEqualTo(RealCluster.VERSION);
    var pod = webPods(first, "mathesar").get(0);
    assertThat(Readiness.isPodReady(pod)).isTrue();
    report(
        "install",
        "Ready "
            + readyAfter.toSeconds()
            + " s after apply (two instances side by side); "
            + "web pod created to ready: "
            + between(
                    pod.getMetadata().getCreationTimestamp(),
                    pod.getStatus().getConditions().stream()
                        .filter(c -> c.getType().equals("Ready"))
                        .findFirst()
                        .orElseThrow()
                        .getLastTransitionTime())
                .toSeconds()
            + " s (collectstatic and gunicorn's boot)");

    try (var endpointA = ServiceEndpoint.open(client(), first, "mathesar");
        var endpointB = ServiceEndpoint.open(client(), second, "mathesar")) {
      var web = loggedIn(endpointA, first, "mathesar");
      var install = web.get("/complete_installation/");
      assertThat(install.statusCode())
          .as("/complete_installation/ once an admin exists")
          .isEqualTo(302);
      assertThat(install.headers().firstValue("location").orElse(""))
          .doesNotContain("complete_installation");
      var anonymous = new MathesarWeb(endpointA).get("/complete_installation/");
      assertThat(anonymous.statusCode())
          .as("/complete_installation/ for a stranger")
          .isEqualTo(302);

      loggedIn(endpointB, second, "mathesar");
      // Isolation: each instance has its own admin, key and database; A's password does not open B.
      var credentialsA = adminCredentials(first, "mathesar");
      assertThat(credentialsA.get("password"))
          .isNotEqualTo(adminCredentials(second, "mathesar").get("password"));
      var refused =
          new MathesarWeb(endpointB)
              .login(credentialsA.get("username"), credentialsA.get("password"));
      assertThat(refused.statusCode()).as("A's admin password on B").isEqualTo(200);
      assertThat(refused.body()).contains("csrfmiddlewaretoken");
      assertThat(secretKey(first)).isNotEqualTo(secretKey(second));
      report(
          "install",
          "admin logged in on both (302 to /, home page 200); /complete_installation/ redirects away; "
              + "A's credentials refused by B"
              + (endpointA.forwarded() ? " (through port-forward)" : " (through the ClusterIP)"));
    }

    assertThat(jobs.names("admin"))
        .as("admin Jobs: the migration Job of a first install creates the admin")
        .isEmpty();
    report("install", "Jobs: " + jobs.summary("migrate") + " (migrations, then the first admin)");
    jobs.close();
  }

  private static String secretKey(String namespace) {
    return client()
        .secrets()
        .inNamespace(namespace)
        .withName("mathesar-secret-key")
        .require()
        .getData()
        .get("secret-key");
  }
}
