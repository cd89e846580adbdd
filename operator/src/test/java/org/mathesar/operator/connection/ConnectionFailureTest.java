package org.mathesar.operator.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.database.CheckResult;
import org.mathesar.operator.database.CheckResult.Outcome;
import org.mathesar.operator.rpc.RpcException;

class ConnectionFailureTest {
  static final DesiredConnection DESIRED = ConnectionPlannerTest.desired("1", false, null);

  static RpcException method(String message) {
    return new RpcException(
        RpcException.Kind.METHOD, "databases.setup.connect_existing", -30193, message);
  }

  @Test
  void mathesarsOwnWordsGiveTheReason() {
    var f =
        ConnectionFailure.of(
            method(
                "OperationalError: connection failed: FATAL:  password authentication failed for user \"sales\""),
            Optional.empty(),
            DESIRED);
    assertThat(f.reason()).isEqualTo("AuthenticationFailed");
    assertThat(f.message())
        .contains("password authentication failed")
        .contains("Secret sales-credentials");
  }

  @Test
  void aBareOperationalErrorIsExplainedByTheOperatorsOwnConnection() {
    var e = method("OperationalError: ");
    assertThat(ConnectionFailure.worthCheckingOurselves(e)).isTrue();
    var check =
        new CheckResult(
            Outcome.REFUSED, "DatabaseNotFound", "pg.shop:5432/sales: the database does not exist");
    var f = ConnectionFailure.of(e, Optional.of(check), DESIRED);
    assertThat(f.reason()).isEqualTo("DatabaseNotFound");
    assertThat(f.message())
        .contains("OperationalError")
        .contains("does not exist")
        .contains("spec.create: true");
  }

  @Test
  void tlsOnlyServers() {
    var check =
        new CheckResult(
            Outcome.REFUSED,
            "AuthenticationFailed",
            "refused (FATAL: no pg_hba.conf entry for host \"10.0.0.1\", user \"sales\", database \"sales\", no encryption)");
    assertThat(
            ConnectionFailure.of(method("OperationalError: "), Optional.of(check), DESIRED)
                .reason())
        .isEqualTo("TLSRequired");
    assertThat(ConnectionFailure.fromMathesar("server does not support SSL, but SSL was required"))
        .hasValue("TLSNotSupported");
  }

  @Test
  void refusedConnections() {
    assertThat(
            ConnectionFailure.fromMathesar(
                "connection to server at \"10.0.0.9\", port 5432 failed: Connection refused"))
        .hasValue("ConnectionRefused");
    var check = new CheckResult(Outcome.UNREACHABLE, "HostNotFound", "could not resolve pg.shop");
    assertThat(
            ConnectionFailure.of(method("OperationalError: "), Optional.of(check), DESIRED)
                .reason())
        .isEqualTo("ConnectionRefused");
  }

  @Test
  void whatNeitherExplainsIsAMathesarError() {
    var check = new CheckResult(Outcome.CONNECTED, "Connected", "connected");
    var f = ConnectionFailure.of(method("ValueError: something else"), Optional.of(check), DESIRED);
    assertThat(f.reason()).isEqualTo("MathesarError");
    assertThat(f.message()).contains("ValueError: something else");
  }
}
