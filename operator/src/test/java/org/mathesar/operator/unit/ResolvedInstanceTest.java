package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.config.OperatorConfig;
import org.mathesar.operator.customresource.AdminSpec;
import org.mathesar.operator.customresource.CloudNativePGSpec;
import org.mathesar.operator.customresource.DeletionPolicy;
import org.mathesar.operator.customresource.GunicornSpec;
import org.mathesar.operator.customresource.MediaSpec;
import org.mathesar.operator.customresource.UpgradeSpec;
import org.mathesar.operator.desired.DatabaseMode;
import org.mathesar.operator.desired.ResolvedInstance;

class ResolvedInstanceTest {
  private static final OperatorConfig CONFIG =
      OperatorConfig.fromMap(
          Map.of(
              "MATHESAR_DEFAULT_VERSION",
              "0.9.1",
              "MATHESAR_IMAGE_REPOSITORY",
              "registry.local/mirror/mathesar"));

  @Test
  void versionDefaultsToTheOperatorConfiguration() {
    var instance = ResolvedInstance.resolve(TestResources.mathesar(), CONFIG, "h");

    assertThat(instance.version()).isEqualTo("0.9.1");
    assertThat(instance.image()).isEqualTo("registry.local/mirror/mathesar:0.9.1");
  }

  @Test
  void defaultConfigurationUsesTheDocumentedReleaseAndDockerHub() {
    var instance =
        ResolvedInstance.resolve(TestResources.mathesar(), OperatorConfig.defaults(), "h");

    assertThat(instance.version())
        .isEqualTo(OperatorConfig.DEFAULT_MATHESAR_VERSION)
        .isEqualTo("0.11.0");
    assertThat(instance.image()).isEqualTo("mathesar/mathesar:0.11.0");
  }

  @Test
  void specVersionWinsOverTheDefaultAndNamesTheImageTag() {
    var m = TestResources.mathesar();
    m.getSpec().setVersion("0.12.0-rc1");

    var instance = ResolvedInstance.resolve(m, CONFIG, "h");

    assertThat(instance.version()).isEqualTo("0.12.0-rc1");
    assertThat(instance.image()).isEqualTo("registry.local/mirror/mathesar:0.12.0-rc1");
  }

  @Test
  void imageOverrideIsUsedVerbatimWhileVersionStaysTheSpecOne() {
    var m = TestResources.mathesar();
    m.getSpec().setVersion("0.11.0");
    m.getSpec().setImage("corp.example/mathesar@sha256:abc");

    var instance = ResolvedInstance.resolve(m, CONFIG, "h");

    assertThat(instance.image()).isEqualTo("corp.example/mathesar@sha256:abc");
    assertThat(instance.version()).isEqualTo("0.11.0");
  }

  @Test
  void imageOverrideWithoutVersionKeepsTheDefaultVersion() {
    var m = TestResources.mathesar();
    m.getSpec().setImage("corp.example/mathesar:custom");

    var instance = ResolvedInstance.resolve(m, CONFIG, "h");

    assertThat(instance.image()).isEqualTo("corp.example/mathesar:custom");
    assertThat(instance.version()).isEqualTo("0.9.1");
  }

  @Test
  void generatedSecretKeySecretIsNamedAfterTheInstance() {
    var instance = ResolvedInstance.resolve(TestResources.mathesar("shop"), CONFIG, "h");

    assertThat(instance.secretKeySecretName()).isEqualTo("shop-secret-key");
    assertThat(instance.usesGeneratedSecretKey()).isTrue();
  }

  @Test
  void userSecretKeySecretIsUsedWhenNamed() {
    var m = TestResources.mathesar("shop");
    m.getSpec().setSecretKeySecret("my-key");

    var instance = ResolvedInstance.resolve(m, CONFIG, "h");

    assertThat(instance.secretKeySecretName()).isEqualTo("my-key");
    assertThat(instance.usesGeneratedSecretKey()).isFalse();
  }

  @Test
  void nullFieldsFallBackToDefaults() {
    var m = TestResources.mathesar();
    m.getSpec().setReplicas(null);
    m.getSpec().setMedia(null);
    m.getSpec().setGunicorn(null);

    var instance = ResolvedInstance.resolve(m, CONFIG, "h");

    assertThat(instance.replicas()).isEqualTo(1);
    assertThat(instance.media().getSize()).isEqualTo("1Gi");
    assertThat(instance.media().getAccessMode()).isEqualTo(MediaSpec.MediaAccessMode.ReadWriteOnce);
    assertThat(instance.gunicorn().getWorkers()).isEqualTo(3);
    assertThat(instance.gunicorn().getTimeoutSeconds()).isEqualTo(300);
  }

  @Test
  void specValuesArePassedThrough() {
    var m = TestResources.mathesar();
    m.getSpec().setReplicas(4);
    var g = new GunicornSpec();
    g.setWorkers(7);
    m.getSpec().setGunicorn(g);

    var instance = ResolvedInstance.resolve(m, CONFIG, "h");

    assertThat(instance.replicas()).isEqualTo(4);
    assertThat(instance.gunicorn().getWorkers()).isEqualTo(7);
    assertThat(instance.name()).isEqualTo(TestResources.NAME);
    assertThat(instance.namespace()).isEqualTo(TestResources.NAMESPACE);
  }

  @Test
  void withSecretsHashReplacesOnlyTheHash() {
    var instance = ResolvedInstance.resolve(TestResources.mathesar(), CONFIG, "");

    var hashed = instance.withSecretsHash("abc123");

    assertThat(hashed.secretsHash()).isEqualTo("abc123");
    assertThat(instance.secretsHash()).isEmpty();
    assertThat(hashed.version()).isEqualTo(instance.version());
    assertThat(hashed.image()).isEqualTo(instance.image());
    assertThat(hashed.secretKeySecretName()).isEqualTo(instance.secretKeySecretName());
    assertThat(hashed.resource()).isSameAs(instance.resource());
  }

  @Test
  void nullHashIsRefused() {
    var instance = ResolvedInstance.resolve(TestResources.mathesar(), CONFIG, "");

    assertThatThrownBy(() -> instance.withSecretsHash(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void generatedAdminSecretIsNamedAfterTheInstance() {
    var m = TestResources.mathesar("shop");

    assertThat(ResolvedInstance.adminSecretName(m)).isEqualTo("shop-admin");
    assertThat(ResolvedInstance.resolve(m, CONFIG, "h").usesGeneratedAdminSecret()).isTrue();

    m.getSpec().setAdmin(null);
    assertThat(ResolvedInstance.adminSecretName(m)).isEqualTo("shop-admin");
    assertThat(ResolvedInstance.resolve(m, CONFIG, "h").usesGeneratedAdminSecret()).isTrue();
  }

  @Test
  void userAdminSecretIsUsedWhenNamed() {
    var m = TestResources.mathesar("shop");
    var admin = new AdminSpec();
    admin.setSecretName("first-admin");
    m.getSpec().setAdmin(admin);

    assertThat(ResolvedInstance.adminSecretName(m)).isEqualTo("first-admin");
    assertThat(ResolvedInstance.resolve(m, CONFIG, "h").usesGeneratedAdminSecret()).isFalse();
  }

  @Test
  void migrationTimeoutDefaultsToHalfAnHour() {
    var m = TestResources.mathesar();
    assertThat(ResolvedInstance.resolve(m, CONFIG, "h").migrationTimeoutSeconds()).isEqualTo(1800);

    m.getSpec().setUpgrade(null);
    assertThat(ResolvedInstance.resolve(m, CONFIG, "h").migrationTimeoutSeconds()).isEqualTo(1800);

    var upgrade = new UpgradeSpec();
    upgrade.setMigrationTimeoutSeconds(null);
    m.getSpec().setUpgrade(upgrade);
    assertThat(ResolvedInstance.resolve(m, CONFIG, "h").migrationTimeoutSeconds()).isEqualTo(1800);
  }

  @Test
  void migrationTimeoutComesFromTheUpgradeSpec() {
    var m = TestResources.mathesar();
    var upgrade = new UpgradeSpec();
    upgrade.setMigrationTimeoutSeconds(5400);
    m.getSpec().setUpgrade(upgrade);

    assertThat(ResolvedInstance.resolve(m, CONFIG, "h").migrationTimeoutSeconds()).isEqualTo(5400);
  }

  // --- databaseIdentity

  @Test
  void externalDatabaseIdentityIsHostPortAndDatabaseWithTheDefaultPort() {
    var m = TestResources.mathesar();

    assertThat(ResolvedInstance.databaseIdentity(m))
        .isEqualTo("postgres.example.internal:5432/mathesar_django");

    TestResources.external(m).setPort(null);
    assertThat(ResolvedInstance.databaseIdentity(m))
        .isEqualTo("postgres.example.internal:5432/mathesar_django");
  }

  @Test
  void externalDatabaseIdentityUsesTheGivenPort() {
    var m = TestResources.mathesar();
    TestResources.external(m).setPort(6543);

    assertThat(ResolvedInstance.databaseIdentity(m))
        .isEqualTo("postgres.example.internal:6543/mathesar_django");
  }

  @Test
  void externalDatabaseIdentityChangesWithTheDatabaseNameOrHost() {
    var m = TestResources.mathesar();
    var before = ResolvedInstance.databaseIdentity(m);

    TestResources.external(m).setDatabase("other_db");
    assertThat(ResolvedInstance.databaseIdentity(m))
        .isNotEqualTo(before)
        .isEqualTo("postgres.example.internal:5432/other_db");

    TestResources.external(m).setHost("db2.example.internal");
    assertThat(ResolvedInstance.databaseIdentity(m))
        .isEqualTo("db2.example.internal:5432/other_db");
  }

  @Test
  void externalDatabaseIdentityHasNoCredentials() {
    var identity = ResolvedInstance.databaseIdentity(TestResources.mathesar());

    assertThat(identity)
        .doesNotContain(TestResources.CREDENTIALS_SECRET)
        .doesNotContain(TestResources.DB_USER)
        .doesNotContain(TestResources.DB_PASSWORD);
  }

  @Test
  void cloudNativePGDatabaseIdentityNamesTheCluster() {
    assertThat(ResolvedInstance.databaseIdentity(TestResources.cloudNativePG()))
        .isEqualTo("cloudNativePG:demo-db");
    assertThat(ResolvedInstance.databaseIdentity(TestResources.cloudNativePG("shop")))
        .isEqualTo("cloudNativePG:shop-db");
  }

  @Test
  void databaseModeIsDecidedOnceWhenResolved() {
    var m = TestResources.mathesar();
    var instance = ResolvedInstance.resolve(m, CONFIG, "h");

    TestResources.external(m).setHost("db2.example.internal");

    assertThat(instance.database())
        .isInstanceOfSatisfying(
            DatabaseMode.External.class,
            db -> assertThat(db.host()).isEqualTo(TestResources.DB_HOST));
    assertThat(instance.databaseIdentity())
        .isEqualTo("postgres.example.internal:5432/mathesar_django");
  }

  @Test
  void aSpecDatabaseValidationRefusesResolvesWithoutAMode() {
    var neither = TestResources.mathesar();
    neither.getSpec().setDatabase(null);
    var both = TestResources.mathesar();
    both.getSpec().getDatabase().setCloudNativePG(new CloudNativePGSpec());

    assertThat(ResolvedInstance.resolve(neither, CONFIG, "h").database()).isNull();
    assertThat(ResolvedInstance.resolve(both, CONFIG, "h").database()).isNull();
    assertThat(ResolvedInstance.resolve(TestResources.cloudNativePG(), CONFIG, "h").database())
        .isInstanceOf(DatabaseMode.CloudNativePG.class);
  }

  @Test
  void staticHelpersTolerateAResourceWithoutSpec() {
    var m = TestResources.mathesar();
    m.setSpec(null);

    assertThat(ResolvedInstance.secretKeySecretName(m)).isEqualTo("demo-secret-key");
    assertThat(ResolvedInstance.adminSecretName(m)).isEqualTo("demo-admin");
    assertThat(ResolvedInstance.usesGeneratedSecretKey(m)).isTrue();
    assertThat(ResolvedInstance.deletionPolicy(m)).isEqualTo(DeletionPolicy.Retain);
  }

  @Test
  void hostnamesStartWithTheMainOneWithoutRepeats() {
    var m = TestResources.mathesar();
    m.getSpec().setAdditionalHostnames(List.of("b.example.com"));
    assertThat(ResolvedInstance.resolve(m, CONFIG, "h").hostnames()).isEmpty();

    m.getSpec().setHostname("a.example.com");
    m.getSpec().setAdditionalHostnames(List.of("b.example.com", "a.example.com"));
    assertThat(ResolvedInstance.resolve(m, CONFIG, "h").hostnames())
        .containsExactly("a.example.com", "b.example.com");
  }

  @Test
  void unsetSwitchesAndListsHaveTheirDefaults() {
    var m = TestResources.mathesar();
    m.getSpec().setIngress(null);
    m.getSpec().setNetworkPolicy(null);
    m.getSpec().setHttpRoute(null);
    m.getSpec().setUpgrade(null);
    m.getSpec().setPodDisruptionBudget(null);

    var instance = ResolvedInstance.resolve(m, CONFIG, "h");

    assertThat(instance.ingressEnabled()).isFalse();
    assertThat(instance.servesTls()).isFalse();
    assertThat(instance.networkPolicyEnabled()).isFalse();
    assertThat(instance.httpRouteEnabled()).isFalse();
    assertThat(instance.backupBeforeUpgrade()).isTrue();
    assertThat(instance.podDisruptionBudget()).isNotNull();
    assertThat(instance.env()).isEmpty();
    assertThat(instance.extraVolumes()).isEmpty();
    assertThat(instance.podLabels()).isEmpty();
    // No default, and none invented: these go into builders as they are.
    assertThat(instance.envFrom()).isNull();
    assertThat(instance.affinity()).isNull();
  }

  @Test
  void theDjangoAdminIsChosenBySpecDjangoAdminOrByHandInSpecEnv() {
    var unset = TestResources.mathesar();
    assertThat(ResolvedInstance.resolve(unset, CONFIG, "h").djangoAdminChosen()).isFalse();

    var off = TestResources.mathesar();
    off.getSpec().setDjangoAdmin(new org.mathesar.operator.customresource.DjangoAdminSpec());
    assertThat(ResolvedInstance.resolve(off, CONFIG, "h").djangoAdminChosen())
        .as("djangoAdmin: {} says nothing")
        .isFalse();
    off.getSpec().getDjangoAdmin().setEnabled(false);
    assertThat(ResolvedInstance.resolve(off, CONFIG, "h").djangoAdminChosen()).isTrue();

    var byHand = TestResources.mathesar();
    byHand
        .getSpec()
        .setEnv(
            List.of(
                new io.fabric8.kubernetes.api.model.EnvVar("GUNICORN_CMD_ARGS", "-t 60", null),
                new io.fabric8.kubernetes.api.model.EnvVar(
                    "MATHESAR_DJANGO_ADMIN_ENABLED", "true", null)));
    assertThat(ResolvedInstance.resolve(byHand, CONFIG, "h").djangoAdminChosen()).isTrue();
  }
}
