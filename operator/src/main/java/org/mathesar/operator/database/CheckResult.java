package org.mathesar.operator.database;

/**
 * What a connection attempt from the operator showed.
 *
 * @param reason the DatabaseReady reason
 * @param message for the condition; names the target and what failed, never a password
 * @param serverMajorVersion the server's PostgreSQL major version, when connected; else null
 */
public record CheckResult(
    Outcome outcome, String reason, String message, Integer serverMajorVersion) {

  public CheckResult(Outcome outcome, String reason, String message) {
    this(outcome, reason, message, null);
  }

  public enum Outcome {
    /** Connected, and the role owns the database (or is a superuser). */
    CONNECTED,
    /**
     * The server itself said no (authentication, missing database, TLS, ownership): pods and Jobs
     * would fail the same way, so nothing is run.
     */
    REFUSED,
    /**
     * No answer from a server (name not resolved, connection refused or timed out): the operator's
     * network may differ from the pods', so this does not block.
     */
    UNREACHABLE
  }
}
