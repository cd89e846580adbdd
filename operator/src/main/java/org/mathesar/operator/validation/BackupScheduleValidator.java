package org.mathesar.operator.validation;

import java.util.ArrayList;
import java.util.List;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.schedule.CronSchedule;

/**
 * spec.backup: one kind of target; a schedule in cron syntax, with a target to write to. Pure. (The
 * credentials of a bucket are checked by each MathesarBackup, which reports on itself.)
 */
public final class BackupScheduleValidator {
  private BackupScheduleValidator() {}

  public static List<SpecProblem> validate(Mathesar m) {
    var backup = m.getSpec() == null ? null : m.getSpec().getBackup();
    if (backup == null) {
      return List.of();
    }
    var problems = new ArrayList<SpecProblem>();
    if (backup.getTarget() != null) {
      BackupTargetCheck.shape(backup.getTarget(), "spec.backup.target").ifPresent(problems::add);
    }
    if (backup.getSchedule() == null) {
      return problems;
    }
    try {
      CronSchedule.parse(backup.getSchedule());
    } catch (IllegalArgumentException e) {
      problems.add(
          new SpecProblem(
              "InvalidBackupSchedule",
              "spec.backup.schedule",
              e.getMessage() + "; write it as a CronJob's schedule, in UTC, e.g. '0 3 * * *'"));
    }
    if (backup.getTarget() == null) {
      problems.add(
          new SpecProblem(
              "BackupScheduleNeedsTarget",
              "spec.backup.target",
              "a schedule needs somewhere to write: set spec.backup.target.persistentVolumeClaim"
                  + " or spec.backup.target.s3"));
    }
    return problems;
  }
}
