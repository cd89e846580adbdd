package org.mathesar.operator.backup;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.LinkedHashMap;
import org.mathesar.operator.customresource.MathesarBackup;
import org.mathesar.operator.desired.BackupLocation;
import org.mathesar.operator.desired.MetadataKeys;
import org.mathesar.operator.desired.OwnerReferences;
import org.mathesar.operator.desired.PodSecurity;
import org.mathesar.operator.desired.S3Transfer;

/**
 * The Job that removes a deleted MathesarBackup's directory (deletionPolicy Delete) from its target
 * volume, and a .partial one left by a failed run, or its objects from a bucket. It needs nothing
 * of the instance, which may be gone: restricted pod, the backup's image. Pure.
 */
public final class BackupPruneJobFactory {
  static final String SCRIPT =
      String.join(
          "\n",
          "set -euo pipefail",
          "dir=\"" + BackupJobFactory.TARGET_DIR + "/$BACKUP_DIRECTORY\"",
          // Only what this MathesarBackup wrote: a directory whose backup.json names another uid
          // (the backup this one was refused over) is kept, and so is its .partial.
          "if [ -e \"$dir\" ] && ! grep -qF \"\\\"uid\\\":\\\"$BACKUP_UID\\\"\" \"$dir/backup.json\"; then",
          "  echo \"kept $dir: its backup.json is of another MathesarBackup\" | tee"
              + " /dev/termination-log",
          "  exit 0",
          "fi",
          "rm -rf -- \"$dir\" \"$dir.partial\"",
          "echo \"removed $dir\" | tee /dev/termination-log");

  static final String CONTAINER = "prune";

  private BackupPruneJobFactory() {}

  public static Job build(MathesarBackup backup) {
    var labels = new LinkedHashMap<String, String>();
    if (backup.getMetadata().getLabels() != null) {
      labels.putAll(backup.getMetadata().getLabels());
    }
    labels.put(MetadataKeys.COMPONENT_LABEL, "backup-prune");
    labels.put(BackupNames.BACKUP_LABEL, backup.getMetadata().getName());
    var location = BackupNames.location(backup);
    var pod =
        new PodSpecBuilder()
            .withRestartPolicy("Never")
            .withSecurityContext(PodSecurity.restrictedPod());
    if (location instanceof BackupLocation.InBucket bucket) {
      // The image the backup recorded is Mathesar's, which has the Python the transfer needs;
      // the instance may be gone.
      var image =
          backup.getStatus() != null && backup.getStatus().getImage() != null
              ? backup.getStatus().getImage()
              : imageOf(backup);
      var transfer =
          S3Transfer.container(
              new ContainerBuilder()
                  .withName(CONTAINER)
                  .withImage(image)
                  .withSecurityContext(PodSecurity.restrictedContainer())
                  .addNewVolumeMount()
                  .withName(PodSecurity.TMP_VOLUME)
                  .withMountPath(PodSecurity.TMP_DIR)
                  .endVolumeMount(),
              S3Transfer.Command.DELETE,
              bucket,
              PodSecurity.TMP_DIR);
      transfer.getEnv().add(uid(backup));
      pod.withContainers(transfer)
          .addNewVolume()
          .withName(PodSecurity.TMP_VOLUME)
          .withNewEmptyDir()
          .endEmptyDir()
          .endVolume();
    } else {
      pod.addNewContainer()
          .withName(CONTAINER)
          .withImage(imageOf(backup))
          .withCommand("bash", "-c", SCRIPT)
          .withWorkingDir("/tmp")
          .withSecurityContext(PodSecurity.restrictedContainer())
          .withTerminationMessagePolicy("FallbackToLogsOnError")
          .addToEnv(
              new EnvVarBuilder()
                  .withName("BACKUP_DIRECTORY")
                  .withValue(BackupNames.directory(backup))
                  .build(),
              uid(backup))
          .addNewVolumeMount()
          .withName(BackupJobFactory.TARGET_VOLUME)
          .withMountPath(BackupJobFactory.TARGET_DIR)
          .endVolumeMount()
          .endContainer()
          .addNewVolume()
          .withName(BackupJobFactory.TARGET_VOLUME)
          .withNewPersistentVolumeClaim()
          .withClaimName(((BackupLocation.OnClaim) location).claimName())
          .endPersistentVolumeClaim()
          .endVolume();
    }
    return new JobBuilder()
        .withNewMetadata()
        .withName(BackupNames.pruneJob(backup))
        .withNamespace(backup.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(OwnerReferences.controlledBy(backup))
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(2)
        .withActiveDeadlineSeconds(600L)
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withSpec(pod.build())
        .endTemplate()
        .endSpec()
        .build();
  }

  /** What its backup.json records (MathesarBackupReconciler writes it), to know its own files. */
  private static io.fabric8.kubernetes.api.model.EnvVar uid(MathesarBackup backup) {
    return new EnvVarBuilder()
        .withName("BACKUP_UID")
        .withValue(backup.getMetadata().getUid())
        .build();
  }

  private static String imageOf(MathesarBackup backup) {
    return backup.getSpec().getImage() != null
        ? backup.getSpec().getImage()
        : BackupJobFactory.DEFAULT_IMAGE;
  }
}
