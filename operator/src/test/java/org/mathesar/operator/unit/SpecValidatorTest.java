package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mathesar.operator.customresource.AdminSpec;
import org.mathesar.operator.customresource.CloudNativePGSpec;
import org.mathesar.operator.customresource.CredentialsSecretRef;
import org.mathesar.operator.customresource.DatabaseSpec;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MathesarStatus;
import org.mathesar.operator.customresource.MediaSpec;
import org.mathesar.operator.lookup.SecretLookup;
import org.mathesar.operator.validation.SpecProblem;
import org.mathesar.operator.validation.SpecValidator;

class SpecValidatorTest {
  private static final SecretLookup CREDENTIALS = TestResources.lookup(TestResources.credentials());

  private static List<SpecProblem> validate(Mathesar m) {
    return TestResources.validate(m, CREDENTIALS, Optional.empty());
  }

  private static List<SpecProblem> validate(Mathesar m, SecretLookup secrets) {
    return TestResources.validate(m, secrets, Optional.empty());
  }

  private static List<SpecProblem> validateMedia(MediaSpec media, PersistentVolumeClaim existing) {
    var m = TestResources.mathesar();
    m.getSpec().setMedia(media);
    return TestResources.validate(m, CREDENTIALS, Optional.ofNullable(existing));
  }

  private static MediaSpec media(String size, String storageClass, MediaSpec.MediaAccessMode mode) {
    var media = new MediaSpec();
    media.setSize(size);
    media.setStorageClassName(storageClass);
    media.setAccessMode(mode);
    return media;
  }

  private static Mathesar withStatus(String version, String migratedVersion) {
    var m = TestResources.mathesar();
    var status = new MathesarStatus();
    status.setVersion(version);
    status.setMigratedVersion(migratedVersion);
    m.setStatus(status);
    return m;
  }

  private static Mathesar withAdminSecret(String name) {
    var m = TestResources.mathesar();
    var admin = new AdminSpec();
    admin.setSecretName(name);
    m.getSpec().setAdmin(admin);
    return m;
  }

  /** No message or field may carry the password, plain or as stored (base64). */
  private static void assertNoSecretValue(List<SpecProblem> problems) {
    assertThat(problems).isNotEmpty();
    for (var p : problems) {
      for (var text : List.of(p.message(), p.field(), p.reason(), p.describe())) {
        assertThat(text)
            .doesNotContain(TestResources.DB_PASSWORD)
            .doesNotContain(TestResources.b64(TestResources.DB_PASSWORD))
            .doesNotContain(TestResources.DB_USER);
      }
    }
  }

  @Test
  void validInstanceHasNoProblems() {
    assertThat(validate(TestResources.mathesar())).isEmpty();
  }

  @Test
  void validInstanceWithOwnSecretKeyAndMatchingVolumeHasNoProblems() {
    var m = TestResources.mathesar();
    m.getSpec().setVersion("0.12.0-rc1");
    m.getSpec().setReplicas(0);
    m.getSpec().setSecretKeySecret("own-key");
    m.getSpec().setMedia(media("2Gi", "fast", MediaSpec.MediaAccessMode.ReadWriteOnce));
    var secrets =
        TestResources.lookup(
            TestResources.credentials(),
            TestResources.secret("own-key", Map.of("secret-key", "k".repeat(50))));

    var problems =
        TestResources.validate(
            m, secrets, Optional.of(TestResources.pvc("2Gi", "fast", "ReadWriteOnce")));

    assertThat(problems).isEmpty();
  }

  // --- metadata.name

  @ParameterizedTest
  @ValueSource(strings = {"Shop", "1shop", "shop-", "shop.prod", "shop_prod", "-shop"})
  void nameMustBeADns1035Label(String name) {
    var problems = validate(TestResources.mathesar(name));

    assertThat(problems)
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("InvalidName", "metadata.name"));
    assertThat(problems.get(0).message()).contains("'" + name + "'").contains("45");
  }

  @Test
  void nameOfFortyFiveCharactersIsAccepted() {
    assertThat(validate(TestResources.mathesar("a".repeat(45)))).isEmpty();
  }

  @Test
  void nameOfFortySixCharactersIsRefused() {
    assertThat(validate(TestResources.mathesar("a".repeat(46))))
        .extracting(SpecProblem::reason)
        .containsExactly("InvalidName");
  }

  @Test
  void singleLetterNameIsAccepted() {
    assertThat(validate(TestResources.mathesar("m"))).isEmpty();
  }

  @Test
  void missingSpecIsReportedAlone() {
    var m = TestResources.mathesar();
    m.setSpec(null);

    assertThat(validate(m))
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("InvalidSpec", "spec"));
  }

  // --- spec.version

  @Test
  void downgradeBelowTheRunningVersionIsRefused() {
    // Without status.migratedVersion (an instance from before migrations were tracked) the running
    // one counts.
    var m = TestResources.mathesar();
    m.setStatus(new MathesarStatus());
    m.getStatus().setVersion("0.11.0");
    m.getSpec().setVersion("0.10.2");

    assertThat(validate(m))
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("DowngradeRefused", "spec.version"));

    m.getSpec().setVersion("0.12.0");
    assertThat(validate(m)).isEmpty();
  }

  @Test
  void downgradeIsComparedWithTheMigratedVersion() {
    // An upgrade to 0.12.0 migrated the database while 0.11.0 still runs: 0.11.0 is a downgrade
    // now.
    var m = withStatus("0.11.0", "0.12.0");
    m.getSpec().setVersion("0.11.0");

    var problems = validate(m);

    assertThat(problems)
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("DowngradeRefused", "spec.version"));
    assertThat(problems.get(0).message())
        .contains("0.11.0 is older than the migrated 0.12.0")
        .contains("Set spec.version back to 0.12.0 or later");

    m.getSpec().setVersion("0.12.0");
    assertThat(validate(m)).isEmpty();
  }

  @Test
  void migratedVersionWinsOverAnOlderRunningVersion() {
    var m = withStatus("0.10.0", "0.11.0");

    m.getSpec().setVersion("0.10.5");
    assertThat(validate(m)).extracting(SpecProblem::reason).containsExactly("DowngradeRefused");

    m.getSpec().setVersion("0.11.0");
    assertThat(validate(m)).isEmpty();
  }

  @Test
  void preReleaseOfTheMigratedVersionIsADowngrade() {
    var m = withStatus(null, "0.12.0");
    m.getSpec().setVersion("0.12.0-rc1");

    assertThat(validate(m)).extracting(SpecProblem::reason).containsExactly("DowngradeRefused");
  }

  @Test
  void operatorDefaultBelowTheMigratedVersionIsRefused() {
    // spec.version is omitted; the operator's default (the target) is older than the database.
    var m = withStatus("0.12.0", "0.12.0");

    var problems = SpecValidator.validate(m, "0.11.0", CREDENTIALS, Optional.empty());

    // The field says where the target came from, since spec.version itself is not set.
    assertThat(problems)
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(
            tuple(
                "DowngradeRefused",
                "spec.version (unset: the operator's MATHESAR_DEFAULT_VERSION)"));
    assertThat(problems.get(0).message()).contains("0.11.0 is older than the migrated 0.12.0");
  }

  @Test
  void downgradeBySpecVersionNamesSpecVersionAlone() {
    var m = withStatus("0.12.0", "0.12.0");
    m.getSpec().setVersion("0.11.0");

    assertThat(SpecValidator.validate(m, "0.11.0", CREDENTIALS, Optional.empty()))
        .extracting(SpecProblem::field)
        .containsExactly("spec.version");
  }

  @Test
  void targetVersionAtOrAboveTheMigratedVersionIsAccepted() {
    var m = withStatus("0.11.0", "0.11.0");

    assertThat(SpecValidator.validate(m, "0.11.0", CREDENTIALS, Optional.empty())).isEmpty();
    assertThat(SpecValidator.validate(m, "0.12.0", CREDENTIALS, Optional.empty())).isEmpty();
  }

  @Test
  void threeArgumentValidationTakesTheTargetFromSpecVersion() {
    var m = withStatus("0.12.0", "0.12.0");

    // No spec.version: the 3-argument form has no target to compare.
    assertThat(validate(m)).isEmpty();

    m.getSpec().setVersion("0.11.0");
    assertThat(validate(m)).extracting(SpecProblem::reason).containsExactly("DowngradeRefused");
    assertThat(SpecValidator.validate(m, "0.11.0", CREDENTIALS, Optional.empty()))
        .isEqualTo(validate(m));
  }

  @Test
  void noTargetVersionOrNoStatusSkipsTheDowngradeCheck() {
    var m = withStatus("0.12.0", "0.12.0");
    assertThat(SpecValidator.validate(m, null, CREDENTIALS, Optional.empty())).isEmpty();

    var fresh = TestResources.mathesar();
    assertThat(SpecValidator.validate(fresh, "0.1.0", CREDENTIALS, Optional.empty())).isEmpty();
  }

  @Test
  void targetThatIsNotAReleaseNumberIsNotComparedWithTheMigratedVersion() {
    var m = withStatus("0.12.0", "0.12.0");

    assertThat(SpecValidator.validate(m, "latest", CREDENTIALS, Optional.empty())).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"latest", "v0.11.0", "0.11", "0.11.0.1", "0.11.0-", ""})
  void versionMustBeAReleaseNumber(String version) {
    var m = TestResources.mathesar();
    m.getSpec().setVersion(version);

    var problems = validate(m);

    assertThat(problems)
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("InvalidVersion", "spec.version"));
    assertThat(problems.get(0).message()).startsWith("'" + version + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.1.7", "0.2.5", "0.3.0-rc1"})
  void versionsBeforeBinMathesarAreRefusedWithTheReason(String version) {
    var m = TestResources.mathesar();
    m.getSpec().setVersion(version);

    var problems = validate(m);

    assertThat(problems)
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("InvalidVersion", "spec.version"));
    assertThat(problems.get(0).message()).contains("older than 0.3.0").contains("bin/mathesar");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.3.0", "0.10.1"})
  void zeroThreeAndLaterAreAccepted(String version) {
    var m = TestResources.mathesar();
    m.getSpec().setVersion(version);

    assertThat(validate(m)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.11.0", "10.0.3", "0.12.0-rc1", "1.2.3-beta.2"})
  void releaseNumbersAreAccepted(String version) {
    var m = TestResources.mathesar();
    m.getSpec().setVersion(version);

    assertThat(validate(m)).isEmpty();
  }

  // --- spec.replicas

  @Test
  void negativeReplicasAreRefused() {
    var m = TestResources.mathesar();
    m.getSpec().setReplicas(-1);

    assertThat(validate(m))
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("InvalidReplicas", "spec.replicas"));
  }

  @Test
  void zeroReplicasAreAccepted() {
    var m = TestResources.mathesar();
    m.getSpec().setReplicas(0);

    assertThat(validate(m)).isEmpty();
  }

  // --- spec.database

  @Test
  void databaseWithBothKindsIsRefused() {
    var m = TestResources.mathesar();
    m.getSpec().getDatabase().setCloudNativePG(new CloudNativePGSpec());

    assertThat(validate(m))
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("InvalidDatabase", "spec.database"));
  }

  @Test
  void databaseWithNeitherKindIsRefused() {
    var m = TestResources.mathesar();
    m.getSpec().setDatabase(new DatabaseSpec());

    assertThat(validate(m))
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("InvalidDatabase", "spec.database"));
  }

  @Test
  void missingDatabaseIsRefused() {
    var m = TestResources.mathesar();
    m.getSpec().setDatabase(null);

    assertThat(validate(m))
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("InvalidDatabase", "spec.database"));
  }

  @Test
  void cloudNativePGAloneIsValid() {
    // Its checks need the existing Cluster: DatabaseClusterValidator (see
    // DatabaseClusterValidatorTest).
    var m = TestResources.mathesar();
    var db = new DatabaseSpec();
    db.setCloudNativePG(new CloudNativePGSpec());
    m.getSpec().setDatabase(db);

    assertThat(validate(m, TestResources.noSecrets())).isEmpty();
  }

  @Test
  void aCloudNativePGBackupNamesExactlyOneMethod() {
    var m = TestResources.cloudNativePG();
    var backup = new org.mathesar.operator.customresource.CloudNativePGBackupSpec();
    m.getSpec().getDatabase().getCloudNativePG().setBackup(backup);
    assertThat(validate(m, TestResources.noSecrets()))
        .extracting(SpecProblem::reason, SpecProblem::field)
        .as("neither")
        .containsExactly(tuple("InvalidDatabase", "spec.database.cloudNativePG.backup"));
    var barman = new org.mathesar.operator.customresource.CloudNativePGBackupSpec.BarmanCloud();
    barman.setObjectStore("store");
    backup.setBarmanCloud(barman);
    assertThat(validate(m, TestResources.noSecrets())).isEmpty();
    backup.setVolumeSnapshot(
        new org.mathesar.operator.customresource.CloudNativePGBackupSpec.VolumeSnapshot());
    assertThat(validate(m, TestResources.noSecrets()))
        .extracting(SpecProblem::reason)
        .as("both")
        .containsExactly("InvalidDatabase");
  }

  @Test
  void cloudNativePGNeedsNoCredentialsSecret() {
    var m = TestResources.cloudNativePG();

    assertThat(validate(m, TestResources.noSecrets())).isEmpty();
    assertThat(validate(m, TestResources.noSecrets()))
        .extracting(SpecProblem::reason)
        .doesNotContain("CredentialsSecretNotFound", "CloudNativePGNotSupported");
  }

  @Test
  void cloudNativePGStillChecksTheRestOfTheSpec() {
    var m = TestResources.cloudNativePG();
    m.getSpec().setReplicas(-1);
    m.getSpec().setSecretKeySecret("missing-key");

    assertThat(validate(m, TestResources.noSecrets()))
        .extracting(SpecProblem::reason)
        .containsExactly("InvalidReplicas", "SecretKeySecretNotFound");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -5, 65536, 100000})
  void portOutOfRangeIsRefused(int port) {
    var m = TestResources.mathesar();
    TestResources.external(m).setPort(port);

    assertThat(validate(m))
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("InvalidDatabase", "spec.database.external.port"));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 5432, 65535})
  void portInRangeIsAccepted(int port) {
    var m = TestResources.mathesar();
    TestResources.external(m).setPort(port);

    assertThat(validate(m)).isEmpty();
  }

  @Test
  void blankHostAndDatabaseAreRefused() {
    var m = TestResources.mathesar();
    TestResources.external(m).setHost(" ");
    TestResources.external(m).setDatabase(null);

    assertThat(validate(m))
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(
            tuple("InvalidDatabase", "spec.database.external.host"),
            tuple("InvalidDatabase", "spec.database.external.database"));
  }

  @Test
  void missingCredentialsSecretNameIsRefusedWithoutALookup() {
    var m = TestResources.mathesar();
    TestResources.external(m).setCredentialsSecret(new CredentialsSecretRef(""));
    SecretLookup failing =
        (ns, name) -> {
          throw new AssertionError("looked up " + ns + "/" + name);
        };

    assertThat(validate(m, failing))
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("InvalidDatabase", "spec.database.external.credentialsSecret.name"));
  }

  @Test
  void credentialsSecretNotFound() {
    var m = TestResources.mathesar();
    SecretLookup onlyOtherNamespace =
        (ns, name) ->
            ns.equals("elsewhere") ? Optional.of(TestResources.credentials()) : Optional.empty();

    var problems = validate(m, onlyOtherNamespace);

    assertThat(problems)
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(
            tuple("CredentialsSecretNotFound", "spec.database.external.credentialsSecret.name"));
    assertThat(problems.get(0).message())
        .contains("'db-credentials'")
        .contains(TestResources.NAMESPACE)
        .contains("'username'")
        .contains("'password'");
  }

  @Test
  void credentialsSecretIsLookedUpInTheResourcesNamespace() {
    var seen = new java.util.ArrayList<String>();
    SecretLookup recording =
        (ns, name) -> {
          seen.add(ns + "/" + name);
          return TestResources.lookup(TestResources.credentials()).find(ns, name);
        };

    assertThat(validate(TestResources.mathesar(), recording)).isEmpty();
    assertThat(seen).containsExactly("team-a/db-credentials");
  }

  @Test
  void credentialsSecretWithoutUsernameKey() {
    var secret =
        TestResources.secret(
            TestResources.CREDENTIALS_SECRET,
            Map.of("user", TestResources.DB_USER, "password", TestResources.DB_PASSWORD));

    var problems = validate(TestResources.mathesar(), TestResources.lookup(secret));

    assertThat(problems)
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(
            tuple(
                "CredentialsSecretKeyMissing",
                "spec.database.external.credentialsSecret.usernameKey"));
    assertThat(problems.get(0).message()).contains("'db-credentials'").contains("'username'");
    assertNoSecretValue(problems);
  }

  @Test
  void credentialsSecretWithoutPasswordKey() {
    var m = TestResources.mathesar();
    var ref = new CredentialsSecretRef(TestResources.CREDENTIALS_SECRET);
    ref.setPasswordKey("pgpass");
    TestResources.external(m).setCredentialsSecret(ref);

    var problems = validate(m, CREDENTIALS);

    assertThat(problems)
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(
            tuple(
                "CredentialsSecretKeyMissing",
                "spec.database.external.credentialsSecret.passwordKey"));
    assertThat(problems.get(0).message()).contains("'pgpass'");
    assertNoSecretValue(problems);
  }

  @Test
  void emptyCredentialValuesCountAsMissing() {
    var secret =
        TestResources.secret(
            TestResources.CREDENTIALS_SECRET, Map.of("username", "", "password", ""));

    var problems = validate(TestResources.mathesar(), TestResources.lookup(secret));

    assertThat(problems)
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(
            tuple(
                "CredentialsSecretKeyMissing",
                "spec.database.external.credentialsSecret.usernameKey"),
            tuple(
                "CredentialsSecretKeyMissing",
                "spec.database.external.credentialsSecret.passwordKey"));
  }

  @Test
  void credentialsSecretWithoutDataMissesBothKeys() {
    var secret = TestResources.credentials();
    secret.setData(null);

    var problems = validate(TestResources.mathesar(), TestResources.lookup(secret));

    assertThat(problems)
        .extracting(SpecProblem::reason)
        .containsExactly("CredentialsSecretKeyMissing", "CredentialsSecretKeyMissing");
  }

  @Test
  void noCredentialProblemRevealsTheSecretValues() {
    // Every credential problem at once, with the password present under the wrong keys.
    var secret =
        TestResources.secret(
            TestResources.CREDENTIALS_SECRET,
            Map.of(
                "login",
                TestResources.DB_USER,
                "pw",
                TestResources.DB_PASSWORD,
                "password2",
                TestResources.DB_PASSWORD));
    var m = TestResources.mathesar();
    m.getSpec().setSecretKeySecret("own-key");
    var keySecret = TestResources.secret("own-key", Map.of("other", TestResources.DB_PASSWORD));

    var problems = validate(m, TestResources.lookup(secret, keySecret));

    assertThat(problems)
        .extracting(SpecProblem::reason)
        .containsExactly(
            "CredentialsSecretKeyMissing",
            "CredentialsSecretKeyMissing",
            "SecretKeySecretKeyMissing");
    assertNoSecretValue(problems);
    assertNoSecretValue(validate(m, TestResources.noSecrets()));
  }

  // --- spec.secretKeySecret

  @Test
  void generatedSecretKeyIsNotLookedUpByTheValidator() {
    var seen = new java.util.ArrayList<String>();
    SecretLookup recording =
        (ns, name) -> {
          seen.add(name);
          return CREDENTIALS.find(ns, name);
        };

    validate(TestResources.mathesar(), recording);

    assertThat(seen).doesNotContain("demo-secret-key");
  }

  @Test
  void ownSecretKeySecretNotFound() {
    var m = TestResources.mathesar();
    m.getSpec().setSecretKeySecret("own-key");

    var problems = validate(m, CREDENTIALS);

    assertThat(problems)
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("SecretKeySecretNotFound", "spec.secretKeySecret"));
    assertThat(problems.get(0).message())
        .contains("'own-key'")
        .contains(TestResources.NAMESPACE)
        .contains("'secret-key'");
  }

  @Test
  void ownSecretKeySecretWithoutTheKey() {
    var m = TestResources.mathesar();
    m.getSpec().setSecretKeySecret("own-key");
    var keySecret = TestResources.secret("own-key", Map.of("SECRET_KEY", "k".repeat(50)));

    var problems = validate(m, TestResources.lookup(TestResources.credentials(), keySecret));

    assertThat(problems)
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("SecretKeySecretKeyMissing", "spec.secretKeySecret"));
    assertThat(problems.get(0).message())
        .contains("'own-key'")
        .contains("'secret-key'")
        .doesNotContain("k".repeat(50));
  }

  // --- spec.admin.secretName

  @Test
  void generatedAdminSecretIsNotLookedUpByTheValidator() {
    var seen = new java.util.ArrayList<String>();
    SecretLookup recording =
        (ns, name) -> {
          seen.add(name);
          return CREDENTIALS.find(ns, name);
        };

    assertThat(validate(TestResources.mathesar(), recording)).isEmpty();
    var withoutAdmin = TestResources.mathesar();
    withoutAdmin.getSpec().setAdmin(null);
    assertThat(validate(withoutAdmin, recording)).isEmpty();

    assertThat(seen).doesNotContain("demo-admin");
  }

  @Test
  void ownAdminSecretWithUsernameAndPasswordIsAccepted() {
    var m = withAdminSecret("first-admin");
    var admin = TestResources.secret("first-admin", Map.of("username", "root", "password", "pw"));

    assertThat(validate(m, TestResources.lookup(TestResources.credentials(), admin))).isEmpty();
  }

  @Test
  void ownAdminSecretNotFound() {
    var m = withAdminSecret("first-admin");

    var problems = validate(m, CREDENTIALS);

    assertThat(problems)
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("AdminSecretNotFound", "spec.admin.secretName"));
    assertThat(problems.get(0).message())
        .contains("'first-admin'")
        .contains(TestResources.NAMESPACE)
        .contains("'username'")
        .contains("'password'");
  }

  @Test
  void ownAdminSecretIsLookedUpInTheResourcesNamespace() {
    var seen = new java.util.ArrayList<String>();
    SecretLookup recording =
        (ns, name) -> {
          seen.add(ns + "/" + name);
          return TestResources.lookup(
                  TestResources.credentials(),
                  TestResources.secret("first-admin", Map.of("username", "root", "password", "pw")))
              .find(ns, name);
        };

    assertThat(validate(withAdminSecret("first-admin"), recording)).isEmpty();
    assertThat(seen).containsExactly("team-a/db-credentials", "team-a/first-admin");
  }

  @Test
  void ownAdminSecretWithoutUsername() {
    var m = withAdminSecret("first-admin");
    var admin =
        TestResources.secret(
            "first-admin", Map.of("user", "root", "password", TestResources.DB_PASSWORD));

    var problems = validate(m, TestResources.lookup(TestResources.credentials(), admin));

    assertThat(problems)
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("AdminSecretKeyMissing", "spec.admin.secretName"));
    assertThat(problems.get(0).message()).contains("'first-admin'").contains("'username'");
    assertNoSecretValue(problems);
  }

  @Test
  void ownAdminSecretWithoutPassword() {
    var m = withAdminSecret("first-admin");
    var admin =
        TestResources.secret(
            "first-admin", Map.of("username", "root", "pass", TestResources.DB_PASSWORD));

    var problems = validate(m, TestResources.lookup(TestResources.credentials(), admin));

    assertThat(problems)
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("AdminSecretKeyMissing", "spec.admin.secretName"));
    assertThat(problems.get(0).message()).contains("'password'");
    assertNoSecretValue(problems);
  }

  @Test
  void emptyAdminValuesCountAsMissing() {
    var m = withAdminSecret("first-admin");
    var admin = TestResources.secret("first-admin", Map.of("username", "", "password", ""));

    assertThat(validate(m, TestResources.lookup(TestResources.credentials(), admin)))
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(
            tuple("AdminSecretKeyMissing", "spec.admin.secretName"),
            tuple("AdminSecretKeyMissing", "spec.admin.secretName"));
  }

  @Test
  void adminEmailIsOptional() {
    var m = withAdminSecret("first-admin");
    var withEmail =
        TestResources.secret(
            "first-admin",
            Map.of("username", "root", "password", "pw", "email", "root@example.com"));

    assertThat(validate(m, TestResources.lookup(TestResources.credentials(), withEmail))).isEmpty();
  }

  // --- spec.admin.secretName once the first admin exists

  private static Mathesar withAdminSecretAndAdminCreated(String name, Boolean adminCreated) {
    var m = withAdminSecret(name);
    var status = new MathesarStatus();
    status.setVersion("0.11.0");
    status.setMigratedVersion("0.11.0");
    status.setAdminCreated(adminCreated);
    m.setStatus(status);
    return m;
  }

  @Test
  void missingAdminSecretIsNoProblemOnceTheAdminExists() {
    var m = withAdminSecretAndAdminCreated("first-admin", true);

    assertThat(validate(m, CREDENTIALS)).isEmpty();
  }

  @Test
  void adminSecretWithoutKeysIsNoProblemOnceTheAdminExists() {
    var m = withAdminSecretAndAdminCreated("first-admin", true);
    var admin = TestResources.secret("first-admin", Map.of("user", "root"));

    assertThat(validate(m, TestResources.lookup(TestResources.credentials(), admin))).isEmpty();
  }

  @Test
  void adminSecretIsNotLookedUpOnceTheAdminExists() {
    var seen = new java.util.ArrayList<String>();
    SecretLookup recording =
        (ns, name) -> {
          seen.add(ns + "/" + name);
          return CREDENTIALS.find(ns, name);
        };

    assertThat(validate(withAdminSecretAndAdminCreated("first-admin", true), recording)).isEmpty();
    assertThat(seen).containsExactly("team-a/db-credentials");
  }

  @Test
  void anAdminCreatedInAnotherDatabaseDoesNotCount() {
    var m = withAdminSecretAndAdminCreated("first-admin", true);
    m.getStatus().setDatabase("old-postgres.example.internal:5432/mathesar_django");

    assertThat(validate(m, CREDENTIALS))
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("AdminSecretNotFound", "spec.admin.secretName"));

    m.getStatus().setDatabase(org.mathesar.operator.desired.ResolvedInstance.databaseIdentity(m));
    assertThat(validate(m, CREDENTIALS)).isEmpty();
  }

  @Test
  void adminSecretIsStillCheckedUntilTheAdminExists() {
    for (var adminCreated : new Boolean[] {null, false}) {
      var m = withAdminSecretAndAdminCreated("first-admin", adminCreated);

      assertThat(validate(m, CREDENTIALS))
          .as("adminCreated=" + adminCreated)
          .extracting(SpecProblem::reason, SpecProblem::field)
          .containsExactly(tuple("AdminSecretNotFound", "spec.admin.secretName"));
    }
  }

  @Test
  void otherSecretsAreStillCheckedOnceTheAdminExists() {
    var m = withAdminSecretAndAdminCreated("first-admin", true);
    m.getSpec().setSecretKeySecret("missing-key");

    assertThat(validate(m, TestResources.noSecrets()))
        .extracting(SpecProblem::reason)
        .containsExactly("CredentialsSecretNotFound", "SecretKeySecretNotFound");
  }

  // --- spec.media

  @ParameterizedTest
  @ValueSource(strings = {"lots", "1 Gi", "1gi", "-1Gi", "1GiB", ""})
  void mediaSizeMustBeAQuantity(String size) {
    var problems = validateMedia(media(size, null, MediaSpec.MediaAccessMode.ReadWriteOnce), null);

    assertThat(problems)
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("InvalidMedia", "spec.media.size"));
    assertThat(problems.get(0).message()).startsWith("'" + size + "'");
  }

  @Test
  void nullMediaSizeIsInvalid() {
    assertThat(validateMedia(media(null, null, MediaSpec.MediaAccessMode.ReadWriteOnce), null))
        .extracting(SpecProblem::reason)
        .containsExactly("InvalidMedia");
  }

  @Test
  void invalidSizeSkipsTheComparisonWithTheVolume() {
    var problems =
        validateMedia(
            media("huge", "other", MediaSpec.MediaAccessMode.ReadWriteMany),
            TestResources.pvc("5Gi", "fast", "ReadWriteOnce"));

    assertThat(problems).extracting(SpecProblem::reason).containsExactly("InvalidMedia");
  }

  @ParameterizedTest
  @ValueSource(strings = {"500Mi", "1.5Gi", "512M", "1Mi"})
  void mediaSizesAreAcceptedForANewVolume(String size) {
    assertThat(validateMedia(media(size, null, MediaSpec.MediaAccessMode.ReadWriteOnce), null))
        .isEmpty();
  }

  @Test
  void mediaVolumeCannotShrink() {
    var problems =
        validateMedia(
            media("2Gi", null, MediaSpec.MediaAccessMode.ReadWriteOnce),
            TestResources.pvc("5Gi", null, "ReadWriteOnce"));

    assertThat(problems)
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("MediaVolumeShrink", "spec.media.size"));
    assertThat(problems.get(0).message()).contains("from 5Gi to 2Gi").contains("at least 5Gi");
  }

  @Test
  void shrinkIsComparedInBytesAcrossUnits() {
    // 1000Mi < 1Gi (1024Mi)
    assertThat(
            validateMedia(
                media("1000Mi", null, MediaSpec.MediaAccessMode.ReadWriteOnce),
                TestResources.pvc("1Gi", null, "ReadWriteOnce")))
        .extracting(SpecProblem::reason)
        .containsExactly("MediaVolumeShrink");
    // 1024Mi == 1Gi: no change at all
    assertThat(
            validateMedia(
                media("1024Mi", null, MediaSpec.MediaAccessMode.ReadWriteOnce),
                TestResources.pvc("1Gi", null, "ReadWriteOnce")))
        .isEmpty();
  }

  @Test
  void mediaVolumeMayGrow() {
    assertThat(
            validateMedia(
                media("10Gi", null, MediaSpec.MediaAccessMode.ReadWriteOnce),
                TestResources.pvc("5Gi", null, "ReadWriteOnce")))
        .isEmpty();
  }

  @Test
  void storageClassCannotChange() {
    var problems =
        validateMedia(
            media("1Gi", "slow", MediaSpec.MediaAccessMode.ReadWriteOnce),
            TestResources.pvc("1Gi", "fast", "ReadWriteOnce"));

    assertThat(problems)
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("MediaVolumeImmutable", "spec.media.storageClassName"));
    assertThat(problems.get(0).message()).contains("'fast'");
  }

  @Test
  void omittedStorageClassAcceptsWhateverTheVolumeGot() {
    assertThat(
            validateMedia(
                media("1Gi", null, MediaSpec.MediaAccessMode.ReadWriteOnce),
                TestResources.pvc("1Gi", "cluster-default", "ReadWriteOnce")))
        .isEmpty();
  }

  @Test
  void accessModeCannotChange() {
    var problems =
        validateMedia(
            media("1Gi", null, MediaSpec.MediaAccessMode.ReadWriteMany),
            TestResources.pvc("1Gi", null, "ReadWriteOnce"));

    assertThat(problems)
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("MediaVolumeImmutable", "spec.media.accessMode"));
    assertThat(problems.get(0).message()).contains("ReadWriteOnce");
  }

  @Test
  void nullAccessModeMeansReadWriteOnce() {
    assertThat(
            validateMedia(
                media("1Gi", null, null), TestResources.pvc("1Gi", null, "ReadWriteOnce")))
        .isEmpty();
    assertThat(
            validateMedia(
                media("1Gi", null, null), TestResources.pvc("1Gi", null, "ReadWriteMany")))
        .extracting(SpecProblem::field)
        .containsExactly("spec.media.accessMode");
  }

  @Test
  void shrinkClassAndModeAreAllReported() {
    var problems =
        validateMedia(
            media("1Gi", "slow", MediaSpec.MediaAccessMode.ReadWriteMany),
            TestResources.pvc("3Gi", "fast", "ReadWriteOnce"));

    assertThat(problems)
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(
            tuple("MediaVolumeShrink", "spec.media.size"),
            tuple("MediaVolumeImmutable", "spec.media.storageClassName"),
            tuple("MediaVolumeImmutable", "spec.media.accessMode"));
  }

  @Test
  void nullMediaSpecIsNotChecked() {
    assertThat(validateMedia(null, TestResources.pvc("5Gi", "fast", "ReadWriteMany"))).isEmpty();
  }

  // --- several at once

  @Test
  void independentProblemsAreAllReportedInFieldOrder() {
    var m = TestResources.mathesar("Bad_Name");
    m.getSpec().setVersion("latest");
    m.getSpec().setReplicas(-2);
    m.getSpec().setSecretKeySecret("missing-key");
    var admin = new AdminSpec();
    admin.setSecretName("missing-admin");
    m.getSpec().setAdmin(admin);
    m.getSpec().setMedia(media("big", null, MediaSpec.MediaAccessMode.ReadWriteOnce));

    assertThat(validate(m, TestResources.noSecrets()))
        .extracting(SpecProblem::reason)
        .containsExactly(
            "InvalidName",
            "InvalidVersion",
            "InvalidReplicas",
            "CredentialsSecretNotFound",
            "SecretKeySecretNotFound",
            "AdminSecretNotFound",
            "InvalidMedia");
  }

  @Test
  void describeJoinsFieldAndMessage() {
    assertThat(new SpecProblem("R", "spec.x", "is wrong").describe()).isEqualTo("spec.x: is wrong");
  }
}
