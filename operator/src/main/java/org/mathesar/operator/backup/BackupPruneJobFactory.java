package org.mathesar.operator.backup;

import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.LinkedHashMap;
import org.mathesar.operator.customresource.MathesarBackup;
import org.mathesar.operator.desired.MetadataKeys;
import org.mathesar.operator.desired.OwnerReferences;
import org.mathesar.operator.desired.PodSecurity;

/**
 * The Job that removes a deleted MathesarBackup's directory (deletionPolicy Delete) from its target
 * volume, and a .partial one left by a failed run. It needs nothing of the instance, which may be
 * gone: restricted pod, the backup's image. Pure.
 */
public final class BackupPruneJobFactory {
  static final String SCRIPT =
      String.join(
          "\n",
          "set -euo pipefail",
          "dir=\"" + BackupJobFactory.TARGET_DIR + "/$BACKUP_DIRECTORY\"",
          "rm -rf -- \"$dir\" \"$dir.partial\"",
          "echo \"removed $dir\" | tee /dev/termination-log");

  private BackupPruneJobFactory() {}

  public static Job build(MathesarBackup backup) {
    var labels = new LinkedHashMap<String, String>();
    if (backup.getMetadata().getLabels() != null) {
      labels.putAll(backup.getMetadata().getLabels());
    }
    labels.put(MetadataKeys.COMPONENT_LABEL, "backup-prune");
    labels.put(BackupNames.BACKUP_LABEL, backup.getMetadata().getName());
    var image =
        backup.getSpec().getImage() != null
            ? backup.getSpec().getImage()
            : BackupJobFactory.DEFAULT_IMAGE;
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
        .withNewSpec()
        .withRestartPolicy("Never")
        .withSecurityContext(PodSecurity.restrictedPod())
        .addNewContainer()
        .withName("prune")
        .withImage(image)
        .withCommand("bash", "-c", SCRIPT)
        .withWorkingDir("/tmp")
        .withSecurityContext(PodSecurity.restrictedContainer())
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .addToEnv(
            new EnvVarBuilder()
                .withName("BACKUP_DIRECTORY")
                .withValue(BackupNames.directory(backup))
                .build())
        .addNewVolumeMount()
        .withName(BackupJobFactory.TARGET_VOLUME)
        .withMountPath(BackupJobFactory.TARGET_DIR)
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName(BackupJobFactory.TARGET_VOLUME)
        .withNewPersistentVolumeClaim()
        .withClaimName(backup.getSpec().getTarget().getPersistentVolumeClaim().getClaimName())
        .endPersistentVolumeClaim()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
