package org.mathesar.operator.database;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import org.mathesar.operator.database.CheckResult.Outcome;

/** What a failed connection means, from the SQLState the server sent or the network error. Pure. */
public final class ConnectionCheckClassifier {
  private ConnectionCheckClassifier() {}

  public static CheckResult classify(ConnectionTarget target, SQLException e) {
    var what = target.describe();
    var state = e.getSQLState() == null ? "" : e.getSQLState();
    var serverMessage = firstLine(e.getMessage());
    switch (state) {
      case "28P01":
        return refused(
            "AuthenticationFailed",
            what
                + ": the server refused the password ("
                + serverMessage
                + "). Check the credentials Secret");
      case "28000":
        return refused(
            "AuthenticationFailed",
            what
                + ": the server refused the connection ("
                + serverMessage
                + "). Check pg_hba.conf on the server, the role and spec.database.external.sslMode");
      case "3D000":
        return refused(
            "DatabaseNotFound",
            what
                + ": the database does not exist. Create it, owned by "
                + target.username()
                + ", or fix spec.database.external.database");
      default:
        break;
    }
    var network = networkCause(e);
    if (network instanceof UnknownHostException) {
      return unreachable(
          "HostNotFound", what + ": the operator could not resolve " + target.host());
    }
    if (network instanceof ConnectException || network instanceof NoRouteToHostException) {
      return unreachable(
          "ConnectionRefused", what + ": connection refused or no route from the operator");
    }
    if (network instanceof SocketTimeoutException) {
      return unreachable(
          "ConnectionTimedOut",
          what + ": no answer within " + ConnectionCheck.CONNECT_TIMEOUT_SECONDS + " s");
    }
    if (serverMessage.contains("does not support SSL")) {
      return refused(
          "TlsNotSupported",
          what
              + ": sslmode "
              + target.sslMode()
              + " needs TLS, and the server does not offer it. Enable TLS on the server, or set"
              + " spec.database.external.sslMode to prefer or disable if clear text is acceptable");
    }
    if (tlsFailure(e)) {
      return refused(
          "TlsVerificationFailed",
          what
              + ": the server's certificate was not accepted with sslmode "
              + target.sslMode()
              + " ("
              + serverMessage
              + "). Check that spec.database.external.caSecret holds the CA"
              + " that signed it and, for verify-full, that it names "
              + target.host());
    }
    if (state.startsWith("08")) {
      return unreachable("ConnectionFailed", what + ": " + serverMessage);
    }
    return refused(
        "ConnectionRefusedByServer",
        what + ": " + serverMessage + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")"));
  }

  /** A TLS handshake or certificate check that failed: pods and Jobs would fail it the same way. */
  private static boolean tlsFailure(Throwable e) {
    for (var t = e; t != null; t = t.getCause()) {
      if (t instanceof javax.net.ssl.SSLException
          || t instanceof java.security.cert.CertificateException) {
        return true;
      }
      var message = String.valueOf(t.getMessage());
      if (message.contains("could not be verified by hostnameverifier")
          || message.startsWith("SSL error")) {
        return true;
      }
    }
    return false;
  }

  private static Throwable networkCause(Throwable e) {
    for (var t = e; t != null; t = t.getCause()) {
      if (t instanceof UnknownHostException
          || t instanceof ConnectException
          || t instanceof NoRouteToHostException
          || t instanceof SocketTimeoutException) {
        return t;
      }
    }
    return null;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    var line = message.lines().findFirst().orElse("");
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }

  private static CheckResult refused(String reason, String message) {
    return new CheckResult(Outcome.REFUSED, reason, message);
  }

  private static CheckResult unreachable(String reason, String message) {
    return new CheckResult(
        Outcome.UNREACHABLE,
        reason,
        message + "; not blocking: the pods may reach it from their own network");
  }
}
