package org.mathesar.operator.database;

import java.time.Duration;
import java.util.Optional;
import org.mathesar.operator.database.CheckResult.Outcome;

/** How often the operator connects to an external database again. Pure. */
public final class RecheckPolicy {
  /**
   * While every pod is ready the database evidently works; and a server that refused the operator
   * is not asked every few seconds (each attempt is a failed login on it): a change of the Secret
   * or the spec brings a new check at once, anything else waits this long.
   */
  public static final Duration CALM = Duration.ofMinutes(5);

  /** While pods are not ready, the operator's own check says whether the database is why. */
  public static final Duration UNHEALTHY = Duration.ofSeconds(10);

  /** A check usually answers in milliseconds; come back for it soon. */
  public static final Duration CHECK_POLL = Duration.ofSeconds(1);

  private RecheckPolicy() {}

  /** How old the last result may be before a new check. */
  public static Duration maxAge(boolean serving, Optional<CheckResult> last) {
    return serving || last.map(r -> r.outcome() == Outcome.REFUSED).orElse(false)
        ? CALM
        : UNHEALTHY;
  }

  /**
   * When the reconciliation should come back for a fresher answer; empty when nothing waits on one.
   */
  public static Optional<Duration> comeBackAfter(
      boolean serving, boolean checking, Optional<CheckResult> last) {
    if (checking) {
      return Optional.of(CHECK_POLL);
    }
    return serving ? Optional.empty() : Optional.of(maxAge(false, last));
  }
}
