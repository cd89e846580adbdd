package org.mathesar.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
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
    PostgresServer.start(client(), ns);
    client().resource(mathesar(ns, NAME, RealCluster.VERSION)).create();
    var instance = awaitMathesar(ns, NAME, RealCluster.READY_TIMEOUT, ready());
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
    client()
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("backups")
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
    awaitWritable(ns, "backups");

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
                + "/backup.json");
    var lines = listing.lines().toList();
    assertThat(Integer.parseInt(lines.get(0).trim()))
        .as("Mathesar tables in the dump")
        .isPositive();
    assertThat(lines.get(1)).isEqualTo("kept by the backup");
    assertThat(lines.get(2).trim()).as("static files in the archive").isEqualTo("0");
    assertThat(lines.get(3)).contains("\"version\":\"" + RealCluster.VERSION + "\"");
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
  }

  /**
   * The claim is bound and, on the project's cluster, its hostPath directory is open to the pods'
   * uid: the kubelet applies no fsGroup to hostPath, and .ci/cluster.sh opens new volumes within
   * seconds. Other provisioners (kind's local-path) make them writable from the start.
   */
  private static void awaitWritable(String ns, String claim) {
    await("claim " + claim + " bound and writable")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              var pvc = client().persistentVolumeClaims().inNamespace(ns).withName(claim).get();
              if (pvc == null || !"Bound".equals(pvc.getStatus().getPhase())) {
                return false;
              }
              var pv = client().persistentVolumes().withName(pvc.getSpec().getVolumeName()).get();
              if (pv == null || pv.getSpec().getHostPath() == null) {
                return pv != null;
              }
              var dir = java.nio.file.Path.of(pv.getSpec().getHostPath().getPath());
              return !java.nio.file.Files.isDirectory(dir)
                  || java.nio.file.Files.getPosixFilePermissions(dir)
                      .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE);
            });
  }

  private static Resource<MathesarBackup> backupResource(String ns, String name) {
    return client().resources(MathesarBackup.class).inNamespace(ns).withName(name);
  }

  /** Runs a shell command in a pod of the PostgreSQL image with the backup volume; its output. */
  private static String readBack(String ns, String command) {
    var name = "read-backup";
    client()
        .resource(
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
                .withName("read")
                .withImage(RealCluster.POSTGRES_IMAGE)
                .withCommand("bash", "-c", command)
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
                .build())
        .create();
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
    assertThat(pod.get().getStatus().getPhase()).as(pod.getLog()).isEqualTo("Succeeded");
    return new String(pod.getLog().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }
}
