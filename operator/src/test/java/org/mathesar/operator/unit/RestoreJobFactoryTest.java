package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.desired.RestoreJobFactory;
import org.mathesar.operator.desired.RestorePoint;

class RestoreJobFactoryTest {
  private static final RestorePoint POINT =
      new RestorePoint(
          new org.mathesar.operator.desired.BackupLocation.OnClaim("backups", "team-a/old/nightly"),
          "nightly-keys",
          "postgres:16",
          "MathesarBackup nightly");

  @Test
  void theJobReadsTheBackupReadOnlyAndWritesTheNewMediaVolume() {
    var instance = TestResources.resolved(TestResources.mathesar());
    var job = RestoreJobFactory.build(instance, POINT);

    assertThat(job.getMetadata().getName()).isEqualTo("demo-restore");
    assertThat(job.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/component", "restore")
        .containsEntry("app.kubernetes.io/instance", "demo");
    assertThat(job.getSpec().getBackoffLimit()).isZero();
    var pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getPersistentVolumeClaim() != null)
        .extracting(
            Volume::getName,
            v -> v.getPersistentVolumeClaim().getClaimName(),
            v -> v.getPersistentVolumeClaim().getReadOnly())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("backup-source", "backups", true),
            org.assertj.core.groups.Tuple.tuple("media", "demo-media", null));
    var container = pod.getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("postgres:16");
    assertThat(container.getVolumeMounts())
        .extracting(VolumeMount::getMountPath, VolumeMount::getReadOnly)
        .contains(
            org.assertj.core.groups.Tuple.tuple("/backup", true),
            org.assertj.core.groups.Tuple.tuple("/media", null));
    assertThat(container.getEnv())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .contains(
            org.assertj.core.groups.Tuple.tuple("RESTORE_DIRECTORY", "team-a/old/nightly"),
            org.assertj.core.groups.Tuple.tuple(
                "RESTORE_LOCATION", "pvc://backups/team-a/old/nightly/"),
            org.assertj.core.groups.Tuple.tuple("TARGET_VERSION", instance.version()));
    // The password comes from the Secret, never as a value in the Job.
    assertThat(container.getEnv())
        .filteredOn(e -> e.getName().equals("POSTGRES_PASSWORD"))
        .allSatisfy(e -> assertThat(e.getValue()).isNull());
  }

  @Test
  void theScriptRefusesBeforeItWritesAndRestoresInOneTransaction() {
    var script =
        RestoreJobFactory.build(TestResources.resolved(TestResources.mathesar()), POINT)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getCommand()
            .get(2);
    var restore = script.indexOf("pg_restore ");
    assertThat(restore).isPositive();
    for (var refusal :
        new String[] {
          "refuse BackupNotFound",
          "refuse BackupNewerThanVersion",
          "refuse DatabaseNotEmpty",
          "refuse MediaNotWritable",
          "refuse MediaNotEmpty"
        }) {
      assertThat(script.indexOf(refusal)).as(refusal).isPositive().isLessThan(restore);
    }
    assertThat(script).contains("--single-transaction").contains("--exit-on-error");
    assertThat(script.indexOf("tar -xf")).isGreaterThan(restore);
  }
}
