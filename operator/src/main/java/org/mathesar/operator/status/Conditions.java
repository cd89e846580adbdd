package org.mathesar.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** metav1.Condition handling: the transition time moves only when the status does. */
public final class Conditions {
  public static final String READY = "Ready";
  public static final String DATABASE_READY = "DatabaseReady";
  public static final String PROGRESSING = "Progressing";
  public static final String DEGRADED = "Degraded";
  public static final String CONFIGURATION_WARNING = "ConfigurationWarning";

  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  private Conditions() {}

  public static Condition of(String type, String status, String reason, String message) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .build();
  }

  /**
   * The new conditions stamped with generation and time, keeping each previous lastTransitionTime
   * where the status did not change.
   */
  public static List<Condition> merge(
      List<Condition> previous, List<Condition> next, long generation, String now) {
    var merged = new ArrayList<Condition>();
    for (var c : next) {
      var before = find(previous, c.getType());
      var transition =
          before
              .filter(b -> Objects.equals(b.getStatus(), c.getStatus()))
              .map(Condition::getLastTransitionTime)
              .orElse(now);
      merged.add(
          new ConditionBuilder(c)
              .withObservedGeneration(generation)
              .withLastTransitionTime(transition)
              .build());
    }
    return merged;
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
  }

  /** Whether a condition reports a problem or warning the user should act on. */
  public static boolean isProblem(Condition c) {
    return (DEGRADED.equals(c.getType()) || CONFIGURATION_WARNING.equals(c.getType()))
        && TRUE.equals(c.getStatus());
  }

  /** Whether a condition in this state is bad news, which makes its Event a Warning. */
  public static boolean isAbnormal(Condition c) {
    return switch (c.getType()) {
      case DEGRADED, CONFIGURATION_WARNING -> TRUE.equals(c.getStatus());
      case READY, DATABASE_READY -> FALSE.equals(c.getStatus());
      default -> false;
    };
  }
}
