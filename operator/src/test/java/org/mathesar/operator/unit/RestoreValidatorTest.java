package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.BackupPhase;
import org.mathesar.operator.customresource.BackupTarget;
import org.mathesar.operator.customresource.ClaimRef;
import org.mathesar.operator.customresource.InstanceRef;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MathesarBackup;
import org.mathesar.operator.customresource.MathesarBackupSpec;
import org.mathesar.operator.customresource.MathesarBackupStatus;
import org.mathesar.operator.customresource.MathesarStatus;
import org.mathesar.operator.customresource.RestoreSource;
import org.mathesar.operator.desired.RestorePoint;
import org.mathesar.operator.lookup.SecretLookup;
import org.mathesar.operator.validation.RestoreValidator;
import org.mathesar.operator.validation.SpecProblem;

/** spec.restoreFrom: what is restored, and every reason it cannot be. */
class RestoreValidatorTest {
  private static final String KEY = "backup-key-that-must-not-leak-0123456789abcdefghij";
  private static final String VERSION = "0.11.0";

  private final Map<String, Secret> secrets = new HashMap<>();
  private final SecretLookup lookup =
      (ns, name) ->
          TestResources.NAMESPACE.equals(ns)
              ? Optional.ofNullable(secrets.get(name))
              : Optional.empty();

  private static Mathesar restoring(RestoreSource from) {
    var m = TestResources.mathesar();
    m.getSpec().setRestoreFrom(from);
    return m;
  }

  private static RestoreSource named(String backup) {
    var from = new RestoreSource();
    from.setBackup(backup);
    return from;
  }

  private static RestoreSource located(String directory, String keysSecret) {
    var from = new RestoreSource();
    from.setPersistentVolumeClaim(new ClaimRef("copied-backups"));
    from.setDirectory(directory);
    from.setKeysSecret(keysSecret);
    return from;
  }

  private static MathesarBackup backup(String name, BackupPhase phase, String version) {
    var spec = new MathesarBackupSpec();
    spec.setInstanceRef(new InstanceRef("old"));
    spec.setTarget(new BackupTarget(new ClaimRef("backups")));
    var b = new MathesarBackup();
    b.getMetadata().setName(name);
    b.getMetadata().setNamespace(TestResources.NAMESPACE);
    b.setSpec(spec);
    var status = new MathesarBackupStatus();
    status.setPhase(phase);
    status.setVersion(version);
    if (phase == BackupPhase.Completed) {
      status.setLocation("pvc://backups/" + TestResources.NAMESPACE + "/old/" + name + "/");
      status.setKeysSecret(name + "-keys");
    }
    b.setStatus(status);
    return b;
  }

  private void keys(String name) {
    secrets.put(
        name,
        TestResources.secret(
            name,
            Map.of(
                "secret-key", KEY,
                "admin-username", "admin",
                "admin-password", "old-admin-password",
                "admin-email", "admin@example.org")));
  }

  private RestoreValidator.Result check(Mathesar m, Optional<MathesarBackup> b, boolean ran) {
    return RestoreValidator.check(m, VERSION, b, lookup, ran, false);
  }

  private static java.util.List<String> reasons(RestoreValidator.Result r) {
    return r.problems().stream().map(SpecProblem::reason).toList();
  }

  @Test
  void withoutRestoreFromThereIsNothingToDo() {
    var r = check(TestResources.mathesar(), Optional.empty(), false);
    assertThat(r.problems()).isEmpty();
    assertThat(r.point()).isEmpty();
  }

  @Test
  void aCompletedBackupOfThisNamespaceGivesItsClaimDirectoryAndKeys() {
    keys("nightly-keys");
    var r =
        check(
            restoring(named("nightly")),
            Optional.of(backup("nightly", BackupPhase.Completed, "0.10.1")),
            false);

    assertThat(r.problems()).isEmpty();
    assertThat(r.point())
        .contains(
            new RestorePoint(
                new org.mathesar.operator.desired.BackupLocation.OnClaim(
                    "backups", TestResources.NAMESPACE + "/old/nightly"),
                "nightly-keys",
                "postgres:17",
                "MathesarBackup nightly"));
    assertThat(r.point().get().location())
        .isEqualTo("pvc://backups/" + TestResources.NAMESPACE + "/old/nightly/");
    assertThat(r.keys().orElseThrow().secretKey()).isEqualTo(TestResources.b64(KEY));
    assertThat(r.keys().get().admin())
        .containsEntry("username", TestResources.b64("admin"))
        .containsEntry("password", TestResources.b64("old-admin-password"))
        .containsEntry("email", TestResources.b64("admin@example.org"));
    assertThat(r.keys().get().toString()).doesNotContain(TestResources.b64(KEY));
  }

  @Test
  void theBackupsImageIsTheRestoresUnlessTheSpecNamesOne() {
    keys("nightly-keys");
    var b = backup("nightly", BackupPhase.Completed, VERSION);
    b.getSpec().setImage("mirror.example/postgres:16");
    assertThat(check(restoring(named("nightly")), Optional.of(b), false).point().get().image())
        .isEqualTo("mirror.example/postgres:16");
    var own = named("nightly");
    own.setImage("mirror.example/postgres:17");
    assertThat(check(restoring(own), Optional.of(b), false).point().get().image())
        .isEqualTo("mirror.example/postgres:17");
  }

  @Test
  void aBackupOnAClaimOfThisNamespaceNeedsItsDirectoryAndKeysSecret() {
    keys("copied-keys");
    var r =
        check(restoring(located("shop/mathesar/nightly", "copied-keys")), Optional.empty(), false);
    assertThat(r.problems()).isEmpty();
    assertThat(r.point().get().location()).isEqualTo("pvc://copied-backups/shop/mathesar/nightly/");
    assertThat(r.point().get().source()).isEqualTo(r.point().get().location());

    var incomplete = check(restoring(located(null, "copied-keys")), Optional.empty(), false);
    assertThat(reasons(incomplete)).containsExactly("RestoreSourceInvalid");
    assertThat(incomplete.problems().get(0).message()).contains("directory").contains("keysSecret");
  }

  @Test
  void exactlyOneSourceIsNamed() {
    assertThat(reasons(check(restoring(new RestoreSource()), Optional.empty(), false)))
        .containsExactly("RestoreSourceInvalid");
    var both = located("a/b/c", "k");
    both.setBackup("nightly");
    assertThat(reasons(check(restoring(both), Optional.empty(), false)))
        .containsExactly("RestoreSourceInvalid");
  }

  @Test
  void overAnInstanceThatRanItIsRefusedAndNothingElseIsChecked() {
    var m = restoring(named("missing"));
    var status = new MathesarStatus();
    status.setMigratedVersion("0.10.1");
    m.setStatus(status);

    var r = check(m, Optional.empty(), true);

    assertThat(reasons(r)).containsExactly("RestoreOverExistingInstance");
    assertThat(r.problems().get(0).field()).isEqualTo("spec.restoreFrom");
    assertThat(r.problems().get(0).message()).contains("migrated to 0.10.1");
    assertThat(r.point()).isEmpty();
  }

  @Test
  void onceRestoredItIsARecordOnly() {
    var m = restoring(named("missing"));
    var status = new MathesarStatus();
    status.setRestoredFrom("pvc://backups/team-a/old/nightly/");
    status.setMigratedVersion(VERSION);
    m.setStatus(status);

    var r = check(m, Optional.empty(), true);

    assertThat(r.problems()).isEmpty();
    assertThat(r.point()).isEmpty();
  }

  @Test
  void aMissingBackupOrOneStillRunningIsLookedAtAgain() {
    var missing = check(restoring(named("nightly")), Optional.empty(), false);
    assertThat(reasons(missing)).containsExactly("RestoreBackupNotFound");
    assertThat(missing.poll()).isTrue();

    var running =
        check(
            restoring(named("nightly")),
            Optional.of(backup("nightly", BackupPhase.Running, null)),
            false);
    assertThat(reasons(running)).containsExactly("RestoreBackupNotCompleted");
    assertThat(running.poll()).isTrue();

    var failed =
        check(
            restoring(named("nightly")),
            Optional.of(backup("nightly", BackupPhase.Failed, null)),
            false);
    assertThat(reasons(failed)).containsExactly("RestoreBackupFailed");
    assertThat(failed.poll()).isFalse();
  }

  @Test
  void aBackupOfANewerMathesarIsRefused() {
    keys("nightly-keys");
    var r =
        check(
            restoring(named("nightly")),
            Optional.of(backup("nightly", BackupPhase.Completed, "0.12.0")),
            false);
    assertThat(reasons(r)).containsExactly("BackupNewerThanVersion");
    assertThat(r.problems().get(0).field()).isEqualTo("spec.version");
    assertThat(r.problems().get(0).message()).contains("0.12.0 or later");
  }

  @Test
  void theKeysSecretMustHoldTheKey() {
    var missing =
        check(restoring(located("shop/mathesar/nightly", "copied-keys")), Optional.empty(), false);
    assertThat(reasons(missing)).containsExactly("RestoreKeysSecretNotFound");
    assertThat(missing.problems().get(0).field()).isEqualTo("spec.restoreFrom.keysSecret");
    assertThat(missing.problems().get(0).message()).contains("copy the backup's <backup>-keys");

    secrets.put("copied-keys", TestResources.secret("copied-keys", Map.of("secret-key", "")));
    var empty =
        check(restoring(located("shop/mathesar/nightly", "copied-keys")), Optional.empty(), false);
    assertThat(reasons(empty)).containsExactly("RestoreKeysSecretInvalid");
  }

  @Test
  void anOwnSecretKeyAndAnotherGeneratedKeyAreRefusedWithoutShowingAKey() {
    keys("copied-keys");
    var own = restoring(located("shop/mathesar/nightly", "copied-keys"));
    own.getSpec().setSecretKeySecret("my-key");
    assertThat(reasons(check(own, Optional.empty(), false)))
        .containsExactly("RestoreWithOwnSecretKey");

    secrets.put(
        "demo-secret-key",
        TestResources.secret(
            "demo-secret-key", Map.of("secret-key", "another-key-kept-from-before")));
    var conflict =
        check(restoring(located("shop/mathesar/nightly", "copied-keys")), Optional.empty(), false);
    assertThat(reasons(conflict)).containsExactly("RestoreSecretKeyConflict");
    assertThat(conflict.problems().get(0).message())
        .doesNotContain(KEY)
        .doesNotContain(TestResources.b64(KEY))
        .doesNotContain("another-key-kept-from-before");

    // The key the operator itself seeded from the backup is no conflict.
    secrets.put(
        "demo-secret-key", TestResources.secret("demo-secret-key", Map.of("secret-key", KEY)));
    assertThat(
            check(
                    restoring(located("shop/mathesar/nightly", "copied-keys")),
                    Optional.empty(),
                    false)
                .problems())
        .isEmpty();
  }

  @Test
  void removedWhileItsJobRunsItStopsEverythingElse() {
    var m = TestResources.mathesar();
    var r = RestoreValidator.check(m, VERSION, Optional.empty(), lookup, false, true);
    assertThat(reasons(r)).containsExactly("RestoreInProgress");
    assertThat(r.problems().get(0).message()).contains("demo-restore");
    assertThat(
            RestoreValidator.check(m, VERSION, Optional.empty(), lookup, false, false).problems())
        .isEmpty();
  }

  @Test
  void anotherAdminKeptUnderTheGeneratedNameIsRefused() {
    keys("copied-keys");
    secrets.put(
        "demo-admin",
        TestResources.secret(
            "demo-admin", Map.of("username", "admin", "password", "kept-Pa55word-xyz")));
    var r =
        check(restoring(located("shop/mathesar/nightly", "copied-keys")), Optional.empty(), false);
    assertThat(reasons(r)).containsExactly("RestoreAdminSecretConflict");
    assertThat(r.problems().get(0).message())
        .doesNotContain("kept-Pa55word-xyz")
        .doesNotContain("old-admin");

    // The one the operator seeded from the backup is no conflict; nor is the user's own.
    secrets.put(
        "demo-admin",
        TestResources.secret(
            "demo-admin", Map.of("username", "admin", "password", "old-admin-password")));
    assertThat(
            check(
                    restoring(located("shop/mathesar/nightly", "copied-keys")),
                    Optional.empty(),
                    false)
                .problems())
        .isEmpty();
  }

  private static org.mathesar.operator.customresource.S3Target bucket() {
    var s3 = new org.mathesar.operator.customresource.S3Target();
    s3.setEndpoint("http://s3.storage.svc:9000");
    s3.setBucket("mathesar-backups");
    s3.setPath("cluster-a");
    s3.setCredentialsSecret("s3-credentials");
    return s3;
  }

  private void credentials(String accessKeyId, String secretAccessKey) {
    secrets.put(
        "s3-credentials",
        TestResources.secret(
            "s3-credentials",
            Map.of("AWS_ACCESS_KEY_ID", accessKeyId, "AWS_SECRET_ACCESS_KEY", secretAccessKey)));
  }

  @Test
  void aCompletedBackupInABucketGivesItsKeyPrefixAndNeedsItsCredentials() {
    keys("nightly-keys");
    var b = backup("nightly", BackupPhase.Completed, "0.10.1");
    b.getSpec().setTarget(new BackupTarget(bucket()));
    b.getStatus()
        .setLocation(
            "s3://mathesar-backups/cluster-a/" + TestResources.NAMESPACE + "/old/nightly/");
    var m = restoring(named("nightly"));

    assertThat(reasons(check(m, Optional.of(b), false)))
        .as("the bucket's credentials Secret is not there")
        .containsExactly("S3CredentialsNotFound");
    credentials("AKID", "");
    assertThat(check(m, Optional.of(b), false).problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.reason()).isEqualTo("S3CredentialsInvalid");
              assertThat(p.field()).isEqualTo("spec.restoreFrom.backup.credentialsSecret");
              assertThat(p.message()).contains("AWS_SECRET_ACCESS_KEY");
            });
    credentials("AKID", "the-secret-access-key");
    var r = check(m, Optional.of(b), false);
    assertThat(r.problems()).isEmpty();
    var at = (org.mathesar.operator.desired.BackupLocation.InBucket) r.point().orElseThrow().at();
    assertThat(at.keyPrefix()).isEqualTo("cluster-a/" + TestResources.NAMESPACE + "/old/nightly");
    assertThat(r.point().get().location())
        .isEqualTo("s3://mathesar-backups/cluster-a/" + TestResources.NAMESPACE + "/old/nightly/");

    b.getStatus().setLocation("pvc://backups/" + TestResources.NAMESPACE + "/old/nightly/");
    assertThat(reasons(check(m, Optional.of(b), false)))
        .as("a location that is not where its target puts it")
        .containsExactly("RestoreSourceInvalid");
  }

  @Test
  void aBackupInABucketOfAnotherClusterIsNamedByBucketDirectoryAndKeys() {
    keys("copied-keys");
    credentials("AKID", "the-secret-access-key");
    var from = new RestoreSource();
    from.setS3(bucket());
    from.setDirectory("team-a/old/nightly");
    from.setKeysSecret("copied-keys");
    var r = check(restoring(from), Optional.empty(), false);
    assertThat(r.problems()).isEmpty();
    assertThat(r.point().orElseThrow().location())
        .isEqualTo("s3://mathesar-backups/cluster-a/team-a/old/nightly/");
    assertThat(r.point().get().source()).isEqualTo(r.point().get().location());

    from.setPersistentVolumeClaim(new ClaimRef("copied-backups"));
    assertThat(reasons(check(restoring(from), Optional.empty(), false)))
        .as("a claim and a bucket at once")
        .containsExactly("RestoreSourceInvalid");
    from.setPersistentVolumeClaim(null);
    from.setDirectory(null);
    assertThat(check(restoring(from), Optional.empty(), false).problems())
        .extracting(SpecProblem::message)
        .singleElement()
        .asString()
        .startsWith("s3 needs directory");
  }

  @Test
  void aBucketBehindAPrivateCaNeedsTheCaSecret() {
    keys("copied-keys");
    credentials("AKID", "the-secret-access-key");
    var s3 = bucket();
    s3.setEndpoint("https://minio.storage.svc:9000");
    s3.setCaSecret(new org.mathesar.operator.customresource.CaCertificateRef("storage-ca"));
    var from = new RestoreSource();
    from.setS3(s3);
    from.setDirectory("team-a/old/nightly");
    from.setKeysSecret("copied-keys");
    assertThat(check(restoring(from), Optional.empty(), false).problems())
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(
            org.assertj.core.api.Assertions.tuple(
                "S3CaSecretNotFound", "spec.restoreFrom.s3.caSecret.name"));
    secrets.put(
        "storage-ca",
        TestResources.secret(
            "storage-ca",
            Map.of("ca.crt", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")));
    assertThat(check(restoring(from), Optional.empty(), false).problems()).isEmpty();
  }
}
