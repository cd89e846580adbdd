package org.mathesar.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.config.OperatorConfig;
import org.mathesar.operator.customresource.BackupTarget;
import org.mathesar.operator.customresource.ClaimRef;
import org.mathesar.operator.customresource.InstanceRef;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MathesarBackup;
import org.mathesar.operator.customresource.MathesarBackupSpec;
import org.mathesar.operator.customresource.MediaSpec.MediaAccessMode;
import org.mathesar.operator.desired.ResolvedInstance;
import org.mathesar.operator.it.OperatorTestBase;
import org.mathesar.operator.validation.SpecProblem;

class BackupFactoriesTest {
  static final String NS = "shop";

  static MathesarBackup backup(String name, String claim) {
    var spec = new MathesarBackupSpec();
    spec.setInstanceRef(new InstanceRef("mathesar"));
    spec.setTarget(new BackupTarget(new ClaimRef(claim)));
    var b = new MathesarBackup();
    b.getMetadata().setName(name);
    b.getMetadata().setNamespace(NS);
    b.getMetadata().setUid("b-uid");
    b.setSpec(spec);
    return b;
  }

  static Mathesar instance() {
    return OperatorTestBase.mathesar(NS, "mathesar", "internal-credentials");
  }

  static ResolvedInstance resolved(Mathesar m) {
    return ResolvedInstance.resolve(m, OperatorConfig.defaults(), "");
  }

  @Test
  void theJobDumpsTheDatabaseAndArchivesTheMediaIntoItsOwnDirectory() {
    var b = backup("nightly", "backups");
    var job = BackupJobFactory.build(b, resolved(instance()), "{\"version\":\"0.11.0\"}");

    assertThat(job.getMetadata().getName()).isEqualTo("nightly-backup");
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("MathesarBackup");
              assertThat(o.getUid()).isEqualTo("b-uid");
              assertThat(o.getController()).isTrue();
            });
    assertThat(job.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/instance", "mathesar")
        .containsEntry("app.kubernetes.io/component", "backup")
        .containsEntry("app.kubernetes.io/managed-by", "mathesar-operator")
        .containsEntry(BackupNames.BACKUP_LABEL, "nightly");
    assertThat(job.getSpec().getBackoffLimit()).isZero();
    var pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getPersistentVolumeClaim() != null)
        .extracting(Volume::getName, v -> v.getPersistentVolumeClaim().getClaimName())
        .containsExactlyInAnyOrder(
            org.assertj.core.api.Assertions.tuple("backup-target", "backups"),
            org.assertj.core.api.Assertions.tuple("media", "mathesar-media"));
    var c = pod.getContainers().get(0);
    assertThat(c.getImage()).isEqualTo(BackupJobFactory.DEFAULT_IMAGE);
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
    assertThat(c.getVolumeMounts())
        .filteredOn(m -> m.getName().equals("media"))
        .extracting(VolumeMount::getMountPath, VolumeMount::getReadOnly)
        .containsExactly(org.assertj.core.api.Assertions.tuple("/media", true));
    assertThat(c.getEnv())
        .extracting(EnvVar::getName)
        .contains("POSTGRES_HOST", "POSTGRES_PASSWORD", "PGSSLMODE", "BACKUP_DIRECTORY");
    assertThat(c.getEnv())
        .filteredOn(e -> e.getName().equals("BACKUP_DIRECTORY"))
        .extracting(EnvVar::getValue)
        .containsExactly("shop/mathesar/nightly");
    assertThat(c.getCommand().get(2))
        .contains("pg_dump --format=custom", "! -name '~static'", "mv -T", "already at");
  }

  @Test
  void withReadWriteOnceMediaTheJobRunsBesideTheWebPods() {
    var m = instance();
    m.getSpec().getMedia().setAccessMode(MediaAccessMode.ReadWriteOnce);
    var affinity =
        BackupJobFactory.build(backup("b", "backups"), resolved(m), "{}")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getAffinity();
    assertThat(affinity.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
              assertThat(t.getLabelSelector().getMatchLabels())
                  .containsEntry("app.kubernetes.io/component", "web");
            });
    var image = backup("c", "backups");
    image.getSpec().setImage("registry.example/postgres:16");
    assertThat(
            BackupJobFactory.build(image, resolved(m), "{}")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage())
        .isEqualTo("registry.example/postgres:16");
  }

  @Test
  void theKeysSecretIsOwnedByNothingAndHoldsTheKeyAndTheAdmin() {
    var s =
        BackupKeysSecretFactory.build(
            backup("nightly", "backups"),
            instance(),
            "a2V5",
            Map.of("username", "YWRtaW4=", "password", "cHc="));
    assertThat(s.getMetadata().getName()).isEqualTo("nightly-keys");
    assertThat(s.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(s.getImmutable()).isTrue();
    assertThat(s.getData())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("secret-key", "a2V5", "admin-username", "YWRtaW4=", "admin-password", "cHc="));
    assertThat(s.getMetadata().getAnnotations())
        .containsEntry(BackupNames.BACKUP_UID_ANNOTATION, "b-uid");
  }

  @Test
  void validationNamesEveryProblemWithItsField() {
    var claim =
        Optional.of(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("backups")
                .endMetadata()
                .build());
    assertThat(
            BackupSpecValidator.validate(
                backup("b", "backups"),
                Optional.of(instance()),
                claim,
                S3TargetJobsTest.secrets(),
                Optional.empty()))
        .isEmpty();
    var problems =
        BackupSpecValidator.validate(
            backup("x".repeat(60), "backups"),
            Optional.empty(),
            Optional.empty(),
            S3TargetJobsTest.secrets(),
            Optional.empty());
    assertThat(problems)
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(
            org.assertj.core.api.Assertions.tuple("NameTooLong", "metadata.name"),
            org.assertj.core.api.Assertions.tuple("InstanceNotFound", "spec.instanceRef.name"),
            org.assertj.core.api.Assertions.tuple(
                "TargetClaimNotFound", "spec.target.persistentVolumeClaim.claimName"));
    assertThat(
            BackupSpecValidator.validate(
                    backup("b", "mathesar-media"),
                    Optional.of(instance()),
                    claim,
                    S3TargetJobsTest.secrets(),
                    Optional.empty())
                .get(0)
                .reason())
        .isEqualTo("TargetIsMediaVolume");
    var ours = BackupKeysSecretFactory.build(backup("b", "backups"), instance(), "a2V5", Map.of());
    assertThat(
            BackupSpecValidator.validate(
                backup("b", "backups"),
                Optional.of(instance()),
                claim,
                S3TargetJobsTest.secrets(),
                Optional.of(ours)))
        .as("its own keys Secret, from an earlier try")
        .isEmpty();
    var earlier =
        BackupKeysSecretFactory.build(backup("b", "backups"), instance(), "a2V5", Map.of());
    earlier.getMetadata().getAnnotations().put(BackupNames.BACKUP_UID_ANNOTATION, "another-uid");
    assertThat(
            BackupSpecValidator.validate(
                    backup("b", "backups"),
                    Optional.of(instance()),
                    claim,
                    S3TargetJobsTest.secrets(),
                    Optional.of(earlier))
                .get(0)
                .reason())
        .isEqualTo("KeysSecretExists");
    var empty = new MathesarBackup();
    empty.getMetadata().setName("e");
    empty.getMetadata().setNamespace(NS);
    assertThat(
            BackupSpecValidator.validate(
                empty,
                Optional.empty(),
                Optional.empty(),
                S3TargetJobsTest.secrets(),
                Optional.empty()))
        .extracting(SpecProblem::reason)
        .containsExactly("InvalidSpec");
  }
}
