package org.mathesar.operator.desired;

import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The Job that brings a new instance's database and media files back from a backup, before any
 * migration. It first refuses, writing nothing, a backup that is incomplete or of a newer Mathesar
 * than spec.version, a database that holds any table, view or sequence, and a media volume that
 * holds files; then pg_restore runs in one transaction (a failure leaves the database empty) and
 * the media archive is extracted. A refusal is "Reason: message" in the termination message. From a
 * bucket, an init container first downloads the files into scratch space. Pure.
 */
public final class RestoreJobFactory {
  public static final String COMPONENT = "restore";

  /** bash, tar and a pg_restore new enough for every pg_dump a MathesarBackup runs by default. */
  public static final String DEFAULT_IMAGE = "postgres:17";

  public static final String CONTAINER = "restore";
  public static final String DOWNLOAD_CONTAINER = "download";
  public static final String SOURCE_VOLUME = "backup-source";
  public static final String SOURCE_DIR = "/backup";
  public static final String MEDIA_DIR = "/media";
  public static final long DEADLINE_SECONDS = 3600;

  /** On the media volume while a run has restored the database but not yet all media files. */
  public static final String MARKER = "~restore";

  /** Public for the test that runs it after the backup Job's script, on a directory. */
  public static final String SCRIPT =
      String.join(
          "\n",
          "set -euo pipefail",
          "step=start",
          // Only the script's own words go into the status: a failing command's output (which
          // could quote rows) stays in the Job's log.
          "failed() { printf 'RestoreFailed: %s failed (exit %s): read the log of this Job\\n'"
              + " \"$step\" \"$1\" > /dev/termination-log; }",
          "trap 'failed $?' ERR",
          "refuse() { printf '%s: %s\\n' \"$1\" \"$2\" | tee /dev/termination-log >&2; exit 1; }",
          // Newer as ReleaseVersion compares: numerically, and a pre-release before its release.
          "newer() {",
          "  local a=$1 b=$2 ab=${1%%-*} bb=${2%%-*}",
          "  if [ \"$ab\" != \"$bb\" ]; then",
          "    [ \"$(printf '%s\\n%s\\n' \"$ab\" \"$bb\" | sort -V | tail -n 1)\" = \"$ab\" ]; return",
          "  fi",
          "  [ \"$a\" != \"$b\" ] || return 1",
          "  [ \"$a\" != \"$ab\" ] || return 0",
          "  [ \"$b\" != \"$bb\" ] || return 1",
          "  [ \"$(printf '%s\\n%s\\n' \"$a\" \"$b\" | sort -V | tail -n 1)\" = \"$a\" ]",
          "}",
          "step='reading the backup'",
          "dir=\"" + SOURCE_DIR + "/$RESTORE_DIRECTORY\"",
          "for f in database.dump media.tar backup.json; do",
          "  [ -f \"$dir/$f\" ] || refuse BackupNotFound \"no $f in $RESTORE_LOCATION: it holds no"
              + " complete backup; check spec.restoreFrom\"",
          "done",
          "version=$(sed -n 's/.*\"version\":\"\\([^\"]*\\)\".*/\\1/p' \"$dir/backup.json\")",
          "if [ -n \"$version\" ] && newer \"$version\" \"$TARGET_VERSION\"; then",
          "  refuse BackupNewerThanVersion \"the backup is of Mathesar $version, newer than"
              + " spec.version $TARGET_VERSION; Mathesar does not migrate backwards: set"
              + " spec.version to $version or later\"",
          "fi",
          "step='verifying the backup'",
          "for f in database.dump media.tar; do",
          "  want=$(sed -n 's/.*\"'\"$f\"'\":\"\\([0-9a-f]\\{64\\}\\)\".*/\\1/p' \"$dir/backup.json\")",
          "  if [ -z \"$want\" ]; then",
          "    echo \"backup.json records no checksum of $f (a backup of an earlier operator): not"
              + " verified\"",
          "    continue",
          "  fi",
          "  [ \"$(sha256sum \"$dir/$f\" | cut -d' ' -f1)\" = \"$want\" ] || refuse BackupCorrupted"
              + " \"$f in $RESTORE_LOCATION does not match the SHA-256 its backup.json records: the"
              + " backup is damaged, and nothing was restored; restore another backup\"",
          "done",
          "export PGHOST=\"$POSTGRES_HOST\" PGPORT=\"$POSTGRES_PORT\" PGDATABASE=\"$POSTGRES_DB\""
              + " PGUSER=\"$POSTGRES_USER\" PGPASSWORD=\"$POSTGRES_PASSWORD\"",
          // A volume just provisioned may become writable for the pod's user a moment later.
          "step='waiting for the media volume'",
          "for i in $(seq 60); do [ -w " + MEDIA_DIR + " ] && break; sleep 1; done",
          "[ -w "
              + MEDIA_DIR
              + " ] || refuse MediaNotWritable \"the media volume is not writable for uid $(id -u):"
              + " check its storage class and spec.podSecurityContext.fsGroup\"",
          "marker=" + MEDIA_DIR + "/" + MARKER,
          "if [ \"$(cat \"$marker\" 2>/dev/null || true)\" = \"$RESTORE_LOCATION\" ]; then",
          // An earlier run restored the database and failed on the media files: only they again.
          "  echo 'the database was restored by an earlier run; extracting the media files again'",
          "else",
          "  step='checking the database'",
          "  objects=$(psql -XAtq -v ON_ERROR_STOP=1 -c \"SELECT count(*) FROM pg_class c JOIN"
              + " pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN"
              + " ('r','p','v','m','S','f') AND n.nspname <> 'information_schema' AND n.nspname"
              + " NOT LIKE 'pg\\_%'\")",
          "  [ \"$objects\" = 0 ] || refuse DatabaseNotEmpty \"database $PGDATABASE on"
              + " $PGHOST:$PGPORT already holds $objects tables, views or sequences; a restore"
              + " never writes over data: point spec.database at an empty database\"",
          // sed reads the whole listing: head would end the pipe early, and pipefail fail it.
          "  media=$(cd "
              + MEDIA_DIR
              + " && find . -mindepth 1 -maxdepth 1 ! -name '"
              + MathesarCommands.STATIC_CACHE
              + "' ! -name lost+found -print | sed -n '1,3p' | tr '\\n' ' ')",
          "  [ -z \"$media\" ] || refuse MediaNotEmpty \"the media volume already holds $media; a"
              + " restore never writes over files: restore into a new instance\"",
          "  step=pg_restore",
          "  pg_restore --no-owner --no-acl --exit-on-error --single-transaction"
              + " --dbname=\"$PGDATABASE\" \"$dir/database.dump\"",
          "  printf '%s' \"$RESTORE_LOCATION\" > \"$marker\"",
          "fi",
          "step='extracting the media files'",
          "tar -xf \"$dir/media.tar\" -C "
              + MEDIA_DIR
              + " --no-same-owner --no-same-permissions --exclude=./lost+found --exclude='./"
              + MathesarCommands.STATIC_CACHE
              + "' --exclude='./"
              + MARKER
              + "'",
          "rm -f \"$marker\"",
          "echo \"restored from $RESTORE_LOCATION (Mathesar ${version:-of unknown version})\""
              + " | tee /dev/termination-log");

  private RestoreJobFactory() {}

  public static Job build(ResolvedInstance instance, RestorePoint point) {
    var m = instance.resource();
    var labels = Labels.forComponent(m, COMPONENT);
    var env = new ArrayList<>(MathesarEnvironment.build(instance));
    env.add(env("RESTORE_DIRECTORY", point.at().directory()));
    env.add(env("RESTORE_LOCATION", point.location()));
    env.add(env("TARGET_VERSION", instance.version()));
    var container =
        PodTemplates.container(instance, CONTAINER, point.image(), List.of("bash", "-c", SCRIPT))
            // The image is not Mathesar's: /code is not there, and the root filesystem is
            // read-only.
            .withWorkingDir("/tmp")
            .withEnv(env)
            .withTerminationMessagePolicy("File")
            .addNewVolumeMount()
            .withName(SOURCE_VOLUME)
            .withMountPath(SOURCE_DIR)
            .withReadOnly(true)
            .endVolumeMount()
            .addNewVolumeMount()
            .withName(DeploymentFactory.MEDIA_VOLUME)
            .withMountPath(MEDIA_DIR)
            .endVolumeMount()
            .build();
    var pod =
        PodTemplates.podSpec(instance)
            .withRestartPolicy("Never")
            .addNewVolume()
            .withName(DeploymentFactory.MEDIA_VOLUME)
            .withNewPersistentVolumeClaim()
            .withClaimName(ObjectNames.mediaPvc(m))
            .endPersistentVolumeClaim()
            .endVolume();
    if (point.at() instanceof BackupLocation.InBucket bucket) {
      // Downloaded whole first, so that the script below sees the same three files as on a claim
      // and refuses, before writing anything, what it refuses there.
      pod.withInitContainers(
              S3Transfer.forInstance(
                  instance,
                  DOWNLOAD_CONTAINER,
                  S3Transfer.Command.GET,
                  bucket,
                  SOURCE_VOLUME,
                  SOURCE_DIR))
          .addNewVolume()
          .withName(SOURCE_VOLUME)
          .withNewEmptyDir()
          .endEmptyDir()
          .endVolume();
    } else {
      pod.addNewVolume()
          .withName(SOURCE_VOLUME)
          .withNewPersistentVolumeClaim()
          .withClaimName(((BackupLocation.OnClaim) point.at()).claimName())
          .withReadOnly(true)
          .endPersistentVolumeClaim()
          .endVolume();
    }
    return new JobBuilder()
        .withNewMetadata()
        .withName(ObjectNames.restoreJob(m))
        .withNamespace(instance.namespace())
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        // One run: what it refuses, a second run refuses too, and the first's message is the one.
        .withBackoffLimit(0)
        .withActiveDeadlineSeconds(DEADLINE_SECONDS)
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withSpec(pod.withContainers(container).build())
        .endTemplate()
        .endSpec()
        .build();
  }

  private static io.fabric8.kubernetes.api.model.EnvVar env(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }
}
