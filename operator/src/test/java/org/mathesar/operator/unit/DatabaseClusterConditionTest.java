package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.MathesarStatus;
import org.mathesar.operator.status.ApplyFailure;
import org.mathesar.operator.status.Conditions;
import org.mathesar.operator.status.DatabaseClusterCondition;
import org.mathesar.operator.status.DatabaseClusterCondition.Readiness;

class DatabaseClusterConditionTest {
  @Test
  void aClusterIsReadyOnlyWithItsApplicationSecret() {
    assertThat(of(Optional.empty(), false))
        .extracting(Condition::getStatus, Condition::getReason)
        .containsExactly("False", "ClusterNotReady");
    assertThat(of(Optional.of(new Readiness(false, "0/1 instances ready")), true).getMessage())
        .isEqualTo("CloudNativePG Cluster demo-db: 0/1 instances ready");
    assertThat(of(Optional.of(new Readiness(true, "1/1")), false))
        .extracting(Condition::getStatus, Condition::getReason)
        .containsExactly("False", "AppSecretMissing");
    assertThat(of(Optional.of(new Readiness(true, "1/1")), true))
        .extracting(Condition::getStatus, Condition::getReason)
        .containsExactly("True", "ClusterReady");
  }

  @Test
  void aClusterOlderThanTheTargetReleaseSupportsIsRefusedBeforeAnyMigration() {
    var ready = of(Optional.of(new Readiness(true, "1/1")), true);
    var refused = DatabaseClusterCondition.preflight(ready, "demo-db", Optional.of(13), "0.11.0");
    assertThat(refused)
        .extracting(Condition::getStatus, Condition::getReason)
        .containsExactly("False", "PostgresVersionUnsupported");
    assertThat(refused.getMessage())
        .isEqualTo(
            "CloudNativePG Cluster demo-db runs PostgreSQL 13: Mathesar 0.11.0 needs PostgreSQL 14"
                + " or newer, so no migration runs; upgrade the Cluster's major version first"
                + " (spec.database.cloudNativePG.imageName, CloudNativePG's major upgrade), or"
                + " keep the version that runs");
    assertThat(DatabaseClusterCondition.preflight(ready, "demo-db", Optional.of(13), "0.7.0"))
        .as("before 0.8, 13 was supported")
        .isSameAs(ready);
    assertThat(DatabaseClusterCondition.preflight(ready, "demo-db", Optional.of(17), "0.11.0"))
        .isSameAs(ready);
    assertThat(DatabaseClusterCondition.preflight(ready, "demo-db", Optional.empty(), "0.11.0"))
        .as("a CloudNativePG that does not say")
        .isSameAs(ready);
    var notReady = of(Optional.empty(), false);
    assertThat(DatabaseClusterCondition.preflight(notReady, "demo-db", Optional.of(13), "0.11.0"))
        .as("not ready says why first")
        .isSameAs(notReady);
  }

  @Test
  void anApplyFailureIsDegradedWithTheServersWordsShortenedAndKeepsTheOtherConditions() {
    var status = new MathesarStatus();
    status.setConditions(
        List.of(Conditions.of(Conditions.READY, Conditions.TRUE, "Running", "version 0.11.0")));
    var degraded =
        ApplyFailure.degraded(
            status, new IllegalStateException("x".repeat(600)), 3, "2026-12-04T00:00:00Z");

    assertThat(degraded.getConditions())
        .extracting(Condition::getType)
        .containsExactlyInAnyOrder("Ready", "Degraded");
    var condition = Conditions.find(degraded.getConditions(), Conditions.DEGRADED).orElseThrow();
    assertThat(condition.getReason()).isEqualTo("ApplyFailed");
    assertThat(condition.getMessage()).hasSize(503).endsWith("...");
    assertThat(condition.getObservedGeneration()).isEqualTo(3L);
  }

  private static Condition of(Optional<Readiness> readiness, boolean appSecretExists) {
    return DatabaseClusterCondition.of("demo-db", readiness, "demo-db-app", appSecretExists);
  }
}
