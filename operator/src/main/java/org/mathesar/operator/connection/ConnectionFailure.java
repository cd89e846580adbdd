package org.mathesar.operator.connection;

import java.util.Optional;
import org.mathesar.operator.database.CheckResult;
import org.mathesar.operator.rpc.RpcException;

/**
 * Why Mathesar could not connect the database, as a condition reason and message. Pure.
 *
 * <p>Mathesar reports a failed PostgreSQL connection as little more than "OperationalError" (its
 * RPC handler quotes psycopg's diagnostics, which a failure to connect does not fill in), so the
 * reason comes from the operator's own connection with the same host, role and password where
 * Mathesar's words do not say it.
 */
public final class ConnectionFailure {
  public static final String AUTHENTICATION_FAILED = "AuthenticationFailed";
  public static final String DATABASE_NOT_FOUND = "DatabaseNotFound";
  public static final String CONNECTION_REFUSED = "ConnectionRefused";
  public static final String TLS_REQUIRED = "TLSRequired";
  public static final String TLS_NOT_SUPPORTED = "TLSNotSupported";
  public static final String PERMISSION_DENIED = "PermissionDenied";
  public static final String MATHESAR_ERROR = "MathesarError";

  private ConnectionFailure() {}

  public record Failure(String reason, String message) {}

  /** Whether the operator's own connection can tell more than Mathesar said. */
  public static boolean worthCheckingOurselves(RpcException e) {
    return e.kind() == RpcException.Kind.METHOD && fromMathesar(e.getMessage()).isEmpty();
  }

  public static Failure of(
      RpcException e, Optional<CheckResult> ownCheck, DesiredConnection desired) {
    var said = "Mathesar answered " + e.method() + " with \"" + firstLine(e.getMessage()) + "\"";
    var fromWords = fromMathesar(e.getMessage());
    if (fromWords.isPresent()) {
      return new Failure(fromWords.get(), said + ". " + advice(fromWords.get(), desired));
    }
    if (ownCheck.isPresent()) {
      var check = ownCheck.get();
      var reason = fromCheck(check);
      if (reason.isPresent()) {
        return new Failure(
            reason.get(),
            said
                + "; the operator's own connection: "
                + whatHappened(check.message())
                + ". "
                + advice(reason.get(), desired));
      }
    }
    return new Failure(MATHESAR_ERROR, said + ". Check the database and the instance's logs");
  }

  /** The reason in psycopg's and PostgreSQL's own words, where Mathesar passed them on. */
  static Optional<String> fromMathesar(String message) {
    var m = message == null ? "" : message;
    if (m.contains("password authentication failed")) {
      return Optional.of(AUTHENTICATION_FAILED);
    }
    if (m.contains("no encryption") && m.contains("pg_hba.conf")) {
      return Optional.of(TLS_REQUIRED);
    }
    if (m.contains("does not support SSL")) {
      return Optional.of(TLS_NOT_SUPPORTED);
    }
    if (m.contains("database \"") && m.contains("does not exist")) {
      return Optional.of(DATABASE_NOT_FOUND);
    }
    if (m.contains("Connection refused")
        || m.contains("could not translate host name")
        || m.contains("Name or service not known")
        || m.contains("timeout expired")) {
      return Optional.of(CONNECTION_REFUSED);
    }
    if (m.contains("permission denied to create database") || m.contains("InsufficientPrivilege")) {
      return Optional.of(PERMISSION_DENIED);
    }
    return Optional.empty();
  }

  static Optional<String> fromCheck(CheckResult check) {
    var message = check.message() == null ? "" : check.message();
    return switch (check.reason()) {
      case "AuthenticationFailed" ->
          Optional.of(message.contains("no encryption") ? TLS_REQUIRED : AUTHENTICATION_FAILED);
      case "DatabaseNotFound" -> Optional.of(DATABASE_NOT_FOUND);
      case "TlsNotSupported" -> Optional.of(TLS_NOT_SUPPORTED);
      case "HostNotFound", "ConnectionRefused", "ConnectionTimedOut", "ConnectionFailed" ->
          Optional.of(CONNECTION_REFUSED);
      default -> Optional.empty();
    };
  }

  static String advice(String reason, DesiredConnection d) {
    return switch (reason) {
      case AUTHENTICATION_FAILED ->
          "Check the password in Secret "
              + d.credentialsSecret()
              + " (key "
              + d.passwordKey()
              + ") against role "
              + d.role()
              + " on the server; a corrected Secret is pushed to Mathesar at once";
      case DATABASE_NOT_FOUND ->
          "Create database "
              + d.database()
              + " on "
              + d.host()
              + ", fix spec.database,"
              + " or set spec.create: true to let Mathesar create it on its own server";
      case CONNECTION_REFUSED ->
          "Check spec.host and spec.port ("
              + d.host()
              + ":"
              + d.port()
              + ") as Mathesar's pods"
              + " reach them, and that the server is up";
      case TLS_REQUIRED ->
          "The server accepts only TLS connections: set spec.sslMode to require or prefer";
      case TLS_NOT_SUPPORTED ->
          "The server offers no TLS: enable it on the server, or set spec.sslMode to prefer"
              + " or disable if clear text is acceptable";
      case PERMISSION_DENIED ->
          "Role " + d.role() + " lacks a privilege the call needs (create: true needs CREATEDB)";
      default -> "";
    };
  }

  /** The check's account without its advice, which is written for a Mathesar's own database. */
  static String whatHappened(String message) {
    var m = message == null ? "" : message;
    var end = m.indexOf(". ");
    return end < 0 ? m : m.substring(0, end);
  }

  private static String firstLine(String message) {
    if (message == null || message.isBlank()) {
      return "";
    }
    var line = message.strip().lines().findFirst().orElse("");
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
