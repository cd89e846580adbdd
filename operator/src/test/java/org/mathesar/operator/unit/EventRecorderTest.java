package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.events.EventRecorder;
import org.mathesar.operator.status.Conditions;

/** Which condition changes get an Event: news, not every step of a healthy install twice. */
class EventRecorderTest {
  private static Optional<Condition> was(String type, String status, String reason) {
    return Optional.of(Conditions.of(type, status, reason, "before"));
  }

  private static Condition now(String type, String status, String reason) {
    return Conditions.of(type, status, reason, "now");
  }

  @Test
  void aNewInstanceStartingNotReadyIsNotNews() {
    assertThat(EventRecorder.isNews(Optional.empty(), now("Ready", "False", "Migrating")))
        .isFalse();
    assertThat(EventRecorder.isNews(Optional.empty(), now("Progressing", "True", "Migrating")))
        .isFalse();
  }

  @Test
  void aFirstProblemOrWarningIs() {
    assertThat(
            EventRecorder.isNews(
                Optional.empty(), now("Degraded", "True", "CredentialsSecretNotFound")))
        .isTrue();
    assertThat(
            EventRecorder.isNews(
                Optional.empty(), now("ConfigurationWarning", "True", "EnvOverrideIgnored")))
        .isTrue();
  }

  @Test
  void readinessIsNewsOnlyWhenLost() {
    assertThat(
            EventRecorder.isNews(
                was("Ready", "True", "Running"), now("Ready", "False", "PodsNotReady")))
        .isTrue();
    // the steps of an install; the phase Events and Progressing tell them
    assertThat(
            EventRecorder.isNews(
                was("Ready", "False", "CreatingAdmin"), now("Ready", "False", "PodsNotReady")))
        .isFalse();
    // becoming ready is the phase Event Running
    assertThat(
            EventRecorder.isNews(
                was("Ready", "False", "PodsNotReady"), now("Ready", "True", "Running")))
        .isFalse();
  }

  @Test
  void progressStepsAreInTheStatusNotInEvents() {
    assertThat(
            EventRecorder.isNews(
                was("Progressing", "True", "Migrating"),
                now("Progressing", "True", "CreatingAdmin")))
        .isFalse();
    assertThat(
            EventRecorder.isNews(
                was("Progressing", "False", "Complete"), now("Progressing", "True", "Upgrading")))
        .isFalse();
    assertThat(
            EventRecorder.isNews(
                was("Progressing", "True", "RollingOut"), now("Progressing", "False", "Complete")))
        .isFalse();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(
      nullValues = "null",
      value = {
        "null, Pending, false", "null, Migrating, false", "Migrating, Provisioning, false",
            "Provisioning, Running, true",
        "Running, Upgrading, true", "Upgrading, Running, true", "Running, Degraded, true",
            "Degraded, Running, true",
        "null, Failed, true", "Failed, Migrating, false", "Running, Running, false"
      })
  void phasesAreNewsWhereAUserActsOrWaits(
      org.mathesar.operator.customresource.Phase before,
      org.mathesar.operator.customresource.Phase after,
      boolean news) {
    assertThat(EventRecorder.isNews(before, after)).isEqualTo(news);
  }

  @Test
  void otherConditionsAreNewsOnEveryChangeOfStatusOrReason() {
    assertThat(
            EventRecorder.isNews(
                was("DatabaseReady", "True", "ClusterReady"),
                now("DatabaseReady", "False", "ClusterNotReady")))
        .isTrue();
    assertThat(
            EventRecorder.isNews(
                was("Degraded", "True", "MigrationFailed"), now("Degraded", "False", "AsExpected")))
        .isTrue();
    assertThat(EventRecorder.isNews(was("Degraded", "True", "A"), now("Degraded", "True", "B")))
        .isTrue();
  }

  @Test
  void anUnchangedConditionIsNever() {
    // a new message alone (replica counts) is not a transition
    assertThat(
            EventRecorder.isNews(
                was("Degraded", "True", "MigrationFailed"),
                now("Degraded", "True", "MigrationFailed")))
        .isFalse();
    assertThat(
            EventRecorder.isNews(
                was("Progressing", "True", "RollingOut"), now("Progressing", "True", "RollingOut")))
        .isFalse();
  }
}
