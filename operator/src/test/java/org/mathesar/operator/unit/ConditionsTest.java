package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.status.Conditions;

class ConditionsTest {
  private static final String T1 = "2024-01-01T00:00:00Z";
  private static final String T2 = "2024-01-02T12:00:00Z";

  private static Condition only(List<Condition> conditions) {
    assertThat(conditions).hasSize(1);
    return conditions.get(0);
  }

  @Test
  void firstConditionIsStampedWithNowAndGeneration() {
    var merged =
        Conditions.merge(
            List.of(), List.of(Conditions.of("Ready", "False", "Creating", "m")), 3, T1);

    var c = only(merged);
    assertThat(c.getType()).isEqualTo("Ready");
    assertThat(c.getStatus()).isEqualTo("False");
    assertThat(c.getReason()).isEqualTo("Creating");
    assertThat(c.getMessage()).isEqualTo("m");
    assertThat(c.getLastTransitionTime()).isEqualTo(T1);
    assertThat(c.getObservedGeneration()).isEqualTo(3L);
  }

  @Test
  void nullPreviousListIsAccepted() {
    var merged =
        Conditions.merge(null, List.of(Conditions.of("Ready", "True", "Running", "m")), 1, T1);

    assertThat(only(merged).getLastTransitionTime()).isEqualTo(T1);
  }

  @Test
  void transitionTimeIsKeptWhenTheStatusIsUnchanged() {
    var previous =
        Conditions.merge(
            List.of(), List.of(Conditions.of("Ready", "False", "Creating", "a")), 1, T1);

    var merged =
        Conditions.merge(
            previous, List.of(Conditions.of("Ready", "False", "PodsNotReady", "b")), 2, T2);

    var c = only(merged);
    assertThat(c.getLastTransitionTime()).isEqualTo(T1);
    assertThat(c.getReason()).isEqualTo("PodsNotReady");
    assertThat(c.getMessage()).isEqualTo("b");
    assertThat(c.getObservedGeneration()).isEqualTo(2L);
  }

  @Test
  void transitionTimeMovesWhenTheStatusChanges() {
    var previous =
        Conditions.merge(
            List.of(), List.of(Conditions.of("Ready", "False", "Creating", "a")), 1, T1);

    var merged =
        Conditions.merge(previous, List.of(Conditions.of("Ready", "True", "Running", "b")), 1, T2);

    assertThat(only(merged).getLastTransitionTime()).isEqualTo(T2);
  }

  @Test
  void eachTypeIsMatchedWithItsOwnPrevious() {
    var previous =
        Conditions.merge(
            List.of(),
            List.of(
                Conditions.of("Ready", "False", "r", "m"),
                Conditions.of("Degraded", "False", "r", "m")),
            1,
            T1);

    var merged =
        Conditions.merge(
            previous,
            List.of(
                Conditions.of("Ready", "False", "r", "m"),
                Conditions.of("Degraded", "True", "r", "m")),
            1,
            T2);

    assertThat(merged).extracting(Condition::getType).containsExactly("Ready", "Degraded");
    assertThat(merged).extracting(Condition::getLastTransitionTime).containsExactly(T1, T2);
  }

  @Test
  void previousWithoutTransitionTimeGetsNow() {
    var previous = List.of(Conditions.of("Ready", "True", "Running", "m"));

    var merged =
        Conditions.merge(previous, List.of(Conditions.of("Ready", "True", "Running", "m")), 1, T2);

    assertThat(only(merged).getLastTransitionTime()).isEqualTo(T2);
  }

  @Test
  void conditionsNoLongerReportedAreDropped() {
    var previous =
        Conditions.merge(List.of(), List.of(Conditions.of("Old", "True", "r", "m")), 1, T1);

    var merged =
        Conditions.merge(previous, List.of(Conditions.of("Ready", "True", "r", "m")), 1, T2);

    assertThat(merged).extracting(Condition::getType).containsExactly("Ready");
  }

  @Test
  void mergeDoesNotModifyItsInputs() {
    var next = Conditions.of("Ready", "True", "Running", "m");

    Conditions.merge(List.of(), List.of(next), 5, T1);

    assertThat(next.getLastTransitionTime()).isNull();
    assertThat(next.getObservedGeneration()).isNull();
  }

  @Test
  void findAndIsTrue() {
    var list =
        List.of(
            Conditions.of("Ready", "True", "r", "m"), Conditions.of("Degraded", "False", "r", "m"));

    assertThat(Conditions.find(list, "Degraded")).map(Condition::getStatus).contains("False");
    assertThat(Conditions.find(list, "Missing")).isEmpty();
    assertThat(Conditions.find(null, "Ready")).isEmpty();
    assertThat(Conditions.isTrue(list, "Ready")).isTrue();
    assertThat(Conditions.isTrue(list, "Degraded")).isFalse();
    assertThat(Conditions.isTrue(list, "Missing")).isFalse();
  }

  @Test
  void abnormalConditions() {
    assertThat(Conditions.isAbnormal(Conditions.of("Degraded", "True", "r", "m"))).isTrue();
    assertThat(Conditions.isAbnormal(Conditions.of("Degraded", "False", "r", "m"))).isFalse();
    assertThat(Conditions.isAbnormal(Conditions.of("ConfigurationWarning", "True", "r", "m")))
        .isTrue();
    assertThat(Conditions.isAbnormal(Conditions.of("Ready", "False", "r", "m"))).isTrue();
    assertThat(Conditions.isAbnormal(Conditions.of("Ready", "True", "r", "m"))).isFalse();
    assertThat(Conditions.isAbnormal(Conditions.of("DatabaseReady", "False", "r", "m"))).isTrue();
    assertThat(Conditions.isAbnormal(Conditions.of("DatabaseReady", "Unknown", "r", "m")))
        .isFalse();
    assertThat(Conditions.isAbnormal(Conditions.of("Progressing", "True", "r", "m"))).isFalse();
  }
}
