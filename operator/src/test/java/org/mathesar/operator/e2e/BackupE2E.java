package org.mathesar.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.BackupPhase;
import org.mathesar.operator.customresource.BackupTarget;
import org.mathesar.operator.customresource.ClaimRef;
import org.mathesar.operator.customresource.InstanceRef;
import org.mathesar.operator.customresource.MathesarBackup;
import org.mathesar.operator.customresource.MathesarBackupSpec;

/**
 * A MathesarBackup of a running instance on real pods: pg_dump of its database and a tar of its
 * media volume on a PersistentVolumeClaim, read back by a pod of its own, and its keys Secret.
 */
class BackupE2E extends E2ESupport {
  private static final String NAME = "mathesar";

  @Test
  void aBackupHoldsTheDatabaseTheMediaFilesAndTheKey() throws Exception {
    var ns = RealCluster.newNamespace("backup");
    var content = BackedUpContent.create(ns, NAME);
    var pg = content.pg();
    var instance = resource(ns, NAME).require();
    // A file in the media volume, where Mathesar keeps uploaded data files.
    var web = webPods(ns, NAME).get(0);
    var wrote =
        client()
            .pods()
            .inNamespace(ns)
            .withName(web.getMetadata().getName())
            .inContainer("mathesar")
            .redirectingOutput()
            .exec(
                "bash",
                "-c",
                "mkdir -p /code/.media/e2e && printf 'kept by the backup' > /code/.media/e2e/note.txt");
    assertThat(wrote.exitCode().get(30, TimeUnit.SECONDS)).isZero();
    backupClaim(ns, "backups");

    var spec = new MathesarBackupSpec();
    spec.setInstanceRef(new InstanceRef(NAME));
    spec.setTarget(new BackupTarget(new ClaimRef("backups")));
    spec.setImage(RealCluster.POSTGRES_IMAGE);
    var backup = new MathesarBackup();
    backup.getMetadata().setName("first");
    backup.getMetadata().setNamespace(ns);
    backup.setSpec(spec);
    client().resource(backup).create();
    var done =
        awaitResource(
            ns,
            "first",
            backupResource(ns, "first"),
            Duration.ofMinutes(3),
            b ->
                b.getStatus() != null
                    && (b.getStatus().getPhase() == BackupPhase.Completed
                        || b.getStatus().getPhase() == BackupPhase.Failed));
    assertThat(done.getStatus().getPhase())
        .as("phase; conditions " + done.getStatus().getConditions())
        .isEqualTo(BackupPhase.Completed);
    assertThat(done.getStatus().getDatabaseBytes()).isPositive();
    assertThat(done.getStatus().getMediaBytes()).isPositive();
    assertThat(done.getStatus().getVersion()).isEqualTo(RealCluster.VERSION);

    var keys = client().secrets().inNamespace(ns).withName("first-keys").require();
    var key =
        client()
            .secrets()
            .inNamespace(ns)
            .withName(instance.getStatus().getSecretKeySecret())
            .require();
    assertThat(keys.getData().get("secret-key")).isEqualTo(key.getData().get("secret-key"));
    assertThat(keys.getMetadata().getOwnerReferences()).isNullOrEmpty();

    // Read back from the volume, as a restore would: the dump lists Mathesar's own tables, and the
    // archive holds the file byte for byte, without the static files kept beside the media.
    var dir = "/backup/" + ns + "/" + NAME + "/first";
    var listing =
        readBack(
            ns,
            "pg_restore --list "
                + dir
                + "/database.dump | grep -c 'TABLE public mathesar_'; tar -xOf "
                + dir
                + "/media.tar ./e2e/note.txt; echo; tar -tf "
                + dir
                + "/media.tar | grep -c '~static' || true; cat "
                + dir
                + "/backup.json; sha256sum "
                + dir
                + "/database.dump "
                + dir
                + "/media.tar | cut -d' ' -f1");
    var lines = listing.lines().toList();
    assertThat(Integer.parseInt(lines.get(0).trim()))
        .as("Mathesar tables in the dump")
        .isPositive();
    assertThat(lines.get(1)).isEqualTo("kept by the backup");
    assertThat(lines.get(2).trim()).as("static files in the archive").isEqualTo("0");
    assertThat(lines.get(3)).contains("\"version\":\"" + RealCluster.VERSION + "\"");
    // The checksums the restore checks are those of the files on the volume.
    assertThat(lines.get(3))
        .contains("\"database.dump\":\"" + lines.get(4) + "\"")
        .contains("\"media.tar\":\"" + lines.get(5) + "\"");
    report(
        "backup",
        "MathesarBackup to a PersistentVolumeClaim: Completed in "
            + between(done.getStatus().getStartedAt(), done.getStatus().getCompletedAt())
                .toSeconds()
            + " s (startedAt to completedAt); database dump "
            + done.getStatus().getDatabaseBytes()
            + " bytes with "
            + lines.get(0).trim()
            + " Mathesar tables, media archive "
            + done.getStatus().getMediaBytes()
            + " bytes with the file written byte for byte and no static files; SECRET_KEY copied"
            + " into first-keys, owned by nothing");

    restoreByHand(ns, pg, done, keys);
    restoreOverDataIsRefused(ns);
    restoreIntoAnotherNamespace(ns, content, done, keys);
  }

  /**
   * spec.restoreFrom naming the MathesarBackup, into a database that holds data (the one restored
   * by hand): the restore Job refuses, writes nothing, and the instance it would have hit keeps
   * serving.
   */
  private static void restoreOverDataIsRefused(String ns) throws Exception {
    var again = mathesar(ns, "again", RealCluster.VERSION);
    again.getSpec().getDatabase().getExternal().setDatabase("restored_django");
    again.getSpec().setDeletionPolicy(org.mathesar.operator.customresource.DeletionPolicy.Delete);
    var from = new org.mathesar.operator.customresource.RestoreSource();
    from.setBackup("first");
    again.getSpec().setRestoreFrom(from);
    client().resource(again).create();
    var refused =
        awaitMathesar(
            ns, "again", Duration.ofMinutes(3), condition("Ready", "False", "DatabaseNotEmpty"));
    assertThat(refused.getStatus().getPhase())
        .isEqualTo(org.mathesar.operator.customresource.Phase.Failed);
    assertThat(
            org.mathesar.operator.status.Conditions.find(
                    refused.getStatus().getConditions(), "Ready")
                .orElseThrow()
                .getMessage())
        .contains("already holds")
        .contains("delete job again-restore");
    assertThat(client().apps().deployments().inNamespace(ns).withName("again").get()).isNull();
    assertThat(refused.getStatus().getMigratedVersion()).isNull();
    assertThat(resource(ns, "restored").get().getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Ready");
              assertThat(c.getStatus()).isEqualTo("True");
            });
    try (var endpoint = ServiceEndpoint.open(client(), ns, "restored")) {
      var web = new MathesarWeb(endpoint);
      var keys = client().secrets().inNamespace(ns).withName("first-keys").require();
      loginAsBackupAdmin(web, keys);
      assertThat(ConnectedDatabaseE2E.rows(web, "shop", "orders"))
          .as("the refused restore wrote nothing into the database it found")
          .isEqualTo(3);
    }
    resource(ns, "again").delete();
    report(
        "backup",
        "spec.restoreFrom (backup: first) into a database that holds data: Ready=False"
            + " DatabaseNotEmpty, phase Failed, no Deployment, the instance using that database still"
            + " reads its rows");
  }

  /**
   * spec.restoreFrom in another namespace, after the instance was deleted (deletionPolicy Delete)
   * and its database dropped: the backup's volume bound again to a claim there and its keys Secret
   * copied, as docs/backups.md says. The same admin and second user log in, the connected database
   * opens (its stored password decrypts with the restored key), the uploaded data file is listed
   * and its file reads byte for byte.
   */
  private static void restoreIntoAnotherNamespace(
      String ns,
      BackedUpContent content,
      MathesarBackup backup,
      io.fabric8.kubernetes.api.model.Secret keys)
      throws Exception {
    var pg = content.pg();
    var other = RealCluster.newNamespace("restore");
    var claim = client().persistentVolumeClaims().inNamespace(ns).withName("backups").require();
    var volume = client().persistentVolumes().withName(claim.getSpec().getVolumeName()).require();
    var bound = other + "-backups";
    var spec = volume.getSpec();
    spec.setClaimRef(
        new io.fabric8.kubernetes.api.model.ObjectReferenceBuilder()
            .withNamespace(other)
            .withName("backups")
            .build());
    // Deleting this second volume must never remove the files the first one shows.
    spec.setPersistentVolumeReclaimPolicy("Retain");
    client()
        .resource(
            new io.fabric8.kubernetes.api.model.PersistentVolumeBuilder()
                .withNewMetadata()
                .withName(bound)
                .addToLabels("mathesar.org/e2e", "true")
                .endMetadata()
                .withSpec(spec)
                .build())
        .create();
    client()
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("backups")
                .withNamespace(other)
                .endMetadata()
                .withNewSpec()
                .withAccessModes(claim.getSpec().getAccessModes())
                .withStorageClassName(claim.getSpec().getStorageClassName())
                .withVolumeName(bound)
                .withResources(claim.getSpec().getResources())
                .endSpec()
                .build())
        .create();
    BackedUpContent.copySecret(other, "first-keys", keys.getData());
    BackedUpContent.copySecret(
        other,
        PostgresServer.CREDENTIALS,
        client()
            .secrets()
            .inNamespace(ns)
            .withName(PostgresServer.CREDENTIALS)
            .require()
            .getData());
    pg.sql("postgres", "CREATE DATABASE restored_elsewhere OWNER " + PostgresServer.USER);

    var restored = mathesar(other, NAME, RealCluster.VERSION);
    restored.getSpec().getDatabase().getExternal().setHost(pg.host());
    restored.getSpec().getDatabase().getExternal().setDatabase("restored_elsewhere");
    var from = new org.mathesar.operator.customresource.RestoreSource();
    from.setPersistentVolumeClaim(new ClaimRef("backups"));
    from.setDirectory(ns + "/" + NAME + "/" + backup.getMetadata().getName());
    from.setKeysSecret("first-keys");
    from.setImage(RealCluster.POSTGRES_IMAGE);
    restored.getSpec().setRestoreFrom(from);
    var started = java.time.Instant.now();
    client().resource(restored).create();
    var restoredAt =
        awaitResource(
            other,
            NAME,
            resource(other, NAME),
            RealCluster.READY_TIMEOUT,
            m -> m.getStatus() != null && m.getStatus().getRestoredFrom() != null);
    var restoreTook = Duration.between(started, java.time.Instant.now());
    var ready = awaitMathesar(other, NAME, RealCluster.READY_TIMEOUT, ready());
    var readyTook = Duration.between(started, java.time.Instant.now());
    assertThat(restoredAt.getStatus().getRestoredFrom())
        .isEqualTo("pvc://backups/" + from.getDirectory() + "/");
    assertThat(ready.getStatus().getAdminCreated()).isTrue();
    assertThat(ready.getStatus().getMigratedVersion()).isEqualTo(RealCluster.VERSION);
    var key = client().secrets().inNamespace(other).withName(NAME + "-secret-key").require();
    assertThat(key.getData().get("secret-key")).isEqualTo(keys.getData().get("secret-key"));
    assertThat(client().batch().v1().jobs().inNamespace(other).withName(NAME + "-restore").get())
        .as("the restore Job goes once its result is recorded")
        .isNull();

    content.assertRestored(other, NAME, keys);
    scheduleWithRetention(other);
    report(
        "backup",
        "spec.restoreFrom in another namespace (the backup's volume bound to a claim there, its"
            + " keys Secret copied), after the instance was deleted with deletionPolicy Delete and"
            + " its database dropped: restore Job done "
            + restoreTook.toSeconds()
            + " s after apply, Ready "
            + readyTook.toSeconds()
            + " s after apply; the old admin and the second user log in, the connected database"
            + " shop reads its 3 rows (its password decrypted with the restored key), the uploaded"
            + " data file is listed and reads byte for byte");
  }

  /**
   * docs/backups.md#restoring-by-hand, step by step: the instance is deleted with its media
   * (deletionPolicy Delete) and its database dropped; a new instance comes back from the backup
   * with the old admin, the connected database (its stored password decrypts with the restored key)
   * and the media file.
   */
  private static void restoreByHand(
      String ns,
      PostgresServer pg,
      MathesarBackup backup,
      io.fabric8.kubernetes.api.model.Secret keys)
      throws Exception {
    ConnectedDatabaseE2E.dbResource(ns, "shop").delete();
    edit(
        ns,
        NAME,
        m -> {
          m.getSpec().setDeletionPolicy(org.mathesar.operator.customresource.DeletionPolicy.Delete);
          return m;
        });
    await("deletionPolicy Delete recorded")
        .atMost(Duration.ofMinutes(1))
        .until(() -> resource(ns, NAME).get().getMetadata().getGeneration() > 1);
    resource(ns, NAME).delete();
    await("instance and media volume gone")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                resource(ns, NAME).get() == null
                    && client()
                            .persistentVolumeClaims()
                            .inNamespace(ns)
                            .withName(NAME + "-media")
                            .get()
                        == null
                    && webPods(ns, NAME).isEmpty());
    pg.sql("postgres", "DROP DATABASE " + PostgresServer.DATABASE + " WITH (FORCE)");
    var started = java.time.Instant.now();

    // 1. An empty database for the new instance, owned by its role.
    pg.sql("postgres", "CREATE DATABASE restored_django OWNER " + PostgresServer.USER);
    // 2. The key and the admin from the keys Secret.
    BackedUpContent.copySecret(
        ns, "restored-key", java.util.Map.of("secret-key", keys.getData().get("secret-key")));
    BackedUpContent.copySecret(
        ns,
        "restored-admin",
        java.util.Map.of(
            "username", keys.getData().get("admin-username"),
            "password", keys.getData().get("admin-password")));
    // 3. pg_restore from a pod that mounts the backup volume.
    var dir = "/backup/" + ns + "/" + NAME + "/" + backup.getMetadata().getName();
    runWithBackupVolume(
        ns,
        "restore-database",
        "PGHOST="
            + pg.host()
            + " PGUSER=$DB_USER PGPASSWORD=$DB_PASSWORD pg_restore --no-owner --role=$DB_USER"
            + " --exit-on-error -d restored_django "
            + dir
            + "/database.dump",
        null);
    // 4. The new instance, of the same version, with the key, the admin and the database.
    var restored = mathesar(ns, "restored", backup.getStatus().getVersion());
    restored.getSpec().getDatabase().getExternal().setDatabase("restored_django");
    restored.getSpec().setSecretKeySecret("restored-key");
    restored.getSpec().getAdmin().setSecretName("restored-admin");
    client().resource(restored).create();
    awaitMathesar(ns, "restored", RealCluster.READY_TIMEOUT, ready());
    // 5. The media files into its media volume.
    runWithBackupVolume(
        ns, "restore-media", "tar -xf " + dir + "/media.tar -C /media", "restored-media");
    var took = Duration.between(started, java.time.Instant.now());

    try (var endpoint = ServiceEndpoint.open(client(), ns, "restored")) {
      var web = new MathesarWeb(endpoint);
      assertThat(loginAsBackupAdmin(web, keys))
          .as("the old admin logs in to the restored instance")
          .isEqualTo(302);
      assertThat(ConnectedDatabaseE2E.databaseIds(web, "shop")).hasSize(1);
      assertThat(ConnectedDatabaseE2E.rows(web, "shop", "orders"))
          .as("rows of the connected database, read with the password stored under the old key")
          .isEqualTo(3);
    }
    var pod = webPods(ns, "restored").get(0);
    var read =
        client()
            .pods()
            .inNamespace(ns)
            .withName(pod.getMetadata().getName())
            .inContainer("mathesar")
            .redirectingOutput()
            .exec("cat", "/code/.media/e2e/note.txt");
    assertThat(read.exitCode().get(30, TimeUnit.SECONDS)).isZero();
    assertThat(new String(read.getOutput().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo("kept by the backup");
    report(
        "backup",
        "restored by hand (docs/backups.md) after the instance was deleted with deletionPolicy"
            + " Delete and its database dropped: "
            + took.toSeconds()
            + " s from the empty database to the media files back; the old admin logs in, the"
            + " connected database shop reads its 3 rows (its password decrypted with the restored"
            + " key), the media file reads byte for byte");
  }

  /**
   * spec.backup.schedule every minute with keep 1, on the restored instance: a scheduled backup
   * completes; once the next one has, the first is deleted, its directory gone from the volume and
   * its keys Secret too (deletionPolicy Delete, the prune Job on real pods).
   */
  private static void scheduleWithRetention(String ns) {
    edit(
        ns,
        NAME,
        m -> {
          var own = new org.mathesar.operator.customresource.InstanceBackupSpec();
          own.setTarget(new BackupTarget(new ClaimRef("backups")));
          own.setSchedule("* * * * *");
          own.setKeep(1);
          own.setImage(RealCluster.POSTGRES_IMAGE);
          m.getSpec().setBackup(own);
          return m;
        });
    var first = awaitScheduledCompleted(ns, null);
    var second = awaitScheduledCompleted(ns, first);
    await("the older scheduled backup and its keys deleted")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                backupResource(ns, first).get() == null
                    && client().secrets().inNamespace(ns).withName(first + "-keys").get() == null);
    var listing =
        runWithBackupVolume(ns, "after-retention", "ls /backup/" + ns + "/" + NAME + "/", null);
    assertThat(listing).as("directories after retention").contains(second).doesNotContain(first);
    edit(
        ns,
        NAME,
        m -> {
          m.getSpec().setBackup(null);
          return m;
        });
    report(
        "backup",
        "spec.backup.schedule '* * * * *', keep 1: "
            + first
            + " and "
            + second
            + " Completed; then "
            + first
            + " deleted with its directory (prune Job) and its keys Secret");
  }

  /** The name of a scheduled backup, other than {@code after}, once it is Completed. */
  private static String awaitScheduledCompleted(String ns, String after) {
    return await("a scheduled backup Completed" + (after == null ? "" : " after " + after))
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () ->
                client()
                    .resources(MathesarBackup.class)
                    .inNamespace(ns)
                    .withLabel("mathesar.org/scheduled", "true")
                    .list()
                    .getItems()
                    .stream()
                    .filter(b -> !b.getMetadata().getName().equals(after))
                    .filter(
                        b ->
                            b.getStatus() != null
                                && b.getStatus().getPhase() == BackupPhase.Completed)
                    .map(b -> b.getMetadata().getName())
                    .findFirst(),
            java.util.Optional::isPresent)
        .orElseThrow();
  }

  private static Resource<MathesarBackup> backupResource(String ns, String name) {
    return client().resources(MathesarBackup.class).inNamespace(ns).withName(name);
  }

  /** Runs a shell command in a pod of the PostgreSQL image with the backup volume; its output. */
  private static String readBack(String ns, String command) {
    return runWithBackupVolume(ns, "read-backup", command, null);
  }

  /**
   * A pod of the PostgreSQL image, restricted as the namespace demands, with the backup volume at
   * /backup (read-only), the database credentials as DB_USER and DB_PASSWORD, and optionally a
   * claim at /media; waits for it to end well and returns its log.
   */
  private static String runWithBackupVolume(
      String ns, String name, String command, String mediaClaim) {
    var spec =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(ns)
            .endMetadata()
            .withNewSpec()
            .withRestartPolicy("Never")
            .withNewSecurityContext()
            .withRunAsNonRoot(true)
            .withRunAsUser(1000L)
            .withFsGroup(1000L)
            .withNewSeccompProfile()
            .withType("RuntimeDefault")
            .endSeccompProfile()
            .endSecurityContext()
            .addNewContainer()
            .withName("run")
            .withImage(RealCluster.POSTGRES_IMAGE)
            .withCommand("bash", "-c", "set -euo pipefail; " + command)
            .addNewEnv()
            .withName("DB_USER")
            .withNewValueFrom()
            .withNewSecretKeyRef("username", PostgresServer.CREDENTIALS, false)
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("DB_PASSWORD")
            .withNewValueFrom()
            .withNewSecretKeyRef("password", PostgresServer.CREDENTIALS, false)
            .endValueFrom()
            .endEnv()
            .withNewSecurityContext()
            .withAllowPrivilegeEscalation(false)
            .withNewCapabilities()
            .withDrop("ALL")
            .endCapabilities()
            .endSecurityContext()
            .addNewVolumeMount()
            .withName("backups")
            .withMountPath("/backup")
            .withReadOnly(true)
            .endVolumeMount()
            .endContainer()
            .addNewVolume()
            .withName("backups")
            .withNewPersistentVolumeClaim("backups", true)
            .endVolume()
            .endSpec()
            .build();
    if (mediaClaim != null) {
      spec.getSpec()
          .getContainers()
          .get(0)
          .getVolumeMounts()
          .add(
              new io.fabric8.kubernetes.api.model.VolumeMountBuilder()
                  .withName("media")
                  .withMountPath("/media")
                  .build());
      spec.getSpec()
          .getVolumes()
          .add(
              new io.fabric8.kubernetes.api.model.VolumeBuilder()
                  .withName("media")
                  .withNewPersistentVolumeClaim(mediaClaim, false)
                  .build());
    }
    client().resource(spec).create();
    await("pod " + name + " ended")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              var p = client().pods().inNamespace(ns).withName(name).get();
              return p != null
                  && ("Succeeded".equals(p.getStatus().getPhase())
                      || "Failed".equals(p.getStatus().getPhase()));
            });
    var pod = client().pods().inNamespace(ns).withName(name);
    var log = pod.getLog();
    assertThat(pod.get().getStatus().getPhase()).as(name + ": " + log).isEqualTo("Succeeded");
    return log;
  }
}
