package org.mathesar.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.DjangoAdminSpec;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.status.Conditions;

/**
 * The release checks of an upgrade (ReleaseChecks) against a real API server, with {@link
 * FakeMathesar} answering users.list in the running instance's place: an upgrade from 0.10.1 to
 * 0.11.0 waits while Mathesar cannot be asked, is refused while a username is longer than 0.11.0's
 * migrations keep, and goes on by itself once it is renamed: Mathesar tells no event of a rename,
 * so this is the operator's periodic look. An upgrade across 0.12.0 waits for spec.djangoAdmin to
 * say whether the Django admin stays.
 */
class ReleasePreflightIT extends FakeMathesarTestBase {
  /** The operator looks again every 30 s; the API server and the fake add little to it. */
  private static final Duration RECHECKED = Duration.ofSeconds(75);

  @Test
  void anUpgradeToTheUsernameLimitWaitsThenIsRefusedUntilTheLongNameIsRenamed() {
    var ns = newNamespace();
    var running = runningAt(ns, "pre", "0.10.1", m -> m);
    var admin =
        client.secrets().inNamespace(ns).withName(running.getStatus().getAdminSecret()).get();
    var username = secretValue(admin, "username");
    var password = secretValue(admin, "password");
    var instance = fake.addInstance(username, "not-" + password);
    var longName = "someone.with.a.long.address@departement-des-affaires-etrangeres.example.org";
    var id = instance.addUser(longName);
    var migrationJob = "pre-migrate-0-11-0";

    // The admin's login fails (the fake knows another password): the check cannot run.
    editMathesar(ns, "pre", r -> version(r, "0.11.0"));
    var waiting =
        awaitMathesar(ns, "pre", condition(Conditions.PROGRESSING, "True", "CheckingRelease"));
    assertThat(message(waiting, Conditions.READY))
        .contains("checks the usernames of the running 0.10.1")
        .contains("spec.upgrade.preflight: false");
    assertThat(waiting.getStatus().getPhase().toString()).isEqualTo("Upgrading");
    assertThat(job(ns, migrationJob)).as("no migration Job while the check waits").isNull();

    // The admin logs in: the long username refuses the upgrade, and nothing runs.
    fake.changeAdminPassword(instance, "not-" + password, password);
    var refused =
        awaitResource(
            mathesarResource(ns, "pre"),
            RECHECKED,
            condition(Conditions.DEGRADED, "True", "UsernameTooLong"));
    assertThat(message(refused, Conditions.DEGRADED))
        .contains("id " + id + " (" + longName.length() + " characters)")
        .contains("0.10.1 keeps serving")
        .doesNotContain(longName);
    assertThat(refused.getStatus().getMigratedVersion()).isEqualTo("0.10.1");
    assertThat(refused.getStatus().getPhase().toString()).isEqualTo("Failed");
    assertThat(job(ns, migrationJob)).as("no migration Job after the refusal").isNull();
    assertThat(deployedImage(ns, "pre")).isEqualTo("mathesar/mathesar:0.10.1");
    awaitWarning(ns, "UsernameTooLong", "Rename them in Mathesar");
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .as("no Event names the username")
        .noneMatch(e -> e.getMessage().contains(longName))
        .as("the refusal comes before the backup step")
        .noneMatch(e -> "BackupSkipped".equals(e.getReason()));

    // Renamed in Mathesar: the operator's next look lets the upgrade go on.
    instance.renameUser(id, "someone");
    awaitResource(mathesarResource(ns, "pre"), RECHECKED, r -> job(ns, migrationJob) != null);
    assertThat(instance.calls("users.list")).isGreaterThanOrEqualTo(2);
    finishJob(ns, migrationJob, true);
    markDeploymentReadyOnceAt(ns, "pre", "mathesar/mathesar:0.11.0");
    awaitMathesar(
        ns,
        "pre",
        condition(Conditions.READY, "True", null)
            .and(r -> "0.11.0".equals(r.getStatus().getVersion())));
  }

  /**
   * From 0.12.0 the Django admin is off unless asked for, and always on before: the upgrade waits
   * for the spec to say which, and the edit that says it starts the upgrade.
   */
  @Test
  void anUpgradeAcrossTheDjangoAdminSwitchWaitsUntilTheSpecChooses() {
    var ns = newNamespace();
    runningAt(ns, "adm", "0.11.0", m -> m);
    var migrationJob = "adm-migrate-0-12-0";

    editMathesar(ns, "adm", r -> version(r, "0.12.0"));
    var refused =
        awaitMathesar(ns, "adm", condition(Conditions.DEGRADED, "True", "DjangoAdminChoiceNeeded"));
    assertThat(message(refused, Conditions.DEGRADED))
        .contains("0.11.0 keeps serving")
        .contains("Set spec.djangoAdmin.enabled: true to keep /admin/, or false");
    assertThat(refused.getStatus().getPhase().toString()).isEqualTo("Failed");
    assertThat(refused.getStatus().getMigratedVersion()).isEqualTo("0.11.0");
    assertThat(job(ns, migrationJob)).as("no migration Job after the refusal").isNull();
    assertThat(deployedImage(ns, "adm")).isEqualTo("mathesar/mathesar:0.11.0");
    awaitWarning(ns, "DjangoAdminChoiceNeeded", "spec.djangoAdmin.enabled");

    editMathesar(
        ns,
        "adm",
        r -> {
          var admin = new DjangoAdminSpec();
          admin.setEnabled(false);
          r.getSpec().setDjangoAdmin(admin);
          return r;
        });
    awaitMathesar(ns, "adm", r -> job(ns, migrationJob) != null);
    finishJob(ns, migrationJob, true);
    markDeploymentReadyOnceAt(ns, "adm", "mathesar/mathesar:0.12.0");
    awaitMathesar(
        ns,
        "adm",
        condition(Conditions.READY, "True", null)
            .and(r -> "0.12.0".equals(r.getStatus().getVersion())));
    assertThat(webContainer(ns, "adm").getEnv())
        .as("false is Mathesar's own default: the variable is left unset")
        .noneMatch(e -> "MATHESAR_DJANGO_ADMIN_ENABLED".equals(e.getName()));
  }

  /** MATHESAR_DJANGO_ADMIN_ENABLED set by hand in spec.env is a choice made: nothing waits. */
  @Test
  void theDjangoAdminVariableSetByHandInSpecEnvIsTheChoice() {
    var ns = newNamespace();
    runningAt(
        ns,
        "byhand",
        "0.11.0",
        m -> {
          m.getSpec()
              .setEnv(
                  java.util.List.of(
                      new io.fabric8.kubernetes.api.model.EnvVar(
                          "MATHESAR_DJANGO_ADMIN_ENABLED", "true", null)));
          return m;
        });

    editMathesar(ns, "byhand", r -> version(r, "0.12.0"));
    awaitMathesar(ns, "byhand", r -> job(ns, "byhand-migrate-0-12-0") != null);
    assertThat(mathesarResource(ns, "byhand").get().getStatus().getConditions())
        .noneMatch(c -> "DjangoAdminChoiceNeeded".equals(c.getReason()));
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .noneMatch(e -> "DjangoAdminChoiceNeeded".equals(e.getReason()));
    finishJob(ns, "byhand-migrate-0-12-0", true);
    markDeploymentReadyOnceAt(ns, "byhand", "mathesar/mathesar:0.12.0");
    assertThat(webContainer(ns, "byhand").getEnv())
        .as("the variable set by hand reaches 0.12.0")
        .filteredOn(e -> "MATHESAR_DJANGO_ADMIN_ENABLED".equals(e.getName()))
        .singleElement()
        .satisfies(e -> assertThat(e.getValue()).isEqualTo("true"));
  }

  /** An instance of the version, with its database credentials, created and awaited Running. */
  private static Mathesar runningAt(
      String ns, String name, String version, java.util.function.UnaryOperator<Mathesar> edit) {
    credentials(ns, "db");
    client.resource(edit.apply(version(mathesar(ns, name, "db"), version))).create();
    return awaitRunning(ns, name);
  }

  private static Mathesar version(Mathesar m, String version) {
    m.getSpec().setVersion(version);
    return m;
  }

  private static String deployedImage(String ns, String name) {
    return webContainer(ns, name).getImage();
  }

  private static io.fabric8.kubernetes.api.model.batch.v1.Job job(String ns, String name) {
    return client.batch().v1().jobs().inNamespace(ns).withName(name).get();
  }

  /** The Deployment rolls to the image, and then the test plays its pods being ready. */
  private static void markDeploymentReadyOnceAt(String ns, String name, String image) {
    awaitDeployment(
        ns,
        name,
        d -> image.equals(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()));
    markDeploymentReady(ns, name);
  }

  private static String message(Mathesar m, String type) {
    return Conditions.find(m.getStatus().getConditions(), type).orElseThrow().getMessage();
  }
}
