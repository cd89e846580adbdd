package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mathesar.operator.database.CheckResult;
import org.mathesar.operator.database.CheckResult.Outcome;
import org.mathesar.operator.database.ConnectionCheckClassifier;
import org.mathesar.operator.database.ConnectionTarget;
import org.mathesar.operator.database.DatabaseChecks;
import org.mathesar.operator.database.RecheckPolicy;
import org.mathesar.operator.status.Conditions;
import org.mathesar.operator.status.ExternalDatabaseCondition;

/**
 * The external database check: what a failure means, that it never shows a password, and when it
 * blocks.
 */
class DatabaseCheckTest {
  private static final String PASSWORD = "hunter2-very-secret";
  private static final ConnectionTarget TARGET =
      new ConnectionTarget("pg.app.svc", 5432, "mathesar_django", "mathesar", PASSWORD, "require");

  private static SQLException server(String state, String message) {
    return new SQLException(message, state);
  }

  private static SQLException network(Throwable cause) {
    return new SQLException("The connection attempt failed.", "08001", cause);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "28P01 | FATAL: password authentication failed for user \"mathesar\" | REFUSED | AuthenticationFailed",
        "28000 | FATAL: no pg_hba.conf entry for host \"10.0.0.1\", user \"mathesar\", no encryption | REFUSED | AuthenticationFailed",
        "3D000 | FATAL: database \"mathesar_django\" does not exist | REFUSED | DatabaseNotFound",
        "08004 | The server does not support SSL. | REFUSED | TlsNotSupported",
        "42501 | permission denied | REFUSED | ConnectionRefusedByServer"
      })
  void anAnswerFromTheServerRefuses(String state, String message, Outcome outcome, String reason) {
    var result = ConnectionCheckClassifier.classify(TARGET, server(state, message));

    assertThat(result.outcome()).isEqualTo(outcome);
    assertThat(result.reason()).isEqualTo(reason);
    assertThat(result.message())
        .startsWith("pg.app.svc:5432/mathesar_django as mathesar")
        .doesNotContain(PASSWORD);
  }

  @Test
  void networkFailuresSeenByTheOperatorAreUnknownNotRefusals() {
    assertThat(
            ConnectionCheckClassifier.classify(
                TARGET, network(new UnknownHostException("pg.app.svc"))))
        .extracting(CheckResult::outcome, CheckResult::reason)
        .containsExactly(Outcome.UNREACHABLE, "HostNotFound");
    assertThat(
            ConnectionCheckClassifier.classify(
                TARGET, network(new ConnectException("Connection refused"))))
        .extracting(CheckResult::outcome, CheckResult::reason)
        .containsExactly(Outcome.UNREACHABLE, "ConnectionRefused");
    var timeout =
        ConnectionCheckClassifier.classify(
            TARGET, network(new SocketTimeoutException("connect timed out")));
    assertThat(timeout.reason()).isEqualTo("ConnectionTimedOut");
    assertThat(timeout.message()).contains("not blocking");
  }

  @Test
  void theTargetNeverShowsItsPassword() {
    assertThat(TARGET.toString())
        .doesNotContain(PASSWORD)
        .contains("pg.app.svc:5432/mathesar_django as mathesar");
    assertThat(TARGET.fingerprint())
        .doesNotContain(PASSWORD)
        .isNotEqualTo(
            new ConnectionTarget(
                    "pg.app.svc", 5432, "mathesar_django", "mathesar", "other", "require")
                .fingerprint());
  }

  @Test
  void aShortHostIsAServiceInTheInstancesNamespace() {
    assertThat(ConnectionTarget.hostAsPodsSee("pg", "app")).isEqualTo("pg.app.svc");
    assertThat(ConnectionTarget.hostAsPodsSee("pg.other", "app")).isEqualTo("pg.other");
    assertThat(ConnectionTarget.hostAsPodsSee("db.example.com", "app")).isEqualTo("db.example.com");
    assertThat(ConnectionTarget.hostAsPodsSee("10.0.0.5", "app")).isEqualTo("10.0.0.5");
    assertThat(ConnectionTarget.hostAsPodsSee("localhost", "app")).isEqualTo("localhost");
  }

  @Test
  void thePreflightRefusesAServerOlderThanTheTargetReleaseSupports() {
    var pg13 =
        Optional.of(
            new CheckResult(
                Outcome.CONNECTED,
                "Connected",
                "connected to mathesar@pg.app.svc:5432/mathesar_django (PostgreSQL 13, sslmode"
                    + " require); the role owns the database",
                13));
    var refused = ExternalDatabaseCondition.preflight(pg13, "0.11.0").orElseThrow();
    assertThat(refused.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(refused.reason()).isEqualTo("PostgresVersionUnsupported");
    assertThat(refused.message())
        .contains("PostgreSQL 13")
        .contains("Mathesar 0.11.0 needs PostgreSQL 14 or newer")
        .doesNotContain("the role owns the database");
    assertThat(
            ExternalDatabaseCondition.blocksJobs(
                ExternalDatabaseCondition.of(TARGET, Optional.of(refused)), true))
        .isTrue();

    // Releases before 0.8 took 13; 14 and newer pass; so do results without a version.
    assertThat(ExternalDatabaseCondition.preflight(pg13, "0.7.1")).isEqualTo(pg13);
    var pg14 = Optional.of(new CheckResult(Outcome.CONNECTED, "Connected", "connected", 14));
    assertThat(ExternalDatabaseCondition.preflight(pg14, "0.11.0")).isEqualTo(pg14);
    var refusedLogin = Optional.of(new CheckResult(Outcome.REFUSED, "AuthenticationFailed", "no"));
    assertThat(ExternalDatabaseCondition.preflight(refusedLogin, "0.11.0")).isEqualTo(refusedLogin);
    assertThat(ExternalDatabaseCondition.preflight(Optional.empty(), "0.11.0")).isEmpty();
  }

  @Test
  void refusedBlocksJobsUnreachableDoesNotAndAnUncheckedDatabaseBlocksOnlyAMigration() {
    var refused =
        ExternalDatabaseCondition.of(
            TARGET, Optional.of(new CheckResult(Outcome.REFUSED, "AuthenticationFailed", "no")));
    var unreachable =
        ExternalDatabaseCondition.of(
            TARGET, Optional.of(new CheckResult(Outcome.UNREACHABLE, "HostNotFound", "no")));
    var connected =
        ExternalDatabaseCondition.of(
            TARGET, Optional.of(new CheckResult(Outcome.CONNECTED, "Connected", "yes")));
    var checking = ExternalDatabaseCondition.of(TARGET, Optional.empty());

    assertThat(refused.getStatus()).isEqualTo(Conditions.FALSE);
    assertThat(unreachable.getStatus()).isEqualTo(Conditions.UNKNOWN);
    assertThat(connected.getStatus()).isEqualTo(Conditions.TRUE);
    assertThat(checking.getReason()).isEqualTo("Checking");
    assertThat(checking.getMessage()).doesNotContain(PASSWORD);

    assertThat(ExternalDatabaseCondition.blocksJobs(refused, true)).isTrue();
    assertThat(ExternalDatabaseCondition.blocksJobs(refused, false)).isTrue();
    assertThat(ExternalDatabaseCondition.blocksJobs(unreachable, false)).isFalse();
    assertThat(ExternalDatabaseCondition.blocksJobs(connected, false)).isFalse();
    assertThat(ExternalDatabaseCondition.blocksJobs(checking, false)).isTrue();
    assertThat(ExternalDatabaseCondition.blocksJobs(checking, true)).isFalse();
    assertThat(ExternalDatabaseCondition.blocksJobs(null, false)).isFalse();
  }

  @Test
  void aStoppedOperatorKeepsTheLastResultInsteadOfFailing() throws Exception {
    var checks =
        new DatabaseChecks(target -> new CheckResult(Outcome.CONNECTED, "Connected", "ok"), 1);
    checks.latest("ns/a", TARGET, last -> Duration.ZERO, Duration.ofSeconds(5));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                checks
                    .latest("ns/a", TARGET, last -> Duration.ofMinutes(5), Duration.ZERO)
                    .isPresent());
    checks.close();

    // Stale at once (max age zero): a running operator would check again; a stopped one cannot.
    assertThat(checks.latest("ns/a", TARGET, last -> Duration.ZERO, Duration.ZERO))
        .map(CheckResult::reason)
        .hasValue("Connected");
    assertThat(checks.latest("ns/b", TARGET, last -> Duration.ZERO, Duration.ZERO)).isEmpty();
  }

  @Test
  void checksRunInTheBackgroundOncePerTargetUntilStale() throws Exception {
    var calls = new AtomicInteger();
    var release = new CountDownLatch(1);
    try (var checks =
        new DatabaseChecks(
            target -> {
              calls.incrementAndGet();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return new CheckResult(Outcome.CONNECTED, "Connected", "ok");
            },
            1)) {
      // The first ask starts a check and does not wait for it.
      assertThat(checks.latest("ns/a", TARGET, last -> Duration.ofMinutes(5), Duration.ZERO))
          .isEmpty();
      assertThat(checks.checking("ns/a")).isTrue();
      assertThat(checks.latest("ns/a", TARGET, last -> Duration.ofMinutes(5), Duration.ZERO))
          .isEmpty();
      release.countDown();
      await().atMost(Duration.ofSeconds(5)).until(() -> !checks.checking("ns/a"));
      assertThat(checks.latest("ns/a", TARGET, last -> Duration.ofMinutes(5), Duration.ZERO))
          .map(CheckResult::reason)
          .hasValue("Connected");
      assertThat(calls).hasValue(1);

      // A fresh result is reused; a zero max age or a changed password asks again.
      checks.latest("ns/a", TARGET, last -> Duration.ZERO, Duration.ZERO);
      await().atMost(Duration.ofSeconds(5)).until(() -> !checks.checking("ns/a"));
      assertThat(calls).hasValue(2);
      var changed =
          new ConnectionTarget(
              "pg.app.svc", 5432, "mathesar_django", "mathesar", "new-password", "require");
      assertThat(checks.latest("ns/a", changed, last -> Duration.ofMinutes(5), Duration.ZERO))
          .as("no result for the new password yet")
          .isEmpty();
      await().atMost(Duration.ofSeconds(5)).until(() -> !checks.checking("ns/a"));
      assertThat(calls).hasValue(3);
    }
  }

  @Test
  void aRefusingServerIsNotAskedEveryFewSecondsButAnOutageIs() {
    var refused = Optional.of(new CheckResult(Outcome.REFUSED, "AuthenticationFailed", "no"));
    var unreachable = Optional.of(new CheckResult(Outcome.UNREACHABLE, "ConnectionRefused", "no"));
    var connected = Optional.of(new CheckResult(Outcome.CONNECTED, "Connected", "yes"));

    assertThat(RecheckPolicy.maxAge(false, unreachable)).isEqualTo(Duration.ofSeconds(10));
    assertThat(RecheckPolicy.maxAge(false, connected)).isEqualTo(Duration.ofSeconds(10));
    assertThat(RecheckPolicy.maxAge(false, refused)).isEqualTo(Duration.ofMinutes(5));
    assertThat(RecheckPolicy.maxAge(true, unreachable)).isEqualTo(Duration.ofMinutes(5));
    assertThat(RecheckPolicy.comeBackAfter(true, false, connected)).isEmpty();
    assertThat(RecheckPolicy.comeBackAfter(true, true, connected)).hasValue(Duration.ofSeconds(1));
    assertThat(RecheckPolicy.comeBackAfter(false, false, unreachable))
        .hasValue(Duration.ofSeconds(10));
    assertThat(RecheckPolicy.comeBackAfter(false, false, refused)).hasValue(Duration.ofMinutes(5));
  }

  @Test
  void aFirstAnswerIsWaitedForBrieflyButNeverLong() {
    var release = new CountDownLatch(1);
    try (var checks =
        new DatabaseChecks(
            target -> {
              if (target.password().equals("slow")) {
                try {
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              return new CheckResult(Outcome.REFUSED, "AuthenticationFailed", "no");
            },
            2)) {
      // An answer within the wait is used at once: a wrong password stops the first reconciliation.
      assertThat(
              checks.latest(
                  "ns/fast", TARGET, last -> Duration.ofMinutes(5), Duration.ofSeconds(5)))
          .map(CheckResult::reason)
          .hasValue("AuthenticationFailed");
      // An answer that takes longer is not waited for.
      var slow =
          new ConnectionTarget(
              "pg.app.svc", 5432, "mathesar_django", "mathesar", "slow", "require");
      assertThat(
              checks.latest("ns/slow", slow, last -> Duration.ofMinutes(5), Duration.ofMillis(50)))
          .isEmpty();
      assertThat(checks.checking("ns/slow")).isTrue();
      release.countDown();
    }
  }
}
