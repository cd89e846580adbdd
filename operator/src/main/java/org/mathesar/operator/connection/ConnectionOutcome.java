package org.mathesar.operator.connection;

import org.mathesar.operator.rpc.MathesarApi;

/**
 * How one reconciliation ended, as plain data for {@link ConnectionStatus}.
 *
 * @param connected Mathesar's objects for the database, when it lists it
 * @param desired the connection it was after, when the spec was valid
 */
public record ConnectionOutcome(
    boolean ready,
    String reason,
    String message,
    DesiredConnection desired,
    String instanceUid,
    MathesarApi.Connected connected) {

  public static ConnectionOutcome ready(
      DesiredConnection desired,
      String instanceUid,
      MathesarApi.Connected connected,
      String message) {
    return new ConnectionOutcome(true, "Connected", message, desired, instanceUid, connected);
  }

  /** Not connected, or not known to be: what the status recorded before stays. */
  public static ConnectionOutcome notReady(String reason, String message) {
    return new ConnectionOutcome(false, reason, message, null, null, null);
  }

  /** A failure while Mathesar lists the database (a wrong password after a rotation, say). */
  public static ConnectionOutcome failed(
      String reason,
      String message,
      DesiredConnection desired,
      String instanceUid,
      MathesarApi.Connected connected) {
    return new ConnectionOutcome(false, reason, message, desired, instanceUid, connected);
  }
}
