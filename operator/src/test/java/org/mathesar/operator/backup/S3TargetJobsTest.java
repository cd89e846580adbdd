package org.mathesar.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.BackupTarget;
import org.mathesar.operator.customresource.CaCertificateRef;
import org.mathesar.operator.customresource.ClaimRef;
import org.mathesar.operator.customresource.MathesarBackup;
import org.mathesar.operator.customresource.MathesarBackupStatus;
import org.mathesar.operator.customresource.S3Target;
import org.mathesar.operator.desired.BackupLocation;
import org.mathesar.operator.desired.RestoreJobFactory;
import org.mathesar.operator.desired.RestorePoint;
import org.mathesar.operator.desired.S3Transfer;
import org.mathesar.operator.lookup.SecretLookup;
import org.mathesar.operator.validation.SpecProblem;

/**
 * A bucket as the target: the Jobs that write, restore and remove a backup there, and its checks.
 */
class S3TargetJobsTest {
  static S3Target bucket() {
    var s3 = new S3Target();
    s3.setEndpoint("http://s3.storage.svc:9000");
    s3.setBucket("mathesar-backups");
    s3.setPath("cluster-a");
    s3.setCredentialsSecret("s3-credentials");
    return s3;
  }

  /** The Secrets of the namespace, by name. */
  static SecretLookup secrets(Secret... secrets) {
    return (namespace, name) ->
        Arrays.stream(secrets).filter(x -> x.getMetadata().getName().equals(name)).findFirst();
  }

  static MathesarBackup toBucket(String name) {
    var b = BackupFactoriesTest.backup(name, "unused");
    b.getSpec().setTarget(new BackupTarget(bucket()));
    return b;
  }

  private static Map<String, String> values(Container c) {
    var out = new java.util.TreeMap<String, String>();
    c.getEnv().stream()
        .filter(e -> e.getValue() != null)
        .forEach(e -> out.put(e.getName(), e.getValue()));
    return out;
  }

  /** The keys come from the Secret, by reference: no pod description shows them. */
  private static void credentialsByReference(Container c) {
    assertThat(c.getEnv())
        .filteredOn(e -> e.getName().startsWith("AWS_"))
        .extracting(
            EnvVar::getName,
            EnvVar::getValue,
            e -> e.getValueFrom().getSecretKeyRef().getName(),
            e -> e.getValueFrom().getSecretKeyRef().getKey())
        .containsExactlyInAnyOrder(
            tuple("AWS_ACCESS_KEY_ID", null, "s3-credentials", "AWS_ACCESS_KEY_ID"),
            tuple("AWS_SECRET_ACCESS_KEY", null, "s3-credentials", "AWS_SECRET_ACCESS_KEY"));
  }

  @Test
  void theLocationIsTheBucketThePathAndTheBackupsDirectory() {
    assertThat(BackupNames.location(toBucket("nightly")).uri())
        .isEqualTo("s3://mathesar-backups/cluster-a/shop/mathesar/nightly/");
    var noPath = toBucket("nightly");
    noPath.getSpec().getTarget().getS3().setPath(null);
    assertThat(BackupNames.location(noPath).uri())
        .isEqualTo("s3://mathesar-backups/shop/mathesar/nightly/");
    assertThat(BackupNames.location(BackupFactoriesTest.backup("nightly", "backups")).uri())
        .isEqualTo("pvc://backups/shop/mathesar/nightly/");
  }

  @Test
  void theBackupJobDumpsToScratchSpaceAndThenUploads() {
    var m = BackupFactoriesTest.instance();
    var resolved = BackupFactoriesTest.resolved(m);
    var pod =
        BackupJobFactory.build(toBucket("nightly"), resolved, "{}")
            .getSpec()
            .getTemplate()
            .getSpec();
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getName().equals(BackupJobFactory.TARGET_VOLUME))
        .singleElement()
        .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getPersistentVolumeClaim() != null)
        .extracting(Volume::getName)
        .containsExactly("media");
    var dump = pod.getInitContainers().get(0);
    assertThat(dump.getName()).isEqualTo(BackupJobFactory.CONTAINER);
    assertThat(dump.getCommand().get(2)).contains("pg_dump --format=custom");
    var upload = pod.getContainers().get(0);
    assertThat(pod.getContainers()).hasSize(1);
    assertThat(upload.getName()).isEqualTo(BackupJobFactory.UPLOAD_CONTAINER);
    assertThat(upload.getImage()).as("Mathesar's, which has Python").isEqualTo(resolved.image());
    assertThat(upload.getCommand()).startsWith("python3", "-c").endsWith("put");
    assertThat(upload.getCommand().get(2)).contains("x-amz-content-sha256");
    assertThat(values(upload))
        .containsEntry("S3_ENDPOINT", "http://s3.storage.svc:9000")
        .containsEntry("S3_BUCKET", "mathesar-backups")
        .containsEntry("S3_REGION", "us-east-1")
        .containsEntry("S3_PREFIX", "cluster-a/shop/mathesar/nightly")
        .containsEntry("LOCAL_DIR", "/backup/shop/mathesar/nightly")
        .doesNotContainKey("POSTGRES_PASSWORD");
    credentialsByReference(upload);
    assertThat(upload.getVolumeMounts())
        .extracting(VolumeMount::getName, VolumeMount::getMountPath)
        .contains(tuple(BackupJobFactory.TARGET_VOLUME, "/backup"));
    assertThat(upload.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
  }

  @Test
  void thePruneJobDeletesTheObjectsWithTheImageTheBackupRecorded() {
    var b = toBucket("nightly");
    var status = new MathesarBackupStatus();
    status.setImage("mathesar/mathesar:0.11.0");
    b.setStatus(status);
    var pod = BackupPruneJobFactory.build(b).getSpec().getTemplate().getSpec();
    var c = pod.getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("mathesar/mathesar:0.11.0");
    assertThat(c.getCommand()).endsWith("delete");
    assertThat(values(c)).containsEntry("S3_PREFIX", "cluster-a/shop/mathesar/nightly");
    credentialsByReference(c);
    assertThat(pod.getVolumes()).allSatisfy(v -> assertThat(v.getPersistentVolumeClaim()).isNull());
  }

  @Test
  void theRestoreJobDownloadsFirstThenRestoresFromScratchSpace() {
    var m = BackupFactoriesTest.instance();
    var resolved = BackupFactoriesTest.resolved(m);
    var point =
        new RestorePoint(
            new BackupLocation.InBucket(bucket(), "team-a/old/nightly"),
            "nightly-keys",
            "postgres:17",
            "MathesarBackup nightly");
    var pod = RestoreJobFactory.build(resolved, point).getSpec().getTemplate().getSpec();
    var download = pod.getInitContainers().get(0);
    assertThat(download.getName()).isEqualTo(RestoreJobFactory.DOWNLOAD_CONTAINER);
    assertThat(download.getImage()).isEqualTo(resolved.image());
    assertThat(download.getCommand()).endsWith("get");
    assertThat(values(download))
        .containsEntry("S3_PREFIX", "cluster-a/team-a/old/nightly")
        .containsEntry("LOCAL_DIR", "/backup/team-a/old/nightly");
    credentialsByReference(download);
    var restore = pod.getContainers().get(0);
    assertThat(restore.getImage()).isEqualTo("postgres:17");
    assertThat(values(restore))
        .containsEntry("RESTORE_DIRECTORY", "team-a/old/nightly")
        .containsEntry("RESTORE_LOCATION", "s3://mathesar-backups/cluster-a/team-a/old/nightly/");
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getName().equals(RestoreJobFactory.SOURCE_VOLUME))
        .singleElement()
        .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
  }

  @Test
  void validationWantsOneKindOfTargetAndTheBucketsCredentials() {
    var instance = Optional.of(BackupFactoriesTest.instance());
    var both = toBucket("b");
    both.getSpec().getTarget().setPersistentVolumeClaim(new ClaimRef("backups"));
    assertThat(
            BackupSpecValidator.validate(
                both, instance, Optional.empty(), S3TargetJobsTest.secrets(), Optional.empty()))
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("BackupTargetInvalid", "spec.target"));

    assertThat(
            BackupSpecValidator.validate(
                toBucket("b"),
                instance,
                Optional.empty(),
                S3TargetJobsTest.secrets(),
                Optional.empty()))
        .extracting(SpecProblem::reason, SpecProblem::field)
        .as("no claim is needed, but the Secret is")
        .containsExactly(tuple("S3CredentialsNotFound", "spec.target.s3.credentialsSecret"));

    var onlyKeyId =
        new SecretBuilder()
            .withNewMetadata()
            .withName("s3-credentials")
            .endMetadata()
            .withStringData(Map.of("AWS_ACCESS_KEY_ID", "AKID"))
            .build();
    assertThat(
            BackupSpecValidator.validate(
                toBucket("b"),
                instance,
                Optional.empty(),
                S3TargetJobsTest.secrets(onlyKeyId),
                Optional.empty()))
        .extracting(SpecProblem::reason, SpecProblem::message)
        .containsExactly(
            tuple(
                "S3CredentialsInvalid",
                "Secret s3-credentials has no (or an empty) AWS_SECRET_ACCESS_KEY"));

    var complete =
        new SecretBuilder(onlyKeyId).addToStringData("AWS_SECRET_ACCESS_KEY", "secret").build();
    assertThat(
            BackupSpecValidator.validate(
                toBucket("b"),
                instance,
                Optional.empty(),
                S3TargetJobsTest.secrets(complete),
                Optional.empty()))
        .isEmpty();
  }

  private static S3Target behindAPrivateCa() {
    var s3 = bucket();
    s3.setEndpoint("https://minio.storage.svc:9000");
    var ca = new CaCertificateRef("storage-ca");
    ca.setKey("ca.pem");
    s3.setCaSecret(ca);
    return s3;
  }

  /** The CA reaches the three Jobs' transfers from its Secret, like the keys, and only then. */
  @Test
  void aPrivateCaReachesEveryTransferFromItsSecret() {
    var m = BackupFactoriesTest.instance();
    var resolved = BackupFactoriesTest.resolved(m);
    var backup = toBucket("nightly");
    backup.getSpec().getTarget().setS3(behindAPrivateCa());
    var status = new MathesarBackupStatus();
    status.setImage("mathesar/mathesar:0.11.0");
    backup.setStatus(status);
    var point =
        new RestorePoint(
            new BackupLocation.InBucket(behindAPrivateCa(), "team-a/old/nightly"),
            "nightly-keys",
            "postgres:17",
            "MathesarBackup nightly");
    var transfers =
        java.util.List.of(
            BackupJobFactory.build(backup, resolved, "{}")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0),
            BackupPruneJobFactory.build(backup)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0),
            RestoreJobFactory.build(resolved, point)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getInitContainers()
                .get(0));
    assertThat(transfers)
        .allSatisfy(
            c ->
                assertThat(c.getEnv())
                    .filteredOn(e -> e.getName().equals(S3Transfer.CA_PEM))
                    .extracting(
                        EnvVar::getValue,
                        e -> e.getValueFrom().getSecretKeyRef().getName(),
                        e -> e.getValueFrom().getSecretKeyRef().getKey())
                    .containsExactly(tuple(null, "storage-ca", "ca.pem")));
    assertThat(
            BackupJobFactory.build(toBucket("nightly"), resolved, "{}")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv())
        .as("without caSecret, the image's public CAs")
        .noneMatch(e -> e.getName().equals(S3Transfer.CA_PEM));
  }

  @Test
  void validationWantsTheCaSecretWithACertificateAndAnHttpsEndpoint() {
    var instance = Optional.of(BackupFactoriesTest.instance());
    var credentials =
        new SecretBuilder()
            .withNewMetadata()
            .withName("s3-credentials")
            .endMetadata()
            .withStringData(Map.of("AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY", "secret"))
            .build();
    var b = toBucket("b");
    b.getSpec().getTarget().setS3(behindAPrivateCa());
    assertThat(
            BackupSpecValidator.validate(
                b, instance, Optional.empty(), secrets(credentials), Optional.empty()))
        .extracting(SpecProblem::reason, SpecProblem::field, SpecProblem::message)
        .containsExactly(
            tuple(
                "S3CaSecretNotFound",
                "spec.target.s3.caSecret.name",
                "no Secret named storage-ca in namespace shop; create it with the CA certificate"
                    + " (PEM) under the key 'ca.pem'"));

    var notPem =
        new SecretBuilder()
            .withNewMetadata()
            .withName("storage-ca")
            .endMetadata()
            .withStringData(Map.of("ca.pem", "MIIB..."))
            .build();
    assertThat(
            BackupSpecValidator.validate(
                b, instance, Optional.empty(), secrets(credentials, notPem), Optional.empty()))
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("S3CaSecretInvalid", "spec.target.s3.caSecret.key"));

    var pem =
        new SecretBuilder(notPem)
            .withStringData(
                Map.of("ca.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"))
            .build();
    assertThat(
            BackupSpecValidator.validate(
                b, instance, Optional.empty(), secrets(credentials, pem), Optional.empty()))
        .isEmpty();

    b.getSpec().getTarget().getS3().setEndpoint("http://minio.storage.svc:9000");
    assertThat(
            BackupSpecValidator.validate(
                b, instance, Optional.empty(), secrets(credentials, pem), Optional.empty()))
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("BackupTargetInvalid", "spec.target.s3.caSecret"));
  }
}
