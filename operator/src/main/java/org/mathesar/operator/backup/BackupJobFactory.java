package org.mathesar.operator.backup;

import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.List;
import org.mathesar.operator.customresource.MathesarBackup;
import org.mathesar.operator.desired.BackupLocation;
import org.mathesar.operator.desired.DeploymentFactory;
import org.mathesar.operator.desired.Labels;
import org.mathesar.operator.desired.MathesarCommands;
import org.mathesar.operator.desired.MathesarEnvironment;
import org.mathesar.operator.desired.ObjectNames;
import org.mathesar.operator.desired.OwnerReferences;
import org.mathesar.operator.desired.PodTemplates;
import org.mathesar.operator.desired.ResolvedInstance;
import org.mathesar.operator.desired.RestoreJobFactory;
import org.mathesar.operator.desired.S3Transfer;
import org.mathesar.operator.desired.WebPlacement;

/**
 * The Job that writes one backup: pg_dump of the instance's database (custom format, so pg_restore
 * can restore it whole or in part) and a tar of its media volume, read-only, without the static
 * files the web pods keep there, and without the volume's root entry. It writes into a .partial
 * directory and renames it whole at the end, so a backup directory under its name is always
 * complete, and it never overwrites one that exists. The sizes go into the container's termination
 * message, where the operator reads them. To a bucket, it writes them to scratch space and a second
 * container uploads them, backup.json last, so that a backup under its name is complete there too.
 * Pure.
 */
public final class BackupJobFactory {
  /**
   * bash, tar and a pg_dump new enough for every server the supported Mathesar releases take; the
   * restore's default, so that its pg_restore reads what this pg_dump writes.
   */
  public static final String DEFAULT_IMAGE = RestoreJobFactory.DEFAULT_IMAGE;

  public static final String CONTAINER = "backup";
  public static final String UPLOAD_CONTAINER = "upload";
  public static final String TARGET_VOLUME = "backup-target";
  public static final String TARGET_DIR = "/backup";
  public static final String MEDIA_DIR = "/media";
  public static final long DEADLINE_SECONDS = 3600;

  static final String SCRIPT =
      String.join(
          "\n",
          "set -euo pipefail",
          "dir=\"" + TARGET_DIR + "/$BACKUP_DIRECTORY\"",
          "if [ -e \"$dir\" ]; then",
          "  echo \"a backup is already at $dir on the target volume; it is kept: use another"
              + " MathesarBackup name\" | tee /dev/termination-log >&2",
          "  exit 1",
          "fi",
          "part=\"$dir.partial\"",
          "rm -rf \"$part\"",
          "mkdir -p \"$part\"",
          "export PGHOST=\"$POSTGRES_HOST\" PGPORT=\"$POSTGRES_PORT\" PGDATABASE=\"$POSTGRES_DB\""
              + " PGUSER=\"$POSTGRES_USER\" PGPASSWORD=\"$POSTGRES_PASSWORD\"",
          "pg_dump --format=custom --file=\"$part/database.dump\"",
          // The entries of the volume, not its root: extracting "." would change the mode of the
          // new volume's root, which a pod that does not own it may not.
          "(cd "
              + MEDIA_DIR
              + " && find . -mindepth 1 -maxdepth 1 ! -name '"
              + MathesarCommands.STATIC_CACHE
              + "' ! -name lost+found ! -name '"
              + RestoreJobFactory.MARKER
              + "' -print0 | tar --null -T - -cf \"$part/media.tar\")",
          // The checksums go into backup.json, which the restore reads before anything else: a
          // damaged or truncated file is found before the database is touched.
          "db_sum=$(sha256sum \"$part/database.dump\" | cut -d' ' -f1)",
          "media_sum=$(sha256sum \"$part/media.tar\" | cut -d' ' -f1)",
          "printf '%s,\"sha256\":{\"database.dump\":\"%s\",\"media.tar\":\"%s\"}}\\n'"
              + " \"${BACKUP_METADATA%\\}}\" \"$db_sum\" \"$media_sum\" > \"$part/backup.json\"",
          "mv -T \"$part\" \"$dir\"",
          "printf '{\"databaseBytes\":%d,\"mediaBytes\":%d}'"
              + " \"$(stat -c %s \"$dir/database.dump\")\" \"$(stat -c %s \"$dir/media.tar\")\""
              + " > /dev/termination-log",
          "echo \"backup written to $dir\"");

  private BackupJobFactory() {}

  /**
   * @param metadata backup.json: what the backup is of (instance, version, image, keys Secret)
   */
  public static Job build(MathesarBackup backup, ResolvedInstance instance, String metadata) {
    var m = instance.resource();
    var image = backup.getSpec().getImage() != null ? backup.getSpec().getImage() : DEFAULT_IMAGE;
    var labels = Labels.forComponent(m, BackupKeysSecretFactory.COMPONENT);
    labels.put(BackupNames.BACKUP_LABEL, backup.getMetadata().getName());
    var location = BackupNames.location(backup);
    var env = new ArrayList<>(MathesarEnvironment.build(instance));
    env.add(
        new EnvVarBuilder()
            .withName("BACKUP_DIRECTORY")
            .withValue(BackupNames.directory(backup))
            .build());
    env.add(new EnvVarBuilder().withName("BACKUP_METADATA").withValue(metadata).build());
    var dump =
        PodTemplates.container(instance, CONTAINER, image, List.of("bash", "-c", SCRIPT))
            // The image is not Mathesar's: /code is not there, and the root filesystem is
            // read-only.
            .withWorkingDir("/tmp")
            .withEnv(env)
            .withTerminationMessagePolicy("FallbackToLogsOnError")
            .addNewVolumeMount()
            .withName(TARGET_VOLUME)
            .withMountPath(TARGET_DIR)
            .endVolumeMount()
            .addNewVolumeMount()
            .withName(DeploymentFactory.MEDIA_VOLUME)
            .withMountPath(MEDIA_DIR)
            .withReadOnly(true)
            .endVolumeMount()
            .build();
    var pod =
        PodTemplates.podSpec(instance)
            // With ReadWriteOnce media, on the node of the web pods, which hold the volume.
            .withAffinity(WebPlacement.affinity(instance))
            .withRestartPolicy("Never")
            .addNewVolume()
            .withName(DeploymentFactory.MEDIA_VOLUME)
            .withNewPersistentVolumeClaim()
            .withClaimName(ObjectNames.mediaPvc(m))
            .withReadOnly(true)
            .endPersistentVolumeClaim()
            .endVolume();
    if (location instanceof BackupLocation.InBucket bucket) {
      // Written whole to scratch space first, then uploaded: the upload needs each file's hash
      // before it sends it, and a dump that fails half-way uploads nothing.
      pod.withInitContainers(dump)
          .withContainers(
              S3Transfer.forInstance(
                  instance,
                  UPLOAD_CONTAINER,
                  S3Transfer.Command.PUT,
                  bucket,
                  TARGET_VOLUME,
                  TARGET_DIR))
          .addNewVolume()
          .withName(TARGET_VOLUME)
          .withNewEmptyDir()
          .endEmptyDir()
          .endVolume();
    } else {
      pod.withContainers(dump)
          .addNewVolume()
          .withName(TARGET_VOLUME)
          .withNewPersistentVolumeClaim()
          .withClaimName(((BackupLocation.OnClaim) location).claimName())
          .endPersistentVolumeClaim()
          .endVolume();
    }
    return new JobBuilder()
        .withNewMetadata()
        .withName(BackupNames.job(backup))
        .withNamespace(backup.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(OwnerReferences.controlledBy(backup))
        .endMetadata()
        .withNewSpec()
        // One run: a second could find the first's directory and refuse, hiding the real error.
        .withBackoffLimit(0)
        .withActiveDeadlineSeconds(DEADLINE_SECONDS)
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withSpec(pod.build())
        .endTemplate()
        .endSpec()
        .build();
  }
}
