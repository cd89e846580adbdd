package org.mathesar.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.backup.BackupJobFactory;
import org.mathesar.operator.backup.BackupNames;
import org.mathesar.operator.customresource.BackupPhase;
import org.mathesar.operator.customresource.BackupTarget;
import org.mathesar.operator.customresource.ClaimRef;
import org.mathesar.operator.customresource.InstanceRef;
import org.mathesar.operator.customresource.MathesarBackup;
import org.mathesar.operator.customresource.MathesarBackupSpec;
import org.mathesar.operator.status.Conditions;

/**
 * The MathesarBackup controller against a real API server: the test plays the Job controller and
 * the kubelet (a pod with the container's termination message), as the other ITs do.
 */
class MathesarBackupIT extends OperatorTestBase {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void aBackupWaitsForItsVolumeThenCopiesTheKeysRunsItsJobAndRecordsWhatItWrote() {
    var ns = newNamespace();
    credentials(ns, "demo-db");
    client.resource(mathesar(ns, "demo", "demo-db")).create();
    var instance = awaitRunning(ns, "demo");
    client.resource(backup(ns, "nightly", "demo", "backups")).create();

    var waiting = awaitBackup(ns, "nightly", phase(BackupPhase.Pending, "TargetClaimNotFound"));
    assertThat(ready(waiting).getMessage())
        .contains("spec.target.persistentVolumeClaim.claimName", "backups");
    assertThat(client.batch().v1().jobs().inNamespace(ns).withName("nightly-backup").get())
        .isNull();
    awaitEvent(ns, "nightly", "Warning", "TargetClaimNotFound");

    claim(ns, "backups");
    var running = awaitBackup(ns, "nightly", phase(BackupPhase.Running, "BackupRunning"));
    assertThat(running.getStatus().getLocation())
        .isEqualTo("pvc://backups/" + ns + "/demo/nightly/");
    assertThat(running.getStatus().getVersion())
        .isEqualTo(instance.getStatus().getMigratedVersion());
    assertThat(running.getStatus().getStartedAt()).isNotNull();
    var job = client.batch().v1().jobs().inNamespace(ns).withName("nightly-backup").get();
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(running.getMetadata().getUid()));
    var keys = client.secrets().inNamespace(ns).withName("nightly-keys").get();
    assertThat(keys.getMetadata().getOwnerReferences()).isNullOrEmpty();
    var secretKey =
        client.secrets().inNamespace(ns).withName(instance.getStatus().getSecretKeySecret()).get();
    assertThat(keys.getData().get("secret-key")).isEqualTo(secretKey.getData().get("secret-key"));
    assertThat(keys.getData()).containsKeys("admin-username", "admin-password");

    podEnded(ns, "nightly-backup", 0, "{\"databaseBytes\":2048,\"mediaBytes\":10240}");
    finishJob(ns, "nightly-backup", true);
    var done = awaitBackup(ns, "nightly", phase(BackupPhase.Completed, "Completed"));
    assertThat(ready(done).getStatus()).isEqualTo("True");
    assertThat(done.getStatus().getDatabaseBytes()).isEqualTo(2048);
    assertThat(done.getStatus().getMediaBytes()).isEqualTo(10240);
    assertThat(done.getStatus().getCompletedAt()).isNotNull();
    assertThat(done.getStatus().getKeysSecret()).isEqualTo("nightly-keys");
    awaitEvent(ns, "nightly", "Normal", "Completed");
    var registry = operator.registry();
    assertThat(registry.find("mathesar.backups").tag("result", "completed").counter())
        .as("mathesar_backups_total{result=completed}")
        .isNotNull();
    assertThat(
            registry
                .find("mathesar.backup.last.completed.timestamp")
                .tag("namespace", ns)
                .tag("instance", "demo")
                .gauge()
                .value())
        .as("mathesar_backup_last_completed_timestamp_seconds of the instance")
        .isEqualTo(
            (double) java.time.Instant.parse(done.getStatus().getCompletedAt()).getEpochSecond());
    assertThat(registry.find("mathesar.backup.duration").tag("result", "completed").timer().count())
        .isPositive();
    // Its outcome recorded, the Job goes: its finished pod would keep the media volume.
    awaitJobGone(ns, "nightly-backup");

    // Deleting the backup keeps its keys: nothing owns them.
    backupResource(ns, "nightly").delete();
    await().atMost(WAIT).until(() -> backupResource(ns, "nightly").get() == null);
    assertThat(client.secrets().inNamespace(ns).withName("nightly-keys").get()).isNotNull();
  }

  @Test
  void aFailedJobFailsTheBackupWithWhatItsContainerSaidAndItIsNotRunAgain() {
    var ns = newNamespace();
    credentials(ns, "demo-db");
    client.resource(mathesar(ns, "demo", "demo-db")).create();
    awaitRunning(ns, "demo");
    claim(ns, "backups");
    client.resource(backup(ns, "broken", "demo", "backups")).create();
    awaitBackup(ns, "broken", phase(BackupPhase.Running, "BackupRunning"));

    podEnded(ns, "broken-backup", 1, "pg_dump: error: connection to server failed");
    finishJob(ns, "broken-backup", false);
    var failed = awaitBackup(ns, "broken", phase(BackupPhase.Failed, "BackupFailed"));
    assertThat(ready(failed).getMessage()).contains("pg_dump: error: connection to server failed");
    assertThat(failed.getStatus().getCompletedAt()).isNotNull();
    awaitEvent(ns, "broken", "Warning", "BackupFailed");

    // Final: the Job, deleted once its outcome is recorded, is not made again.
    awaitJobGone(ns, "broken-backup");
    backupResource(ns, "broken")
        .edit(
            b -> {
              b.getSpec().setImage("postgres:16");
              return b;
            });
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                client.batch().v1().jobs().inNamespace(ns).withName("broken-backup").get() == null);
    assertThat(backupResource(ns, "broken").get().getStatus().getPhase())
        .isEqualTo(BackupPhase.Failed);
  }

  @Test
  void anInstanceThatDoesNotExistIsReportedAndTheBackupStartsWhenItIsMigrated() {
    var ns = newNamespace();
    claim(ns, "backups");
    client.resource(backup(ns, "early", "later", "backups")).create();
    var missing = awaitBackup(ns, "early", phase(BackupPhase.Pending, "InstanceNotFound"));
    assertThat(ready(missing).getMessage()).contains("spec.instanceRef.name", "later");

    credentials(ns, "later-db");
    client.resource(mathesar(ns, "later", "later-db")).create();
    awaitRunning(ns, "later");
    awaitBackup(ns, "early", phase(BackupPhase.Running, "BackupRunning"));
    var container = jobContainer(ns, BackupNames.job(backupResource(ns, "early").get()));
    assertThat(container.getImage()).isEqualTo(BackupJobFactory.DEFAULT_IMAGE);
  }

  /**
   * spec.restoreFrom naming a Completed MathesarBackup: the Secrets start from its keys, the
   * restore Job runs before any migration, a refusal shows its reason and is tried again once its
   * Job is deleted; after the restore the migration makes no admin, and the restore is recorded. On
   * an instance that ran, restoreFrom is refused and nothing of it is touched.
   */
  @Test
  void aNewInstanceIsRestoredFromABackupBeforeAnyMigration() {
    var ns = newNamespace();
    credentials(ns, "demo-db");
    client.resource(mathesar(ns, "old", "demo-db")).create();
    awaitRunning(ns, "old");
    claim(ns, "backups");
    client.resource(backup(ns, "nightly", "old", "backups")).create();
    awaitBackup(ns, "nightly", phase(BackupPhase.Running, "BackupRunning"));
    podEnded(
        ns, "nightly-backup", "nightly-backup-pod", 0, "{\"databaseBytes\":1,\"mediaBytes\":1}");
    finishJob(ns, "nightly-backup", true);
    awaitBackup(ns, "nightly", phase(BackupPhase.Completed, "Completed"));
    var keys = client.secrets().inNamespace(ns).withName("nightly-keys").get();

    var restored = mathesar(ns, "new", "demo-db");
    var from = new org.mathesar.operator.customresource.RestoreSource();
    from.setBackup("nightly");
    restored.getSpec().setRestoreFrom(from);
    client.resource(restored).create();
    var restoring = awaitMathesar(ns, "new", condition(Conditions.READY, "False", "Restoring"));
    assertThat(restoring.getStatus().getPhase())
        .isEqualTo(org.mathesar.operator.customresource.Phase.Restoring);
    var job = client.batch().v1().jobs().inNamespace(ns).withName("new-restore").get();
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(restoring.getMetadata().getUid()));
    var pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getPersistentVolumeClaim() != null)
        .extracting(v -> v.getPersistentVolumeClaim().getClaimName())
        .containsExactlyInAnyOrder("backups", "new-media");
    assertThat(pod.getContainers().get(0).getEnv())
        .filteredOn(e -> e.getName().equals("RESTORE_DIRECTORY"))
        .singleElement()
        .satisfies(e -> assertThat(e.getValue()).isEqualTo(ns + "/old/nightly"));
    assertThat(jobs(ns, "new", "migrate")).as("no migration before the restore").isEmpty();
    var key = client.secrets().inNamespace(ns).withName("new-secret-key").get();
    assertThat(key.getData().get("secret-key")).isEqualTo(keys.getData().get("secret-key"));
    var admin = client.secrets().inNamespace(ns).withName("new-admin").get();
    assertThat(admin.getData().get("username")).isEqualTo(keys.getData().get("admin-username"));
    assertThat(admin.getData().get("password")).isEqualTo(keys.getData().get("admin-password"));

    // The Job refuses a database with data: its reason, nothing else made.
    podEnded(
        ns,
        "new-restore",
        "new-restore-1",
        1,
        "DatabaseNotEmpty: database mathesar_django on db:5432 already holds 12 tables");
    finishJob(ns, "new-restore", false);
    var refused =
        awaitMathesar(ns, "new", condition(Conditions.READY, "False", "DatabaseNotEmpty"));
    assertThat(refused.getStatus().getPhase())
        .isEqualTo(org.mathesar.operator.customresource.Phase.Failed);
    assertThat(
            Conditions.find(refused.getStatus().getConditions(), "Degraded")
                .orElseThrow()
                .getMessage())
        .contains("already holds 12 tables", "delete job new-restore");
    assertThat(jobs(ns, "new", "migrate")).isEmpty();

    // Deleted, the Job is made again; this time it restores.
    var firstUid = job.getMetadata().getUid();
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(ns)
        .withName("new-restore")
        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
        .delete();
    await()
        .atMost(WAIT)
        .until(
            () -> {
              var again = client.batch().v1().jobs().inNamespace(ns).withName("new-restore").get();
              return again != null && !again.getMetadata().getUid().equals(firstUid);
            });
    finishJob(ns, "new-restore", true);
    var done =
        awaitMathesar(
            ns, "new", m -> m.getStatus() != null && m.getStatus().getRestoredFrom() != null);
    assertThat(done.getStatus().getRestoredFrom())
        .isEqualTo("pvc://backups/" + ns + "/old/nightly/");
    assertThat(done.getStatus().getAdminCreated()).isTrue();
    var migration = awaitJob(ns, "new", "migrate");
    assertThat(org.mathesar.operator.desired.JobFactory.createsAdmin(migration))
        .as("the backup's admin is in the restored database")
        .isFalse();
    awaitJobGone(ns, "new-restore");
    awaitInstalled(ns, "new");
    markDeploymentReady(ns, "new");
    awaitMathesar(ns, "new", condition(Conditions.READY, "True", null));
    assertThat(jobs(ns, "new", "admin")).isEmpty();

    // On an instance that ran, a restore is refused; what runs is left alone.
    var before = client.apps().deployments().inNamespace(ns).withName("old").get();
    editMathesar(
        ns,
        "old",
        m -> {
          var f = new org.mathesar.operator.customresource.RestoreSource();
          f.setBackup("nightly");
          m.getSpec().setRestoreFrom(f);
          return m;
        });
    var over =
        awaitMathesar(
            ns, "old", condition(Conditions.DEGRADED, "True", "RestoreOverExistingInstance"));
    assertThat(over.getStatus().getRestoredFrom()).isNull();
    assertThat(jobs(ns, "old", "restore")).isEmpty();
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(ns)
                .withName("old")
                .get()
                .getMetadata()
                .getResourceVersion())
        .isEqualTo(before.getMetadata().getResourceVersion());
  }

  /**
   * spec.backup.target: before the migration of a new version a MathesarBackup of the old one is
   * taken and the migration waits for it; a failed one stops the upgrade (the old version serves);
   * deleted with its keys Secret, it is taken again and the upgrade goes on.
   */
  @Test
  void anUpgradeTakesItsBackupFirstAndAFailedBackupStopsIt() {
    var ns = newNamespace();
    credentials(ns, "demo-db");
    claim(ns, "backups");
    var m = mathesar(ns, "up", "demo-db");
    m.getSpec().setVersion("0.11.0");
    var own = new org.mathesar.operator.customresource.InstanceBackupSpec();
    own.setTarget(new BackupTarget(new ClaimRef("backups")));
    own.setImage("mirror.example/postgres:16");
    m.getSpec().setBackup(own);
    client.resource(m).create();
    awaitRunning(ns, "up");
    assertThat(client.resources(MathesarBackup.class).inNamespace(ns).list().getItems())
        .as("a first install has nothing to back up")
        .isEmpty();

    editMathesar(ns, "up", e -> upgradeTo(e, "0.12.0"));
    var taken = awaitBackup(ns, "up-pre-0-12-0", phase(BackupPhase.Running, "BackupRunning"));
    assertThat(taken.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(taken.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/instance", "up")
        .containsEntry("app.kubernetes.io/component", "backup");
    assertThat(taken.getSpec().getImage()).isEqualTo("mirror.example/postgres:16");
    assertThat(taken.getStatus().getVersion()).isEqualTo("0.11.0");
    var backingUp = awaitMathesar(ns, "up", condition(Conditions.PROGRESSING, "True", "BackingUp"));
    assertThat(Conditions.find(backingUp.getStatus().getConditions(), "Ready").orElseThrow())
        .satisfies(
            c -> {
              assertThat(c.getReason()).isEqualTo("Upgrading");
              assertThat(c.getMessage()).contains("MathesarBackup up-pre-0-12-0 runs");
            });
    assertThat(jobs(ns, "up", "migrate")).as("no migration before the backup").isEmpty();

    podEnded(ns, "up-pre-0-12-0-backup", "first-try", 1, "pg_dump: error: connection failed");
    finishJob(ns, "up-pre-0-12-0-backup", false);
    var failed = awaitMathesar(ns, "up", condition(Conditions.DEGRADED, "True", "BackupFailed"));
    assertThat(
            Conditions.find(failed.getStatus().getConditions(), "Degraded")
                .orElseThrow()
                .getMessage())
        .contains("MathesarBackup up-pre-0-12-0 failed", "0.11.0 keeps serving", "msarbackup");
    assertThat(jobs(ns, "up", "migrate")).isEmpty();
    assertThat(webContainer(ns, "up").getImage()).endsWith(":0.11.0");

    // Deleted with its keys Secret (owned by nothing), the backup is taken again.
    client.pods().inNamespace(ns).withName("first-try").delete();
    backupResource(ns, "up-pre-0-12-0").delete();
    client.secrets().inNamespace(ns).withName("up-pre-0-12-0-keys").delete();
    await()
        .atMost(WAIT)
        .until(
            () -> {
              var again = backupResource(ns, "up-pre-0-12-0").get();
              return again != null
                  && !again.getMetadata().getUid().equals(taken.getMetadata().getUid())
                  && again.getStatus() != null
                  && again.getStatus().getPhase() == BackupPhase.Running;
            });
    podEnded(
        ns, "up-pre-0-12-0-backup", "second-try", 0, "{\"databaseBytes\":10,\"mediaBytes\":10}");
    finishJob(ns, "up-pre-0-12-0-backup", true);
    awaitBackup(ns, "up-pre-0-12-0", phase(BackupPhase.Completed, "Completed"));
    var migration = awaitJob(ns, "up", "migrate");
    assertThat(migration.getMetadata().getName()).isEqualTo("up-migrate-0-12-0");
  }

  /**
   * spec.backup.schedule: the slot that comes is backed up, and retention (keep 1) deletes the
   * older scheduled backup once the new one is Completed; being deletionPolicy Delete, its files go
   * first (the prune Job), then its keys Secret. A backup made by hand is never touched.
   */
  @Test
  void aScheduleBacksUpEachSlotAndRetentionRemovesTheOldestWithItsFiles() {
    var ns = newNamespace();
    credentials(ns, "demo-db");
    claim(ns, "backups");
    var m = mathesar(ns, "sched", "demo-db");
    var own = new org.mathesar.operator.customresource.InstanceBackupSpec();
    own.setTarget(new BackupTarget(new ClaimRef("backups")));
    own.setSchedule("* * * * *");
    own.setKeep(1);
    m.getSpec().setBackup(own);
    client.resource(m).create();
    awaitRunning(ns, "sched");

    // An older scheduled backup, Completed, as an earlier slot left it.
    var old =
        org.mathesar.operator.desired.PreUpgradeBackupFactory.scheduled(
            org.mathesar.operator.desired.ResolvedInstance.resolve(
                mathesarResource(ns, "sched").get(),
                org.mathesar.operator.config.OperatorConfig.defaults(),
                ""),
            java.time.Instant.parse("2020-01-01T00:00:00Z"));
    client.resource(old).create();
    awaitBackup(ns, "sched-20200101-0000", phase(BackupPhase.Running, "BackupRunning"));
    podEnded(ns, "sched-20200101-0000-backup", 0, "{\"databaseBytes\":1,\"mediaBytes\":1}");
    finishJob(ns, "sched-20200101-0000-backup", true);
    awaitBackup(ns, "sched-20200101-0000", phase(BackupPhase.Completed, "Completed"));
    var byHand = backup(ns, "by-hand", "sched", "backups");
    client.resource(byHand).create();

    // The next minute's slot is backed up.
    var slot =
        await()
            .atMost(Duration.ofSeconds(90))
            .until(
                () ->
                    client
                        .resources(MathesarBackup.class)
                        .inNamespace(ns)
                        .list()
                        .getItems()
                        .stream()
                        .filter(b -> b.getMetadata().getName().startsWith("sched-2"))
                        .filter(b -> !b.getMetadata().getName().equals("sched-20200101-0000"))
                        .filter(
                            b ->
                                b.getStatus() != null
                                    && b.getStatus().getPhase() == BackupPhase.Running)
                        .findFirst(),
                java.util.Optional::isPresent)
            .orElseThrow();
    assertThat(slot.getSpec().getDeletionPolicy())
        .isEqualTo(org.mathesar.operator.customresource.DeletionPolicy.Delete);
    assertThat(slot.getMetadata().getOwnerReferences()).isNullOrEmpty();
    var job = slot.getMetadata().getName() + "-backup";
    podEnded(ns, job, 0, "{\"databaseBytes\":2,\"mediaBytes\":2}");
    finishJob(ns, job, true);

    // Keep 1: the older one goes, its files first.
    var prune =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    client
                        .batch()
                        .v1()
                        .jobs()
                        .inNamespace(ns)
                        .withName("sched-20200101-0000-prune")
                        .get(),
                j -> j != null);
    assertThat(prune.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("BACKUP_DIRECTORY");
              assertThat(e.getValue()).isEqualTo(ns + "/sched/sched-20200101-0000");
            });
    assertThat(backupResource(ns, "sched-20200101-0000").get())
        .as("kept until its files are gone")
        .isNotNull();
    assertThat(client.secrets().inNamespace(ns).withName("sched-20200101-0000-keys").get())
        .isNotNull();
    finishJob(ns, "sched-20200101-0000-prune", true);
    await()
        .atMost(WAIT)
        .until(
            () ->
                backupResource(ns, "sched-20200101-0000").get() == null
                    && client.secrets().inNamespace(ns).withName("sched-20200101-0000-keys").get()
                        == null);
    assertThat(backupResource(ns, slot.getMetadata().getName()).get()).isNotNull();
    assertThat(backupResource(ns, "by-hand").get())
        .as("a backup made by hand is never deleted")
        .isNotNull();
  }

  /**
   * A bucket backup deleted with deletionPolicy Delete after its credentials Secret was: no prune
   * Job whose pod could never start, a Warning that says what to do, and the prune once the Secret
   * is back.
   */
  @Test
  void aBucketBackupWithoutItsCredentialsIsNotPrunedBlindlyAndSaysWhatToDo() {
    var ns = namespaceWithRunningDemo();
    bucketCredentials(ns);
    var b = bucketBackup(ns, "offsite", "http://s3.example.invalid:9000");
    b.getSpec().setDeletionPolicy(org.mathesar.operator.customresource.DeletionPolicy.Delete);
    client.resource(b).create();
    awaitBackup(ns, "offsite", phase(BackupPhase.Running, "BackupRunning"));
    podEnded(ns, "offsite-backup", 0, "{\"databaseBytes\":2048,\"mediaBytes\":10240}");
    finishJob(ns, "offsite-backup", true);
    awaitBackup(ns, "offsite", phase(BackupPhase.Completed, "Completed"));

    client.secrets().inNamespace(ns).withName("bucket-creds").delete();
    await()
        .atMost(WAIT)
        .until(() -> client.secrets().inNamespace(ns).withName("bucket-creds").get() == null);
    backupResource(ns, "offsite").delete();
    awaitEvent(ns, "offsite", "Warning", "PruneBlocked");
    assertThat(
            client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> "PruneBlocked".equals(e.getReason()))
                .findFirst()
                .orElseThrow()
                .getMessage())
        .contains("spec.target.s3.credentialsSecret", "bucket-creds")
        .contains("s3://backups/" + ns + "/demo/offsite/")
        .contains("remove its finalizer");
    assertThat(client.batch().v1().jobs().inNamespace(ns).withName("offsite-prune").get())
        .as("no prune Job without its credentials")
        .isNull();
    assertThat(backupResource(ns, "offsite").get()).as("kept by its finalizer").isNotNull();

    bucketCredentials(ns);
    await()
        .atMost(WAIT)
        .until(
            () ->
                client.batch().v1().jobs().inNamespace(ns).withName("offsite-prune").get() != null);
    finishJob(ns, "offsite-prune", true);
    await().atMost(WAIT).until(() -> backupResource(ns, "offsite").get() == null);
  }

  /**
   * A bucket behind a private CA: Pending while caSecret names no Secret (polled, no Job), then the
   * upload container reads the CA from that Secret by reference.
   */
  @Test
  void aBucketBehindAPrivateCaWaitsForTheCaSecretAndItsJobTrustsIt() {
    var ns = namespaceWithRunningDemo();
    bucketCredentials(ns);
    var b = bucketBackup(ns, "private", "https://minio.storage.example:9000");
    b.getSpec()
        .getTarget()
        .getS3()
        .setCaSecret(new org.mathesar.operator.customresource.CaCertificateRef("storage-ca"));
    client.resource(b).create();
    var pending = awaitBackup(ns, "private", phase(BackupPhase.Pending, "S3CaSecretNotFound"));
    assertThat(ready(pending).getMessage()).contains("storage-ca", "'ca.crt'");
    assertThat(client.batch().v1().jobs().inNamespace(ns).withName("private-backup").get())
        .as("no Job whose pod could not start")
        .isNull();

    client
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("storage-ca")
                .withNamespace(ns)
                .endMetadata()
                .withStringData(
                    java.util.Map.of(
                        "ca.crt", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"))
                .build())
        .create();
    awaitBackup(ns, "private", phase(BackupPhase.Running, "BackupRunning"));
    var upload = jobContainer(ns, "private-backup");
    assertThat(upload.getEnv())
        .filteredOn(e -> "S3_CA_PEM".equals(e.getName()))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getValue()).isNull();
              assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("storage-ca");
              assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("ca.crt");
            });
  }

  /**
   * A bucket backup with deletionPolicy Delete that waited for its credentials and never ran wrote
   * nothing: deleting it is not blocked by the Secret it waited for, and makes no prune Job.
   */
  @Test
  void aBucketBackupThatNeverRanIsDeletedAtOnceWithoutItsCredentials() {
    var ns = namespaceWithRunningDemo();
    var b = bucketBackup(ns, "waiting", "http://s3.example.invalid:9000");
    b.getSpec().setDeletionPolicy(org.mathesar.operator.customresource.DeletionPolicy.Delete);
    client.resource(b).create();
    awaitBackup(ns, "waiting", phase(BackupPhase.Pending, "S3CredentialsNotFound"));
    assertThat(backupResource(ns, "waiting").get().getMetadata().getFinalizers())
        .as("its finalizer is in place, so the deletion goes through cleanup")
        .isNotEmpty();

    backupResource(ns, "waiting").delete();
    await().atMost(WAIT).until(() -> backupResource(ns, "waiting").get() == null);
    assertThat(client.batch().v1().jobs().inNamespace(ns).withName("waiting-prune").get())
        .as("nothing to prune")
        .isNull();
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .noneMatch(e -> "PruneBlocked".equals(e.getReason()));
  }

  private static String namespaceWithRunningDemo() {
    var ns = newNamespace();
    credentials(ns, "demo-db");
    client.resource(mathesar(ns, "demo", "demo-db")).create();
    awaitRunning(ns, "demo");
    return ns;
  }

  /** A backup of demo to the bucket "backups" with the credentials Secret bucket-creds. */
  private static MathesarBackup bucketBackup(String ns, String name, String endpoint) {
    var s3 = new org.mathesar.operator.customresource.S3Target();
    s3.setEndpoint(endpoint);
    s3.setBucket("backups");
    s3.setCredentialsSecret("bucket-creds");
    var b = backup(ns, name, "demo", "unused");
    b.getSpec().setTarget(new BackupTarget(s3));
    return b;
  }

  private static void bucketCredentials(String ns) {
    client
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("bucket-creds")
                .withNamespace(ns)
                .endMetadata()
                .withStringData(
                    java.util.Map.of(
                        "AWS_ACCESS_KEY_ID", "key-id", "AWS_SECRET_ACCESS_KEY", "secret-key"))
                .build())
        .create();
  }

  private static MathesarBackup backup(String ns, String name, String instance, String claim) {
    var spec = new MathesarBackupSpec();
    spec.setInstanceRef(new InstanceRef(instance));
    spec.setTarget(new BackupTarget(new ClaimRef(claim)));
    var b = new MathesarBackup();
    b.getMetadata().setName(name);
    b.getMetadata().setNamespace(ns);
    b.setSpec(spec);
    return b;
  }

  private static void claim(String ns, String name) {
    client
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .addToRequests("storage", new Quantity("1Gi"))
                .endResources()
                .endSpec()
                .build())
        .create();
  }

  /** Plays the kubelet: the Job's pod ended with this exit code and termination message. */
  private static void podEnded(String ns, String job, int exitCode, String message) {
    podEnded(ns, job, job + "-pod", exitCode, message);
  }

  private static void podEnded(String ns, String job, String name, int exitCode, String message) {
    var pod =
        client
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(ns)
                    .addToLabels("job-name", job)
                    .endMetadata()
                    .withNewSpec()
                    .addNewContainer()
                    .withName("backup")
                    .withImage("postgres:17")
                    .endContainer()
                    .withRestartPolicy("Never")
                    .endSpec()
                    .build())
            .create();
    pod.setStatus(
        new io.fabric8.kubernetes.api.model.PodStatusBuilder()
            .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
            .addNewContainerStatus()
            .withName("backup")
            .withImage("postgres:17")
            .withImageID("")
            .withReady(false)
            .withRestartCount(0)
            .withNewState()
            .withNewTerminated()
            .withExitCode(exitCode)
            .withMessage(message)
            .withReason(exitCode == 0 ? "Completed" : "Error")
            .endTerminated()
            .endState()
            .endContainerStatus()
            .build());
    client.resource(pod).updateStatus();
  }

  private static void awaitJobGone(String ns, String job) {
    await()
        .atMost(WAIT)
        .until(() -> client.batch().v1().jobs().inNamespace(ns).withName(job).get() == null);
  }

  private static Resource<MathesarBackup> backupResource(String ns, String name) {
    return client.resources(MathesarBackup.class).inNamespace(ns).withName(name);
  }

  private static MathesarBackup awaitBackup(
      String ns, String name, Predicate<MathesarBackup> condition) {
    return awaitResource(backupResource(ns, name), WAIT, condition);
  }

  private static Predicate<MathesarBackup> phase(BackupPhase phase, String reason) {
    return b ->
        b.getStatus() != null
            && b.getStatus().getPhase() == phase
            && b.getMetadata().getGeneration().equals(b.getStatus().getObservedGeneration())
            && Conditions.find(b.getStatus().getConditions(), Conditions.READY)
                .filter(c -> reason.equals(c.getReason()))
                .isPresent();
  }

  private static Condition ready(MathesarBackup b) {
    return Conditions.find(b.getStatus().getConditions(), Conditions.READY).orElseThrow();
  }

  private static void awaitEvent(String ns, String name, String type, String reason) {
    awaitEvent(
        ns,
        e ->
            "MathesarBackup".equals(e.getInvolvedObject().getKind())
                && name.equals(e.getInvolvedObject().getName())
                && type.equals(e.getType())
                && reason.equals(e.getReason()));
  }
}
