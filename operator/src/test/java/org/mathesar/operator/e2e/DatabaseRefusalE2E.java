package org.mathesar.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.SslMode;

/**
 * The operator connects to an external database itself before making any Job: a server that says no
 * (a wrong password, TLS required of a server without it) gives DatabaseReady=False with that
 * reason and no Job at all. Without the check, `sslMode: require` used to connect in clear text
 * (Mathesar 0.11.0 ignores POSTGRES_SSLMODE).
 */
class DatabaseRefusalE2E extends E2ESupport {

  @Test
  void aWrongPasswordAndARequiredTlsTheServerLacksAreRefusedBeforeAnyJob() throws Exception {
    var ns = RealCluster.newNamespace("refusal");
    PostgresServer.start(client(), ns);
    client()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("wrong")
                .withNamespace(ns)
                .endMetadata()
                .withStringData(
                    Map.of("username", PostgresServer.USER, "password", "not-the-password"))
                .build())
        .create();
    try (var jobs = new JobLog(client(), ns)) {
      var wrongPassword = mathesar(ns, "wrong-password", RealCluster.VERSION);
      wrongPassword.getSpec().getDatabase().getExternal().getCredentialsSecret().setName("wrong");
      client().resource(wrongPassword).create();
      var tls = mathesar(ns, "tls-required", RealCluster.VERSION);
      tls.getSpec().getDatabase().getExternal().setSslMode(SslMode.REQUIRE);
      client().resource(tls).create();

      var refused =
          awaitMathesar(
              ns,
              "wrong-password",
              Duration.ofMinutes(1),
              condition("DatabaseReady", "False", "AuthenticationFailed"));
      var noTls =
          awaitMathesar(
              ns,
              "tls-required",
              Duration.ofMinutes(1),
              condition("DatabaseReady", "False", "TlsNotSupported"));
      assertThat(refused.getStatus().getPhase().name()).isEqualTo("Pending");
      assertThat(message(refused)).doesNotContain("not-the-password");
      assertThat(jobs.all()).as("Jobs made against a database that refused the operator").isEmpty();
      report(
          "refusal",
          "wrong password: DatabaseReady=False/AuthenticationFailed (\""
              + message(refused)
              + "\"); sslMode require on a server without TLS: TlsNotSupported; no Job made");
    }
  }

  /**
   * The preflight: a PostgreSQL server older than the target release supports (13; Mathesar from
   * 0.8 needs 14) is refused before any backup or Job, with the check and what to do.
   */
  @Test
  void aServerOlderThanMathesarSupportsIsRefusedBeforeAnyJob() throws Exception {
    var ns = RealCluster.newNamespace("preflight");
    var pg = PostgresServer.start(client(), ns, RealCluster.POSTGRES_13_IMAGE);
    assertThat(pg.sql("postgres", "SHOW server_version")).startsWith("13.");
    try (var jobs = new JobLog(client(), ns)) {
      client().resource(mathesar(ns, "old-server", RealCluster.VERSION)).create();
      var refused =
          awaitMathesar(
              ns,
              "old-server",
              Duration.ofMinutes(2),
              condition("DatabaseReady", "False", "PostgresVersionUnsupported"));
      assertThat(message(refused))
          .contains("PostgreSQL 13")
          .contains("needs PostgreSQL 14 or newer")
          .contains("upgrade the server first");
      assertThat(refused.getStatus().getPhase().name()).isEqualTo("Pending");
      assertThat(jobs.all()).as("Jobs made against a server too old for Mathesar").isEmpty();
      report(
          "refusal",
          "preflight: PostgreSQL 13 for Mathesar "
              + RealCluster.VERSION
              + ": DatabaseReady=False/PostgresVersionUnsupported (\""
              + message(refused)
              + "\"); no Job made");
    }
  }

  private static String message(org.mathesar.operator.customresource.Mathesar m) {
    return org.mathesar.operator.status.Conditions.find(
            m.getStatus().getConditions(), "DatabaseReady")
        .orElseThrow()
        .getMessage();
  }
}
