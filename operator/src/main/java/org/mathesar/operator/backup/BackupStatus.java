package org.mathesar.operator.backup;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import org.mathesar.operator.customresource.BackupPhase;
import org.mathesar.operator.customresource.MathesarBackup;
import org.mathesar.operator.customresource.MathesarBackupStatus;
import org.mathesar.operator.status.Conditions;

/** The status a decision gives. Pure: a backup that waits or runs is not written again. */
public final class BackupStatus {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private BackupStatus() {}

  /**
   * @param started what is recorded when the Job is created: where, of what version and image
   * @param job the Job as observed, for its end time and sizes
   */
  public static MathesarBackupStatus of(
      MathesarBackup backup,
      BackupDecision decision,
      Started started,
      BackupJobState job,
      String now) {
    var previous = backup.getStatus() == null ? new MathesarBackupStatus() : backup.getStatus();
    if (decision.reason() == null) {
      return previous;
    }
    var next = JSON.clone(previous);
    var generation =
        backup.getMetadata().getGeneration() == null ? 0L : backup.getMetadata().getGeneration();
    next.setObservedGeneration(generation);
    next.setPhase(decision.phase());
    if (started != null) {
      next.setStartedAt(now);
      next.setLocation(started.location());
      next.setVersion(started.version());
      next.setImage(started.image());
      next.setKeysSecret(started.keysSecret());
    }
    if (job instanceof BackupJobState.Succeeded s) {
      next.setCompletedAt(s.completedAt() != null ? s.completedAt() : now);
      s.result()
          .ifPresent(
              r -> {
                next.setDatabaseBytes(r.databaseBytes());
                next.setMediaBytes(r.mediaBytes());
              });
    } else if (decision.phase() == BackupPhase.Failed) {
      next.setCompletedAt(
          job instanceof BackupJobState.Failed f && f.completedAt() != null
              ? f.completedAt()
              : now);
    }
    var ready =
        Conditions.of(
            Conditions.READY,
            decision.phase() == BackupPhase.Completed ? Conditions.TRUE : Conditions.FALSE,
            decision.reason(),
            decision.message());
    next.setConditions(Conditions.merge(previous.getConditions(), List.of(ready), generation, now));
    return next;
  }

  /** What a backup records as it starts. */
  public record Started(String location, String version, String image, String keysSecret) {}
}
