package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mathesar.operator.customresource.BackupPhase;
import org.mathesar.operator.desired.ObjectNames;
import org.mathesar.operator.schedule.CronSchedule;
import org.mathesar.operator.schedule.ScheduledBackupPlan;
import org.mathesar.operator.schedule.ScheduledBackupPlan.Scheduled;

/** spec.backup.schedule: the cron syntax, which slot is due, and the retention. */
class ScheduledBackupPlanTest {
  private static Instant at(String iso) {
    return Instant.parse(iso);
  }

  @ParameterizedTest(name = "{0} at {1}: previous {2}, next {3}")
  @CsvSource({
    "0 3 * * *,      2026-12-07T05:28:10Z, 2026-12-07T03:00:00Z, 2026-12-08T03:00:00Z",
    "@daily,         2026-12-07T00:00:00Z, 2026-12-07T00:00:00Z, 2026-12-08T00:00:00Z",
    "*/15 * * * *,   2026-12-07T05:31:00Z, 2026-12-07T05:30:00Z, 2026-12-07T05:45:00Z",
    "0 0 * * sun,    2026-12-07T05:00:00Z, 2026-12-06T00:00:00Z, 2026-12-13T00:00:00Z",
    "30 2 1 jan-mar *, 2026-12-07T05:00:00Z, 2026-03-01T02:30:00Z, 2027-01-01T02:30:00Z",
    "0 12 29 2 *,    2026-12-07T05:00:00Z, 2024-02-29T12:00:00Z, 2028-02-29T12:00:00Z",
    "0 0 13 * 5,     2026-12-07T05:00:00Z, 2026-12-04T00:00:00Z, 2026-12-11T00:00:00Z",
    "0 9-17/4 * * 1-5, 2026-12-07T10:00:00Z, 2026-12-07T09:00:00Z, 2026-12-07T13:00:00Z"
  })
  void slotsFollowCronJobSyntaxInUtc(String cron, String now, String previous, String next) {
    var schedule = CronSchedule.parse(cron);
    assertThat(schedule.previous(at(now))).contains(at(previous));
    assertThat(schedule.next(at(now))).contains(at(next));
  }

  @Test
  void aScheduleThatIsNotOneSaysWhy() {
    assertThatThrownBy(() -> CronSchedule.parse("0 3 * *"))
        .hasMessageContaining("has 4 fields; a schedule has five");
    assertThatThrownBy(() -> CronSchedule.parse("61 * * * *"))
        .hasMessageContaining("minute")
        .hasMessageContaining("'61' is not 0 to 59");
    assertThatThrownBy(() -> CronSchedule.parse("0 0 31 2 *")).hasMessageContaining("never");
    assertThatThrownBy(() -> CronSchedule.parse("0 5-1 * * *")).hasMessageContaining("backwards");
  }

  private static final CronSchedule DAILY = CronSchedule.parse("0 3 * * *");

  @Test
  void theSlotThatJustCameIsBackedUpOnce() {
    var now = at("2026-12-07T03:04:00Z");
    var plan = ScheduledBackupPlan.plan(DAILY, 7, now, true, List.of());
    assertThat(plan.create()).contains(at("2026-12-07T03:00:00Z"));
    assertThat(plan.next()).contains(at("2026-12-08T03:00:00Z"));

    var made = new Scheduled("demo-20261207-0300", at("2026-12-07T03:00:00Z"), null);
    assertThat(ScheduledBackupPlan.plan(DAILY, 7, now, true, List.of(made)).create()).isEmpty();
  }

  @Test
  void aSlotMissedForLongerThanTheDeadlineOrBeforeTheFirstMigrationIsSkipped() {
    assertThat(
            ScheduledBackupPlan.plan(DAILY, 7, at("2026-12-07T03:11:00Z"), true, List.of())
                .create())
        .isEmpty();
    assertThat(
            ScheduledBackupPlan.plan(DAILY, 7, at("2026-12-07T03:01:00Z"), false, List.of())
                .create())
        .isEmpty();
  }

  @Test
  void retentionKeepsTheNewestCompletedAndNeverDeletesOneThatRuns() {
    var backups =
        List.of(
            new Scheduled("d5", at("2026-12-05T03:00:00Z"), BackupPhase.Completed),
            new Scheduled("d6", at("2026-12-06T03:00:00Z"), BackupPhase.Failed),
            new Scheduled("d7", at("2026-12-07T03:00:00Z"), BackupPhase.Running),
            new Scheduled("d3", at("2026-12-03T03:00:00Z"), BackupPhase.Completed),
            new Scheduled("d4", at("2026-12-04T03:00:00Z"), BackupPhase.Completed),
            new Scheduled("d2", at("2026-12-02T03:00:00Z"), BackupPhase.Failed));
    var plan = ScheduledBackupPlan.plan(DAILY, 2, at("2026-12-07T09:00:00Z"), true, backups);
    assertThat(plan.delete()).containsExactly("d3", "d2");
    assertThat(
            ScheduledBackupPlan.plan(DAILY, 7, at("2026-12-07T09:00:00Z"), true, backups).delete())
        .isEmpty();
  }

  @Test
  void theBackupOfASlotIsNamedAfterItAndFitsAlsoForTheLongestInstanceName() {
    var slot = at("2026-12-07T03:00:00Z");
    assertThat(ObjectNames.scheduledBackup(TestResources.mathesar("shop"), slot))
        .isEqualTo("shop-20261207-0300");
    var longest = "a".repeat(org.mathesar.operator.validation.SpecValidator.MAX_NAME_LENGTH);
    var name = ObjectNames.scheduledBackup(TestResources.mathesar(longest), slot);
    assertThat(name).hasSizeLessThanOrEqualTo(56).endsWith("-20261207-0300");
    assertThat(name)
        .isNotEqualTo(
            ObjectNames.scheduledBackup(TestResources.mathesar("a".repeat(44) + "b"), slot));
  }

  @Test
  void theSpecIsChecked() {
    var m = TestResources.mathesar();
    var backup = new org.mathesar.operator.customresource.InstanceBackupSpec();
    backup.setSchedule("every night");
    m.getSpec().setBackup(backup);
    assertThat(org.mathesar.operator.validation.BackupScheduleValidator.validate(m))
        .extracting(org.mathesar.operator.validation.SpecProblem::reason)
        .containsExactly("InvalidBackupSchedule", "BackupScheduleNeedsTarget");
  }

  @Test
  void theInstancesTargetIsOneKindOfStorageWithOrWithoutASchedule() {
    var m = TestResources.mathesar();
    var backup = new org.mathesar.operator.customresource.InstanceBackupSpec();
    var target = new org.mathesar.operator.customresource.BackupTarget();
    backup.setTarget(target);
    m.getSpec().setBackup(backup);
    assertThat(org.mathesar.operator.validation.BackupScheduleValidator.validate(m))
        .extracting(
            org.mathesar.operator.validation.SpecProblem::reason,
            org.mathesar.operator.validation.SpecProblem::field)
        .containsExactly(
            org.assertj.core.api.Assertions.tuple("BackupTargetInvalid", "spec.backup.target"));
    target.setS3(new org.mathesar.operator.customresource.S3Target());
    assertThat(org.mathesar.operator.validation.BackupScheduleValidator.validate(m)).isEmpty();
    target.setPersistentVolumeClaim(
        new org.mathesar.operator.customresource.ClaimRef("mathesar-backups"));
    assertThat(org.mathesar.operator.validation.BackupScheduleValidator.validate(m))
        .extracting(org.mathesar.operator.validation.SpecProblem::reason)
        .containsExactly("BackupTargetInvalid");
  }
}
