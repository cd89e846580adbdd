package org.mathesar.operator.status;

import java.util.ArrayList;
import java.util.List;
import org.mathesar.operator.customresource.MathesarStatus;

/**
 * An API error while applying (a webhook or quota refusing an object, say), as the status shows it:
 * Degraded with the server's words. The exception text names the object and the server's reason,
 * never a Secret's content. Pure.
 */
public final class ApplyFailure {
  static final int MAX_MESSAGE = 500;

  private ApplyFailure() {}

  /** The status with Degraded=True/ApplyFailed, every other condition as it was. */
  public static MathesarStatus degraded(
      MathesarStatus status, Exception e, long generation, String now) {
    var message = String.valueOf(e.getMessage());
    if (message.length() > MAX_MESSAGE) {
      message = message.substring(0, MAX_MESSAGE) + "...";
    }
    var next =
        new ArrayList<>(
            status.getConditions().stream()
                .filter(c -> !Conditions.DEGRADED.equals(c.getType()))
                .toList());
    next.add(Conditions.of(Conditions.DEGRADED, Conditions.TRUE, "ApplyFailed", message));
    status.setConditions(
        Conditions.merge(List.copyOf(status.getConditions()), next, generation, now));
    return status;
  }
}
