package org.mathesar.operator.backup;

import org.mathesar.operator.customresource.MathesarBackup;
import org.mathesar.operator.desired.BackupLocation;
import org.mathesar.operator.desired.RestoredKeys;

/** Deterministic names of what a MathesarBackup makes (docs/backups.md lists them). */
public final class BackupNames {
  /** A Job's name goes into its pods' job-name label, at most 63 characters. */
  public static final int MAX_NAME_LENGTH = 63 - "-backup".length();

  /** On the backup's Job, its pods and its keys Secret: which MathesarBackup they belong to. */
  public static final String BACKUP_LABEL = "mathesar.org/backup";

  /** On the keys Secret, which outlives its MathesarBackup: the UID of the one that made it. */
  public static final String BACKUP_UID_ANNOTATION = "mathesar.org/backup-uid";

  private BackupNames() {}

  public static String job(MathesarBackup b) {
    return b.getMetadata().getName() + "-backup";
  }

  /** The Job that removes a deleted backup's files (deletionPolicy Delete). */
  public static String pruneJob(MathesarBackup b) {
    return b.getMetadata().getName() + "-prune";
  }

  public static String keysSecret(MathesarBackup b) {
    return RestoredKeys.secretName(b.getMetadata().getName());
  }

  /** The backup's directory on its volume: one per namespace, instance and backup. */
  public static String directory(MathesarBackup b) {
    return BackupLocation.directoryOf(b);
  }

  public static BackupLocation location(MathesarBackup b) {
    return BackupLocation.of(b.getSpec().getTarget(), directory(b));
  }
}
