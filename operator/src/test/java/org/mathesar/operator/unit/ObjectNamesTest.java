package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mathesar.operator.desired.ObjectNames;
import org.mathesar.operator.validation.SpecValidator;

class ObjectNamesTest {
  /** A DNS-1123 label: what a label value and a Job's pods need. */
  private static final String DNS_1123_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  private static final String LONGEST_NAME = "a".repeat(SpecValidator.MAX_NAME_LENGTH);

  /** The digest part of a migration Job name: hex, at most 8 characters. */
  private static final String DIGEST = "[0-9a-f]{1,8}";

  @Test
  void namesOfTheOwnedObjects() {
    var m = TestResources.mathesar("shop");

    assertThat(ObjectNames.deployment(m)).isEqualTo("shop");
    assertThat(ObjectNames.service(m)).isEqualTo("shop");
    assertThat(ObjectNames.generatedSecretKeySecret(m)).isEqualTo("shop-secret-key");
    assertThat(ObjectNames.mediaPvc(m)).isEqualTo("shop-media");
    assertThat(ObjectNames.generatedAdminSecret(m)).isEqualTo("shop-admin");
    assertThat(ObjectNames.adminJob(m)).isEqualTo("shop-admin");
  }

  // --- CloudNativePG objects

  @Test
  void databaseClusterAndItsAppSecret() {
    var m = TestResources.mathesar("shop");

    assertThat(ObjectNames.databaseCluster(m)).isEqualTo("shop-db");
    // CloudNativePG names the application user's Secret <cluster>-app.
    assertThat(ObjectNames.databaseAppSecret(m)).isEqualTo("shop-db-app");
  }

  @Test
  void databaseNamesOfTheLongestInstanceNameAreDnsLabels() {
    var m = TestResources.mathesar(LONGEST_NAME);

    assertThat(ObjectNames.databaseCluster(m)).matches(DNS_1123_LABEL).hasSizeLessThanOrEqualTo(63);
    assertThat(ObjectNames.databaseAppSecret(m))
        .matches(DNS_1123_LABEL)
        .hasSizeLessThanOrEqualTo(63);
  }

  @ParameterizedTest
  @CsvSource({
    "0.11.0, shop-db-pre-0-11-0",
    "10.20.30, shop-db-pre-10-20-30",
  })
  void preUpgradeBackupIsNamedAfterTheClusterAndTheVersionWithDashes(
      String version, String expected) {
    var name = ObjectNames.preUpgradeBackup(TestResources.mathesar("shop"), version);

    assertThat(name).isEqualTo(expected).matches(DNS_1123_LABEL);
  }

  /**
   * Like migration Jobs: versions whose dashed forms could meet get a digest of the exact version.
   */
  @ParameterizedTest
  @CsvSource({
    "0.12.0-rc1, shop-db-pre-0-12-0-rc1-",
    "1.2.3-Beta.2, shop-db-pre-1-2-3-beta-2-",
    "1.2.3-rc-, shop-db-pre-1-2-3-rc-",
  })
  void preUpgradeBackupOfAPreReleaseEndsInADigest(String version, String prefix) {
    var name = ObjectNames.preUpgradeBackup(TestResources.mathesar("shop"), version);

    assertThat(name).startsWith(prefix).matches(DNS_1123_LABEL);
    assertThat(name.substring(prefix.length())).matches("[0-9a-f]+");
    assertThat(ObjectNames.preUpgradeBackup(TestResources.mathesar("shop"), "0.12.0-rc.1"))
        .isNotEqualTo(ObjectNames.preUpgradeBackup(TestResources.mathesar("shop"), "0.12.0-rc-1"));
  }

  @Test
  void preUpgradeBackupNameIsDeterministicPerVersion() {
    var m = TestResources.mathesar();

    assertThat(ObjectNames.preUpgradeBackup(m, "0.12.0"))
        .isEqualTo(ObjectNames.preUpgradeBackup(TestResources.mathesar(), "0.12.0"))
        .isNotEqualTo(ObjectNames.preUpgradeBackup(m, "0.12.1"))
        .startsWith(ObjectNames.databaseCluster(m) + "-pre-");
  }

  // --- migration Jobs

  @ParameterizedTest
  @CsvSource({
    "0.11.0, shop-migrate-0-11-0",
    "10.20.30, shop-migrate-10-20-30",
    "1.0.0, shop-migrate-1-0-0",
  })
  void migrationJobOfAReleaseNumberIsTheVersionWithDashes(String version, String expected) {
    var name = ObjectNames.migrationJob(TestResources.mathesar("shop"), version);

    assertThat(name).isEqualTo(expected).matches(DNS_1123_LABEL);
  }

  @ParameterizedTest
  @CsvSource({
    "0.12.0-rc1, shop-migrate-0-12-0-rc1-",
    "1.2.3-Beta.2, shop-migrate-1-2-3-beta-2-",
    "1.2.3-rc..1, shop-migrate-1-2-3-rc-1-",
    "1.2.3-rc-, shop-migrate-1-2-3-rc-",
  })
  void migrationJobOfAnyOtherVersionIsTheDashedVersionAndADigest(String version, String readable) {
    var name = ObjectNames.migrationJob(TestResources.mathesar("shop"), version);

    assertThat(name).startsWith(readable).matches(DNS_1123_LABEL).hasSizeLessThanOrEqualTo(63);
    assertThat(name.substring(readable.length())).matches(DIGEST);
  }

  @Test
  void versionsWithTheSameDashedFormGetDifferentJobs() {
    // Before the digest, these three were all demo-migrate-1-2-3-rc-1: one Job for three versions.
    var m = TestResources.mathesar();
    var names = new HashSet<String>();
    for (var version : List.of("1.2.3-rc.1", "1.2.3-rc-1", "1.2.3-rc..1", "1.2.3-RC.1")) {
      names.add(ObjectNames.migrationJob(m, version));
    }

    assertThat(names).hasSize(4);
    assertThat(names).allMatch(n -> n.startsWith("demo-migrate-1-2-3-rc-1-"));
  }

  @Test
  void releaseNumberAndPreReleaseDoNotShareAJob() {
    var m = TestResources.mathesar();

    assertThat(ObjectNames.migrationJob(m, "0.12.0")).isEqualTo("demo-migrate-0-12-0");
    assertThat(ObjectNames.migrationJob(m, "0.12.0-")).isNotEqualTo("demo-migrate-0-12-0");
  }

  @Test
  void migrationJobNameIsDeterministic() {
    var m = TestResources.mathesar();

    assertThat(ObjectNames.migrationJob(m, "0.11.0"))
        .isEqualTo(ObjectNames.migrationJob(TestResources.mathesar(), "0.11.0"));
    assertThat(ObjectNames.migrationJob(m, "0.12.0-rc1"))
        .isEqualTo(ObjectNames.migrationJob(TestResources.mathesar(), "0.12.0-rc1"));
    assertThat(ObjectNames.migrationJob(m, "0.11.0"))
        .isNotEqualTo(ObjectNames.migrationJob(m, "0.11.1"));
  }

  @Test
  void migrationJobNameOfSixtyThreeCharactersIsKeptReadable() {
    // 45 + "-migrate-" (9) + "10-20-300" (9) = 63
    var name = ObjectNames.migrationJob(TestResources.mathesar(LONGEST_NAME), "10.20.300");

    assertThat(name).hasSize(63).isEqualTo(LONGEST_NAME + "-migrate-10-20-300");
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.20.3000", "0.11.0-rc", "0.11.0-rc1"})
  void longerMigrationJobNameIsTheDigestAlone(String version) {
    var name = ObjectNames.migrationJob(TestResources.mathesar(LONGEST_NAME), version);

    assertThat(name.length()).isLessThanOrEqualTo(63);
    assertThat(name).startsWith(LONGEST_NAME + "-migrate-").matches(DNS_1123_LABEL);
    assertThat(name.substring((LONGEST_NAME + "-migrate-").length())).matches(DIGEST);
    assertThat(ObjectNames.migrationJob(TestResources.mathesar(LONGEST_NAME), version))
        .isEqualTo(name);
  }

  @Test
  void digestsOfDifferentLongVersionsDiffer() {
    var m = TestResources.mathesar(LONGEST_NAME);
    var names = new HashSet<String>();
    for (int i = 0; i < 100; i++) {
      var name = ObjectNames.migrationJob(m, "1.0." + i + "-release-candidate");
      assertThat(name.length()).isLessThanOrEqualTo(63);
      assertThat(name).matches(DNS_1123_LABEL);
      names.add(name);
    }
    assertThat(names).hasSize(100);
  }

  @Test
  void everyVersionFitsALabelValueForTheLongestInstanceName() {
    var m = TestResources.mathesar(LONGEST_NAME);
    for (var version :
        new String[] {
          "0.11.0", "10.20.30", "0.12.0-rc1", "1.2.3-rc-", "123456.789012.345678-" + "x".repeat(80)
        }) {
      assertThat(ObjectNames.migrationJob(m, version))
          .as(version)
          .matches(DNS_1123_LABEL)
          .hasSizeLessThanOrEqualTo(63);
    }
  }

  @Test
  void thePreUpgradeMathesarBackupFitsABackupNameAlsoForTheLongestInstanceName() {
    assertThat(ObjectNames.preUpgradeMathesarBackup(TestResources.mathesar("shop"), "0.12.0"))
        .isEqualTo("shop-pre-0-12-0");
    var longest = "a".repeat(org.mathesar.operator.validation.SpecValidator.MAX_NAME_LENGTH);
    var other = "a".repeat(44) + "b";
    for (var version : new String[] {"0.12.0", "0.12.0-rc.1", "10.20.30"}) {
      var name = ObjectNames.preUpgradeMathesarBackup(TestResources.mathesar(longest), version);
      assertThat(name.length()).as(name).isLessThanOrEqualTo(56);
      assertThat(name)
          .isNotEqualTo(
              ObjectNames.preUpgradeMathesarBackup(TestResources.mathesar(other), version));
    }
    assertThat(ObjectNames.preUpgradeMathesarBackup(TestResources.mathesar(longest), "0.12.0"))
        .isNotEqualTo(
            ObjectNames.preUpgradeMathesarBackup(TestResources.mathesar(longest), "0.12.1"));
  }

  @Test
  void thePreUpgradeBackupIsOwnedByNothingAndGoesToTheInstancesTarget() {
    var m = TestResources.mathesar("shop");
    var own = new org.mathesar.operator.customresource.InstanceBackupSpec();
    own.setTarget(
        new org.mathesar.operator.customresource.BackupTarget(
            new org.mathesar.operator.customresource.ClaimRef("backups")));
    m.getSpec().setBackup(own);
    var b =
        org.mathesar.operator.desired.PreUpgradeBackupFactory.build(
            TestResources.resolved(m), "0.12.0");
    assertThat(b.getMetadata().getName()).isEqualTo("shop-pre-0-12-0");
    assertThat(b.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(b.getSpec().getInstanceRef().getName()).isEqualTo("shop");
    assertThat(b.getSpec().getTarget().getPersistentVolumeClaim().getClaimName())
        .isEqualTo("backups");
    assertThat(b.getSpec().getImage()).isNull();
  }
}
