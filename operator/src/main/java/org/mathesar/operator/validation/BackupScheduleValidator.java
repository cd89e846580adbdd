package org.mathesar.operator.validation;

import java.util.ArrayList;
import java.util.List;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.schedule.CronSchedule;

/** spec.backup.schedule: a cron schedule, and a target to write to. Pure. */
public final class BackupScheduleValidator {
  private BackupScheduleValidator() {}

  public static List<SpecProblem> validate(Mathesar m) {
    var backup = m.getSpec() == null ? null : m.getSpec().getBackup();
    if (backup == null || backup.getSchedule() == null) {
      return List.of();
    }
    var problems = new ArrayList<SpecProblem>();
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
              "a schedule needs somewhere to write: set spec.backup.target.persistentVolumeClaim"));
    }
    return problems;
  }
}
