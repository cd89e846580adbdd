package org.mathesar.operator.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.mathesar.operator.customresource.BackupPhase;

/**
 * spec.backup.schedule and keep, as a decision: whether the slot that just came is to be backed up,
 * and which scheduled backups are past the retention. Pure.
 *
 * @param create the slot to back up now, if any
 * @param delete the scheduled backups to delete (their files go with them)
 * @param next the slot after now, when to look again
 */
public record ScheduledBackupPlan(
    Optional<Instant> create, List<String> delete, Optional<Instant> next) {

  /**
   * As a CronJob's startingDeadlineSeconds: a slot missed by more than this (the operator was down)
   * is skipped, not caught up on.
   */
  public static final Duration STARTING_DEADLINE = Duration.ofMinutes(10);

  /**
   * A scheduled MathesarBackup as found.
   *
   * @param slot the slot it was made for
   * @param phase its phase; null before its controller saw it
   */
  public record Scheduled(String name, Instant slot, BackupPhase phase) {}

  /**
   * @param keep how many Completed scheduled backups to keep
   * @param migrated the instance is migrated (a backup of an instance that never ran waits)
   */
  public static ScheduledBackupPlan plan(
      CronSchedule schedule, int keep, Instant now, boolean migrated, List<Scheduled> existing) {
    var latest = schedule.previous(now);
    var due =
        latest.filter(
            slot ->
                migrated
                    && !now.isAfter(slot.plus(STARTING_DEADLINE))
                    && existing.stream().noneMatch(s -> s.slot().equals(slot)));
    var sorted =
        existing.stream().sorted(Comparator.comparing(Scheduled::slot).reversed()).toList();
    var delete = new ArrayList<String>();
    var completed = 0;
    for (var s : sorted) {
      var ended = s.phase() == BackupPhase.Completed || s.phase() == BackupPhase.Failed;
      if (completed >= keep && ended) {
        delete.add(s.name());
      } else if (s.phase() == BackupPhase.Completed) {
        completed++;
      }
    }
    return new ScheduledBackupPlan(due, List.copyOf(delete), schedule.next(now));
  }
}
