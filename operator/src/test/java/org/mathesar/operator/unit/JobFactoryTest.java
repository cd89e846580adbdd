package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.AdminSpec;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.UpgradeSpec;
import org.mathesar.operator.desired.DeploymentFactory;
import org.mathesar.operator.desired.JobFactory;
import org.mathesar.operator.desired.Labels;
import org.mathesar.operator.desired.MathesarCommands;
import org.mathesar.operator.desired.MathesarEnvironment;
import org.mathesar.operator.desired.ObjectNames;

class JobFactoryTest {
  private static final List<String> ADMIN_VARIABLES =
      List.of("DJANGO_SUPERUSER_USERNAME", "DJANGO_SUPERUSER_PASSWORD", "DJANGO_SUPERUSER_EMAIL");

  private static Job migration(Mathesar m) {
    return JobFactory.migration(TestResources.resolved(m), false);
  }

  private static Job admin(Mathesar m) {
    return JobFactory.admin(TestResources.resolved(m));
  }

  private static Container container(Job job) {
    var containers = job.getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).hasSize(1);
    return containers.get(0);
  }

  private static Map<String, EnvVar> byName(List<EnvVar> env) {
    return env.stream().collect(Collectors.toMap(EnvVar::getName, Function.identity()));
  }

  private static Mathesar withMigrationTimeout(Integer seconds) {
    var m = TestResources.mathesar();
    var upgrade = new UpgradeSpec();
    upgrade.setMigrationTimeoutSeconds(seconds);
    m.getSpec().setUpgrade(upgrade);
    return m;
  }

  private static Mathesar withAdminSecret(String name) {
    var m = TestResources.mathesar();
    var admin = new AdminSpec();
    admin.setSecretName(name);
    m.getSpec().setAdmin(admin);
    return m;
  }

  // --- migration Job

  @Test
  void migrationJobIsNamedAfterTheTargetVersion() {
    var m = TestResources.mathesar("shop");
    m.getSpec().setVersion("0.12.0-rc1");

    var job = migration(m);

    // Not a plain release number: the dashed form gets a digest of the version (see
    // ObjectNamesTest).
    assertThat(job.getMetadata().getName())
        .startsWith("shop-migrate-0-12-0-rc1-")
        .isEqualTo(ObjectNames.migrationJob(m, "0.12.0-rc1"));
    assertThat(job.getMetadata().getNamespace()).isEqualTo(TestResources.NAMESPACE);
  }

  @Test
  void migrationJobOfAReleaseNumberIsReadable() {
    var m = TestResources.mathesar("shop");
    m.getSpec().setVersion("0.12.0");

    assertThat(migration(m).getMetadata().getName()).isEqualTo("shop-migrate-0-12-0");
  }

  @Test
  void jobPodsAreNotSelectedByTheWebSelector() {
    // The Service and the Deployment select web pods only; a Job's pod must never receive traffic.
    var m = TestResources.mathesar("shop");
    var selector = Labels.selector(m).entrySet();

    for (var job : List.of(migration(m), admin(m))) {
      assertThat(
              job.getSpec()
                  .getTemplate()
                  .getMetadata()
                  .getLabels()
                  .entrySet()
                  .containsAll(selector))
          .as(job.getMetadata().getName())
          .isFalse();
    }
  }

  @Test
  void migrationJobOfTheDefaultVersion() {
    assertThat(migration(TestResources.mathesar()).getMetadata().getName())
        .isEqualTo("demo-migrate-0-11-0");
  }

  @Test
  void migrationJobIsLabelledAsTheMigrateComponentOfItsVersion() {
    var m = TestResources.mathesar("shop");
    m.getSpec().setVersion("0.12.0");

    var job = migration(m);

    var expected =
        Map.of(
            "app.kubernetes.io/name", "mathesar",
            "app.kubernetes.io/instance", "shop",
            "app.kubernetes.io/managed-by", "mathesar-operator",
            "app.kubernetes.io/component", "migrate",
            "app.kubernetes.io/version", "0.12.0");
    assertThat(job.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
        .containsExactlyInAnyOrderEntriesOf(expected);
  }

  @Test
  void migrationJobHasNoOwnerReference() {
    // The dependent resource adds the controller reference when it creates the Job.
    assertThat(migration(TestResources.mathesar()).getMetadata().getOwnerReferences())
        .isNullOrEmpty();
  }

  @Test
  void migrationJobRetriesOnceAndNeverRestartsItsPod() {
    var job = migration(TestResources.mathesar());

    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(1);
    assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
  }

  @Test
  void migrationDeadlineDefaultsToHalfAnHour() {
    assertThat(migration(TestResources.mathesar()).getSpec().getActiveDeadlineSeconds())
        .isEqualTo(1800L);

    var withoutUpgrade = TestResources.mathesar();
    withoutUpgrade.getSpec().setUpgrade(null);
    assertThat(migration(withoutUpgrade).getSpec().getActiveDeadlineSeconds()).isEqualTo(1800L);

    assertThat(migration(withMigrationTimeout(null)).getSpec().getActiveDeadlineSeconds())
        .isEqualTo(1800L);
  }

  @Test
  void migrationDeadlineComesFromTheUpgradeSpec() {
    assertThat(migration(withMigrationTimeout(3600)).getSpec().getActiveDeadlineSeconds())
        .isEqualTo(3600L);
    assertThat(migration(withMigrationTimeout(60)).getSpec().getActiveDeadlineSeconds())
        .isEqualTo(60L);
  }

  @Test
  void migrationRunsManagePyMigrateInCode() {
    var c = container(migration(TestResources.mathesar()));

    assertThat(c.getName()).isEqualTo("migrate");
    assertThat(c.getCommand()).containsExactly("python", "manage.py", "migrate", "--noinput");
    assertThat(c.getCommand()).isEqualTo(MathesarCommands.MIGRATE);
    assertThat(c.getWorkingDir()).isEqualTo("/code");
    assertThat(c.getPorts()).isNullOrEmpty();
    assertThat(c.getReadinessProbe()).isNull();
    assertThat(c.getLivenessProbe()).isNull();
  }

  @Test
  void migrationRunsTheTargetImage() {
    var m = TestResources.mathesar();
    m.getSpec().setVersion("0.12.0");
    assertThat(container(migration(m)).getImage()).isEqualTo("mathesar/mathesar:0.12.0");

    m.getSpec().setImage("corp.example/mathesar@sha256:abc");
    assertThat(container(migration(m)).getImage()).isEqualTo("corp.example/mathesar@sha256:abc");
  }

  @Test
  void migrationHasTheSameEnvironmentAsTheWebPods() {
    var m = TestResources.mathesar();
    m.getSpec().setEnv(List.of(TestResources.env("TZ", "UTC"), TestResources.env("DEBUG", "true")));
    var instance = TestResources.resolved(m);

    var env = container(JobFactory.migration(instance, false)).getEnv();

    assertThat(env).isEqualTo(MathesarEnvironment.build(instance));
    var web = DeploymentFactory.build(instance, instance.version(), instance.image());
    assertThat(env)
        .isEqualTo(web.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv());
    assertThat(env).extracting(EnvVar::getName).doesNotContainAnyElementsOf(ADMIN_VARIABLES);
  }

  @Test
  void migrationPodIsScheduledLikeTheWebPods() {
    var m = TestResources.mathesar();
    var resources =
        new ResourceRequirementsBuilder()
            .withRequests(Map.of("memory", new Quantity("512Mi")))
            .withLimits(Map.of("memory", new Quantity("1Gi")))
            .build();
    m.getSpec().setResources(resources);
    m.getSpec().setNodeSelector(Map.of("disktype", "ssd"));
    var toleration = new Toleration("NoSchedule", "dedicated", "Equal", null, "mathesar");
    m.getSpec().setTolerations(List.of(toleration));
    m.getSpec().setImagePullSecrets(List.of(new LocalObjectReference("regcred")));

    for (var job : List.of(migration(m), admin(m))) {
      var pod = job.getSpec().getTemplate().getSpec();
      assertThat(pod.getNodeSelector()).containsOnly(entry("disktype", "ssd"));
      assertThat(pod.getTolerations()).containsExactly(toleration);
      assertThat(pod.getImagePullSecrets())
          .extracting(LocalObjectReference::getName)
          .containsExactly("regcred");
      assertThat(pod.getEnableServiceLinks()).isFalse();
      assertThat(pod.getContainers().get(0).getResources()).isEqualTo(resources);
    }
  }

  // --- admin Job

  @Test
  void adminJobIsNamedAndLabelledAsTheAdminComponent() {
    var m = TestResources.mathesar("shop");
    m.getSpec().setVersion("0.12.0");

    var job = admin(m);

    assertThat(job.getMetadata().getName()).isEqualTo("shop-admin");
    assertThat(job.getMetadata().getNamespace()).isEqualTo(TestResources.NAMESPACE);
    var expected =
        Map.of(
            "app.kubernetes.io/name", "mathesar",
            "app.kubernetes.io/instance", "shop",
            "app.kubernetes.io/managed-by", "mathesar-operator",
            "app.kubernetes.io/component", "admin",
            "app.kubernetes.io/version", "0.12.0");
    assertThat(job.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
        .containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(job.getMetadata().getOwnerReferences()).isNullOrEmpty();
  }

  @Test
  void adminJobRetriesOnceWithinTenMinutes() {
    var job = admin(TestResources.mathesar());

    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(1);
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(600L);
    assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
  }

  @Test
  void adminJobIgnoresTheMigrationTimeout() {
    assertThat(admin(withMigrationTimeout(7200)).getSpec().getActiveDeadlineSeconds())
        .isEqualTo(600L);
  }

  @Test
  void adminJobCreatesTheSuperuserOnlyIfMissing() {
    var m = TestResources.mathesar();
    m.getSpec().setVersion("0.12.0");

    var c = container(admin(m));

    assertThat(c.getName()).isEqualTo("create-admin");
    assertThat(c.getImage()).isEqualTo("mathesar/mathesar:0.12.0");
    assertThat(c.getWorkingDir()).isEqualTo("/code");
    assertThat(c.getCommand()).isEqualTo(MathesarCommands.CREATE_ADMIN);
    assertThat(c.getCommand()).startsWith("python", "manage.py", "shell", "-c").hasSize(5);
    var script = c.getCommand().get(4);
    assertThat(script)
        .contains("os.environ['DJANGO_SUPERUSER_USERNAME']")
        .contains("os.environ['DJANGO_SUPERUSER_PASSWORD']")
        .contains("os.environ.get('DJANGO_SUPERUSER_EMAIL', '')")
        .contains(".exists()")
        .contains("create_superuser");
  }

  @Test
  void adminCredentialsAreReferencedFromTheGeneratedSecret() {
    var env = byName(container(admin(TestResources.mathesar("shop"))).getEnv());

    assertSecretRef(env.get("DJANGO_SUPERUSER_USERNAME"), "shop-admin", "username", false);
    assertSecretRef(env.get("DJANGO_SUPERUSER_PASSWORD"), "shop-admin", "password", false);
    assertSecretRef(env.get("DJANGO_SUPERUSER_EMAIL"), "shop-admin", "email", true);
  }

  @Test
  void adminCredentialsAreReferencedFromTheUsersSecret() {
    var env = byName(container(admin(withAdminSecret("first-admin"))).getEnv());

    assertSecretRef(env.get("DJANGO_SUPERUSER_USERNAME"), "first-admin", "username", false);
    assertSecretRef(env.get("DJANGO_SUPERUSER_PASSWORD"), "first-admin", "password", false);
    assertSecretRef(env.get("DJANGO_SUPERUSER_EMAIL"), "first-admin", "email", true);
  }

  private static void assertSecretRef(EnvVar var, String secret, String key, boolean optional) {
    assertThat(var).isNotNull();
    assertThat(var.getValue()).as(var.getName() + " has no inline value").isNull();
    var ref = var.getValueFrom().getSecretKeyRef();
    assertThat(ref.getName()).as(var.getName()).isEqualTo(secret);
    assertThat(ref.getKey()).as(var.getName()).isEqualTo(key);
    if (optional) {
      assertThat(ref.getOptional()).as(var.getName() + " optional").isTrue();
    } else {
      assertThat(ref.getOptional()).as(var.getName() + " required").isNotEqualTo(Boolean.TRUE);
    }
  }

  @Test
  void adminEnvironmentIsTheMathesarEnvironmentPlusTheCredentials() {
    var m = TestResources.mathesar();
    m.getSpec().setEnv(List.of(TestResources.env("TZ", "UTC")));
    var instance = TestResources.resolved(m);

    var env = container(JobFactory.admin(instance)).getEnv();

    var base = MathesarEnvironment.build(instance);
    assertThat(env).hasSize(base.size() + 3);
    assertThat(env.subList(0, base.size())).isEqualTo(base);
    assertThat(env.subList(base.size(), env.size()))
        .extracting(EnvVar::getName)
        .containsExactlyElementsOf(ADMIN_VARIABLES);
  }

  @Test
  void noSecretValueIsInlinedInEitherJob() {
    // Every variable that carries a credential is a reference; values inlined are plain settings.
    var m = TestResources.mathesar();
    for (var job : List.of(migration(m), admin(m))) {
      var env = byName(container(job).getEnv());
      for (var name : List.of("POSTGRES_USER", "POSTGRES_PASSWORD", "SECRET_KEY")) {
        assertThat(env.get(name).getValue()).as(name).isNull();
        assertThat(env.get(name).getValueFrom().getSecretKeyRef()).as(name).isNotNull();
      }
      assertThat(container(job).getEnv())
          .extracting(EnvVar::getValue)
          .doesNotContain(TestResources.DB_PASSWORD, TestResources.DB_USER);
    }
  }
}
