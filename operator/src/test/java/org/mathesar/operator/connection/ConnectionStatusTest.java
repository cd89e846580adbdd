package org.mathesar.operator.connection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mathesar.operator.rpc.MathesarApi.Connected;
import org.mathesar.operator.rpc.MathesarApi.Database;

class ConnectionStatusTest {
  static final Connected CONNECTED =
      new Connected(
          ConnectionPlannerTest.SERVER,
          new Database(3, "sales", 1, null, false),
          ConnectionPlannerTest.ROLE);

  @Test
  void theSameOutcomeGivesTheSameStatus() {
    var db = ConnectionSpecValidatorTest.db("sales", "sales", null);
    db.getMetadata().setGeneration(2L);
    var desired = ConnectionPlannerTest.desired("41", false, null);
    var first =
        ConnectionStatus.of(
            db,
            ConnectionOutcome.ready(desired, "uid-1", CONNECTED, "listed"),
            "2026-12-04T10:00:00Z");
    assertThat(first.getDatabaseId()).isEqualTo(3);
    assertThat(first.getConfiguredRoleId()).isEqualTo(7);
    assertThat(first.getCredentialsVersion()).isEqualTo("41");
    assertThat(first.getConnection()).isEqualTo("pg.shop:5432/sales");
    assertThat(first.getObservedGeneration()).isEqualTo(2);
    db.setStatus(first);
    var again =
        ConnectionStatus.of(
            db,
            ConnectionOutcome.ready(desired, "uid-1", CONNECTED, "listed"),
            "2026-12-04T10:05:00Z");
    assertThat(again).isEqualTo(first);
  }

  @Test
  void aRefusedPasswordIsNotRecordedAsPushed() {
    var db = ConnectionSpecValidatorTest.db("sales", "sales", null);
    var desired = ConnectionPlannerTest.desired("41", false, null);
    db.setStatus(
        ConnectionStatus.of(
            db, ConnectionOutcome.ready(desired, "uid-1", CONNECTED, "listed"), "t1"));
    var rotated = ConnectionPlannerTest.desired("42", false, null);
    var failed =
        ConnectionStatus.of(
            db,
            ConnectionOutcome.failed("AuthenticationFailed", "no", rotated, "uid-1", CONNECTED),
            "t2");
    assertThat(failed.getCredentialsVersion()).isEqualTo("41");
    assertThat(failed.getConditions())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("AuthenticationFailed");
              assertThat(c.getLastTransitionTime()).isEqualTo("t2");
            });
  }

  @Test
  void aWaitKeepsWhatWasRecorded() {
    var db = ConnectionSpecValidatorTest.db("sales", "sales", null);
    db.setStatus(
        ConnectionStatus.of(
            db,
            ConnectionOutcome.ready(
                ConnectionPlannerTest.desired("41", false, null), "uid-1", CONNECTED, "listed"),
            "t1"));
    var waiting =
        ConnectionStatus.of(db, ConnectionOutcome.notReady("InstanceNotReady", "rolling"), "t2");
    assertThat(waiting.getDatabaseId()).isEqualTo(3);
    assertThat(waiting.getConnection()).isEqualTo("pg.shop:5432/sales");
  }
}
