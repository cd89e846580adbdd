package org.mathesar.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.mathesar.operator.customresource.BackupPhase;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MathesarBackup;
import org.mathesar.operator.customresource.MathesarStatus;
import org.mathesar.operator.desired.MetadataKeys;
import org.mathesar.operator.desired.PreUpgradeBackupFactory;
import org.mathesar.operator.desired.ResolvedInstance;
import org.mathesar.operator.events.EventRecorder;
import org.mathesar.operator.schedule.CronSchedule;
import org.mathesar.operator.schedule.ScheduledBackupPlan;

/**
 * spec.backup.schedule: the pure {@link ScheduledBackupPlan} on the instance's scheduled
 * MathesarBackups (a list request, only for an instance with a schedule), then its writes. The
 * MathesarBackup controller takes each backup, and under its deletionPolicy Delete removes the
 * files of those retention deletes.
 */
final class ScheduledBackups {
  static final Duration RECHECK = Duration.ofSeconds(15);

  private final EventRecorder events;

  ScheduledBackups(EventRecorder events) {
    this.events = events;
  }

  /**
   * @return when the next slot comes, to look again then
   */
  Optional<Duration> reconcile(
      Mathesar m, KubernetesClient client, ResolvedInstance instance, MathesarStatus status) {
    var cron = instance.backupSchedule();
    if (cron.isEmpty() || instance.backupTarget().isEmpty()) {
      return Optional.empty();
    }
    var now = Instant.now();
    var existing =
        client
            .resources(MathesarBackup.class)
            .inNamespace(instance.namespace())
            .withLabel(MetadataKeys.INSTANCE_LABEL, instance.name())
            .withLabel(PreUpgradeBackupFactory.SCHEDULED_LABEL, "true")
            .list()
            .getItems()
            .stream()
            .filter(b -> b.getMetadata().getDeletionTimestamp() == null)
            .filter(
                b ->
                    b.getMetadata().getAnnotations() != null
                        && b.getMetadata()
                                .getAnnotations()
                                .get(PreUpgradeBackupFactory.SLOT_ANNOTATION)
                            != null)
            .map(
                b ->
                    new ScheduledBackupPlan.Scheduled(
                        b.getMetadata().getName(),
                        Instant.parse(
                            b.getMetadata()
                                .getAnnotations()
                                .get(PreUpgradeBackupFactory.SLOT_ANNOTATION)),
                        b.getStatus() == null ? null : b.getStatus().getPhase()))
            .toList();
    var plan =
        ScheduledBackupPlan.plan(
            CronSchedule.parse(cron.get()),
            instance.backupKeep(),
            now,
            status.getMigratedVersion() != null,
            existing);
    plan.create()
        .ifPresent(
            slot -> {
              var backup = PreUpgradeBackupFactory.scheduled(instance, slot);
              try {
                client.resource(backup).create();
                events.record(
                    m,
                    "Normal",
                    "BackupScheduled",
                    "MathesarBackup "
                        + backup.getMetadata().getName()
                        + " for the slot "
                        + slot
                        + " of spec.backup.schedule");
              } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                  throw e;
                }
              }
            });
    plan.delete()
        .forEach(
            name ->
                client
                    .resources(MathesarBackup.class)
                    .inNamespace(instance.namespace())
                    .withName(name)
                    .delete());
    var untilNext = plan.next().map(next -> Duration.between(now, next).plusSeconds(1));
    // A backup under way is looked at again soon, so that retention follows its end.
    var underWay =
        plan.create().isPresent()
            || existing.stream()
                .anyMatch(
                    b -> b.phase() != BackupPhase.Completed && b.phase() != BackupPhase.Failed);
    return underWay
        ? untilNext.filter(d -> d.compareTo(RECHECK) < 0).or(() -> Optional.of(RECHECK))
        : untilNext;
  }
}
