package org.mathesar.operator.database;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where and as whom the operator connects to check an external database. The password never leaves
 * this object: not in {@link #toString()}, not in any result.
 */
public record ConnectionTarget(
    String host,
    int port,
    String database,
    String username,
    String password,
    String sslMode,
    String caCertificate) {

  public ConnectionTarget(
      String host, int port, String database, String username, String password, String sslMode) {
    this(host, port, database, username, password, sslMode, null);
  }

  /**
   * The host as the pods resolve it: a name without a dot is a Service in the instance's own
   * namespace (the pods' DNS search path starts there), which the operator, running elsewhere,
   * would otherwise look up in its own namespace.
   */
  public static String hostAsPodsSee(String host, String namespace) {
    return host.indexOf('.') < 0 && !host.equals("localhost")
        ? host + "." + namespace + ".svc"
        : host;
  }

  /**
   * Identifies the target, password included, without revealing it: a new password means a new
   * check.
   */
  public String fingerprint() {
    try {
      var digest = MessageDigest.getInstance("SHA-256");
      for (var part :
          new String[] {
            host, String.valueOf(port), database, username, password, sslMode, caCertificate
          }) {
        digest.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest(), 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public String describe() {
    return host + ":" + port + "/" + database + " as " + username;
  }

  @Override
  public String toString() {
    return "ConnectionTarget[" + describe() + ", sslmode " + sslMode + "]";
  }
}
