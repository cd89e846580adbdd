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
    var container =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(ns)
            .withName(BackupNames.job(backupResource(ns, "early").get()))
            .get()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(container.getImage()).isEqualTo(BackupJobFactory.DEFAULT_IMAGE);
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
    var pod =
        client
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName(job + "-pod")
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
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client.v1().events().inNamespace(ns).list().getItems().stream()
                    .anyMatch(
                        e ->
                            "MathesarBackup".equals(e.getInvolvedObject().getKind())
                                && name.equals(e.getInvolvedObject().getName())
                                && type.equals(e.getType())
                                && reason.equals(e.getReason())));
  }
}
