package org.mathesar.operator.connection;

import java.util.List;

/**
 * A MathesarDatabase with its defaults applied and its instance's facts filled in: what Mathesar
 * should list. No password: that is read at the edge only when a call sends it.
 *
 * @param host the server as Mathesar's pods reach it (for create: the instance's POSTGRES_HOST)
 * @param credentialsSecret the Secret holding the role's password
 * @param credentialsVersion that Secret's resourceVersion: a new one means a password to push
 * @param create whether Mathesar makes the database on its own server (create_new)
 */
public record DesiredConnection(
    String host,
    int port,
    String database,
    String role,
    String sslMode,
    String nickname,
    boolean create,
    List<String> sampleData,
    String credentialsSecret,
    String usernameKey,
    String passwordKey,
    String credentialsVersion) {

  /** host:port/database, as status.connection shows it. */
  public String identity() {
    return host + ":" + port + "/" + database;
  }

  /**
   * The same database of the same server, as Mathesar records them (its Server is host and port).
   */
  public boolean sameDatabase(String otherHost, Integer otherPort, String otherDatabase) {
    return host.equals(otherHost)
        && otherPort != null
        && port == otherPort
        && database.equals(otherDatabase);
  }
}
