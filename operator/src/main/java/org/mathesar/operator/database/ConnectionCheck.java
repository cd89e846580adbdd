package org.mathesar.operator.database;

import java.sql.SQLException;
import java.util.Properties;
import org.mathesar.operator.database.CheckResult.Outcome;

/**
 * Connects to an external database the way Mathesar will (PostgreSQL JDBC, same host, database,
 * role, password and sslmode) with short timeouts, and turns what happened into a {@link
 * CheckResult}. What a failure means is decided by {@link ConnectionCheckClassifier}, which is
 * tested without a server.
 */
public final class ConnectionCheck {
  static final int CONNECT_TIMEOUT_SECONDS = 3;
  static final int SOCKET_TIMEOUT_SECONDS = 5;

  private static final String OWNS_DATABASE =
      "select d.datdba = r.oid or r.rolsuper from pg_database d, pg_roles r"
          + " where d.datname = current_database() and r.rolname = current_user";

  private ConnectionCheck() {}

  public static CheckResult run(ConnectionTarget target) {
    var props = new Properties();
    props.setProperty("user", target.username());
    props.setProperty("password", target.password());
    props.setProperty("sslmode", target.sslMode());
    if (target.caCertificate() != null) {
      // The CA from the user's Secret, as the pods' PGSSLROOTCERT file; verify-full also checks the
      // host name.
      props.setProperty("sslfactory", "org.postgresql.ssl.SingleCertValidatingFactory");
      props.setProperty("sslfactoryarg", target.caCertificate());
    }
    props.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
    props.setProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT_SECONDS));
    props.setProperty("loginTimeout", String.valueOf(SOCKET_TIMEOUT_SECONDS));
    props.setProperty("ApplicationName", "mathesar-operator connection check");
    var url =
        "jdbc:postgresql://"
            + hostForUrl(target.host())
            + ":"
            + target.port()
            + "/"
            + target.database();
    try (var connection = new org.postgresql.Driver().connect(url, props)) {
      if (connection == null) {
        return new CheckResult(
            Outcome.UNREACHABLE, "CheckFailed", target.describe() + ": the driver refused the URL");
      }
      try (var statement = connection.createStatement();
          var rs = statement.executeQuery(OWNS_DATABASE)) {
        if (rs.next() && !rs.getBoolean(1)) {
          return new CheckResult(
              Outcome.REFUSED,
              "NotDatabaseOwner",
              target.describe()
                  + ": connected, but the role does not own the database; Mathesar's migrations need it to."
                  + " On the server: ALTER DATABASE \""
                  + target.database()
                  + "\" OWNER TO \""
                  + target.username()
                  + "\"");
        }
      }
      var major = connection.getMetaData().getDatabaseMajorVersion();
      return new CheckResult(
          Outcome.CONNECTED,
          "Connected",
          "connected to "
              + target.describe()
              + " (PostgreSQL "
              + major
              + ", sslmode "
              + target.sslMode()
              + "); the role owns the database",
          major);
    } catch (SQLException e) {
      return ConnectionCheckClassifier.classify(target, e);
    } catch (RuntimeException e) {
      return new CheckResult(
          Outcome.UNREACHABLE,
          "CheckFailed",
          target.describe() + ": " + e.getClass().getSimpleName());
    }
  }

  private static String hostForUrl(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
