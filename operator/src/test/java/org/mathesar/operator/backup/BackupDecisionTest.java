package org.mathesar.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.backup.BackupDecision.Action;
import org.mathesar.operator.backup.BackupDecision.Observation;
import org.mathesar.operator.customresource.BackupPhase;
import org.mathesar.operator.validation.SpecProblem;

class BackupDecisionTest {
  private static final SpecProblem NO_CLAIM =
      new SpecProblem("TargetClaimNotFound", "spec.target.persistentVolumeClaim.claimName", "x");

  private static BackupDecision decide(
      BackupPhase phase,
      List<SpecProblem> problems,
      boolean migrated,
      boolean keys,
      BackupJobState job) {
    return BackupDecision.decide(new Observation(phase, problems, migrated, keys, job));
  }

  @Test
  void aNewBackupOfAMigratedInstanceCopiesTheKeysThenStartsItsJob() {
    var d = decide(null, List.of(), true, false, new BackupJobState.Absent());
    assertThat(d.actions()).containsExactly(Action.COPY_KEYS, Action.CREATE_JOB);
    assertThat(d.phase()).isEqualTo(BackupPhase.Running);
    assertThat(d.reason()).isEqualTo("BackupRunning");
    // Keys copied by an earlier try whose Job creation failed: not copied twice.
    assertThat(decide(null, List.of(), true, true, new BackupJobState.Absent()).actions())
        .containsExactly(Action.CREATE_JOB);
  }

  @Test
  void problemsAndAnUnmigratedInstanceWaitWithoutActing() {
    var refused = decide(null, List.of(NO_CLAIM), true, false, new BackupJobState.Absent());
    assertThat(refused.actions()).isEmpty();
    assertThat(refused.phase()).isEqualTo(BackupPhase.Pending);
    assertThat(refused.reason()).isEqualTo("TargetClaimNotFound");
    assertThat(refused.message()).startsWith("spec.target.persistentVolumeClaim.claimName: ");
    var waiting = decide(BackupPhase.Pending, List.of(), false, false, new BackupJobState.Absent());
    assertThat(waiting.actions()).isEmpty();
    assertThat(waiting.reason()).isEqualTo("InstanceNotReady");
  }

  @Test
  void theJobDecidesOnceItExistsWhateverTheSpecSaysNow() {
    var running =
        decide(BackupPhase.Running, List.of(NO_CLAIM), true, true, new BackupJobState.Running());
    assertThat(running.actions()).isEmpty();
    assertThat(running.phase()).isEqualTo(BackupPhase.Running);
    var done =
        decide(
            BackupPhase.Running,
            List.of(),
            true,
            true,
            new BackupJobState.Succeeded(
                Optional.of(new BackupJobResult(2048, 10240)), "2026-12-06T10:00:00Z"));
    assertThat(done.phase()).isEqualTo(BackupPhase.Completed);
    assertThat(done.message()).contains("2048 bytes", "10240 bytes");
    var failed =
        decide(
            BackupPhase.Running,
            List.of(),
            true,
            true,
            new BackupJobState.Failed("pg_dump: error: connection refused", null));
    assertThat(failed.phase()).isEqualTo(BackupPhase.Failed);
    assertThat(failed.reason()).isEqualTo("BackupFailed");
    assertThat(failed.message()).contains("connection refused");
  }

  @Test
  void aJobGoneBeforeItEndedFailsTheBackupRatherThanRunningItAgain() {
    var d = decide(BackupPhase.Running, List.of(), true, true, new BackupJobState.Absent());
    assertThat(d.actions()).isEmpty();
    assertThat(d.phase()).isEqualTo(BackupPhase.Failed);
    assertThat(d.reason()).isEqualTo("JobDeleted");
  }

  @Test
  void aFinalPhaseIsNeverLeft() {
    for (var phase : List.of(BackupPhase.Completed, BackupPhase.Failed)) {
      var d = decide(phase, List.of(NO_CLAIM), true, false, new BackupJobState.Absent());
      assertThat(d.actions()).isEmpty();
      assertThat(d.phase()).isEqualTo(phase);
      assertThat(d.isFinal()).isTrue();
      assertThat(d.reason()).as("nothing to report: the status is kept").isNull();
    }
  }
}
