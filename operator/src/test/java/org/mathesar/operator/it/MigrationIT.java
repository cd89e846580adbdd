package org.mathesar.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.config.OperatorConfig;
import org.mathesar.operator.customresource.Phase;
import org.mathesar.operator.desired.JobFactory;
import org.mathesar.operator.desired.MetadataKeys;
import org.mathesar.operator.status.Conditions;
import org.slf4j.LoggerFactory;

class MigrationIT extends OperatorTestBase {
  private static final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeAll
  static void captureLogs() {
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
  }

  @AfterAll
  static void stopCapturingLogs() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
  }

  @Test
  void firstInstallMigratesThenCreatesTheAdminThenDeploys() {
    var ns = newNamespace();
    credentials(ns, "db");
    client.resource(mathesar(ns, "fresh", "db")).create();

    var migrate = awaitJob(ns, "fresh", "migrate");
    assertThat(migrate.getMetadata().getName()).isEqualTo("fresh-migrate-0-11-0");
    // A first install: one Job migrates, then creates the admin
    // (MathesarCommands.MIGRATE_AND_CREATE_ADMIN).
    assertThat(migrate.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand())
        .startsWith(
            "bash",
            "-c",
            "python manage.py migrate --noinput && exec python manage.py shell -c \"$1\"");
    assertThat(migrate.getMetadata().getAnnotations())
        .containsEntry("mathesar.org/creates-admin", "true");
    assertThat(migrate.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(r -> assertThat(r.getName()).isEqualTo("fresh"));
    var migrating =
        awaitMathesar(
            ns, "fresh", m -> m.getStatus() != null && m.getStatus().getPhase() == Phase.Migrating);
    assertThat(Conditions.isTrue(migrating.getStatus().getConditions(), Conditions.PROGRESSING))
        .isTrue();
    assertThat(client.apps().deployments().inNamespace(ns).withName("fresh").get())
        .as("no pod before migrations")
        .isNull();
    assertThat(jobs(ns, "fresh", "admin")).isEmpty();

    assertThat(migrating.getStatus().getAdminSecret()).isEqualTo("fresh-admin");
    var adminEnv = migrate.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
    assertThat(adminEnv)
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("DJANGO_SUPERUSER_PASSWORD");
              assertThat(e.getValue()).isNull();
              assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("fresh-admin");
            });
    var adminSecret = client.secrets().inNamespace(ns).withName("fresh-admin").get();
    assertThat(decode(adminSecret.getData().get("username"))).isEqualTo("admin");
    assertThat(decode(adminSecret.getData().get("password"))).hasSize(24);

    finishJob(ns, migrate.getMetadata().getName(), true);
    var provisioning =
        awaitMathesar(ns, "fresh", m -> "0.11.0".equals(m.getStatus().getMigratedVersion()));
    assertThat(provisioning.getStatus().getAdminCreated())
        .as("migrated and the admin created by one Job")
        .isTrue();
    assertThat(jobs(ns, "fresh", "admin")).as("no admin Job of its own").isEmpty();
    var d = awaitDeployment(ns, "fresh", x -> true);
    assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("mathesar/mathesar:0.11.0");
    assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand())
        .doesNotContain("-fnse");
    assertThat(d.getSpec().getTemplate().getSpec().getInitContainers())
        .singleElement()
        .satisfies(c -> assertThat(String.join(" ", c.getCommand())).contains("collectstatic"));
    markDeploymentReady(ns, "fresh");
    var ready = awaitMathesar(ns, "fresh", condition(Conditions.READY, "True", "Running"));
    assertThat(ready.getStatus().getPhase()).isEqualTo(Phase.Running);
    assertThat(ready.getStatus().getAdminCreated()).isTrue();
    // Recorded in status, the finished Jobs are cleaned up.
    awaitFinishedJobsGone(ns, "fresh");
    // What a user learns, once each, and no Warning for a healthy install (the steps are in the
    // status).
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .extracting(e -> e.getType() + " " + e.getReason())
        .containsExactlyInAnyOrder("Normal Migrated", "Normal AdminCreated", "Normal Running");

    var password = decode(adminSecret.getData().get("password"));
    var secretKey =
        decode(
            client
                .secrets()
                .inNamespace(ns)
                .withName("fresh-secret-key")
                .get()
                .getData()
                .get("secret-key"));
    var everythingSaid =
        client.getKubernetesSerialization().asJson(mathesarResource(ns, "fresh").get())
            + client
                .getKubernetesSerialization()
                .asJson(client.v1().events().inNamespace(ns).list())
            + String.join(
                "\n", logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
    assertThat(everythingSaid).doesNotContain(password, secretKey, "s3cr3t-db-password");
  }

  /**
   * Recording a finished Job's result is a status write, which brings no event of its own; the
   * clean-up must not wait for some unrelated change. Here the Deployment never becomes ready, so
   * nothing else happens after the admin Job succeeds.
   */
  @Test
  void finishedJobsAreCleanedUpWithoutAnyFurtherEvent() {
    var ns = newNamespace();
    credentials(ns, "db");
    client.resource(mathesar(ns, "still", "db")).create();
    awaitInstalled(ns, "still");
    awaitFinishedJobsGone(ns, "still");
    var m = mathesarResource(ns, "still").get();
    assertThat(m.getStatus().getMigratedVersion()).isEqualTo("0.11.0");
    assertThat(m.getStatus().getAdminCreated()).isTrue();
  }

  @Test
  void upgradeMovesTheDeploymentOnlyAfterItsMigrationSucceeded() {
    var ns = newNamespace();
    credentials(ns, "db");
    client.resource(mathesar(ns, "up", "db")).create();
    awaitRunning(ns, "up");

    editMathesar(ns, "up", m -> upgradeTo(m, "0.12.0"));
    var job = awaitJobNamed(ns, "up-migrate-0-12-0");
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("mathesar/mathesar:0.12.0");
    var upgrading = awaitMathesar(ns, "up", m -> m.getStatus().getPhase() == Phase.Upgrading);
    assertThat(
            Conditions.find(upgrading.getStatus().getConditions(), Conditions.READY)
                .orElseThrow()
                .getMessage())
        .contains("0.11.0 keeps serving");
    assertThat(image(ns, "up")).isEqualTo("mathesar/mathesar:0.11.0");

    finishJob(ns, job.getMetadata().getName(), true);
    awaitDeployment(
        ns,
        "up",
        d ->
            d.getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage()
                .endsWith(":0.12.0"));
    markDeploymentReady(ns, "up");
    var done = awaitMathesar(ns, "up", condition(Conditions.READY, "True", "Running"));
    assertThat(done.getStatus().getVersion()).isEqualTo("0.12.0");
    assertThat(done.getStatus().getMigratedVersion()).isEqualTo("0.12.0");
    assertThat(jobs(ns, "up", "admin")).as("the admin is created once, not per version").isEmpty();
  }

  @Test
  void failedMigrationKeepsTheOldVersionServingAndRetriesOnlyWhenAsked() {
    var ns = newNamespace();
    credentials(ns, "db");
    client.resource(mathesar(ns, "oops", "db")).create();
    awaitRunning(ns, "oops");

    editMathesar(ns, "oops", m -> upgradeTo(m, "0.12.0"));
    var first = awaitJobNamed(ns, "oops-migrate-0-12-0");
    finishJob(ns, first.getMetadata().getName(), false);

    var failed =
        awaitMathesar(ns, "oops", condition(Conditions.DEGRADED, "True", "MigrationFailed"));
    assertThat(failed.getStatus().getPhase()).isEqualTo(Phase.Failed);
    assertThat(
            Conditions.find(failed.getStatus().getConditions(), Conditions.DEGRADED)
                .orElseThrow()
                .getMessage())
        .contains(
            "oops-migrate-0-12-0",
            "kubectl -n " + ns + " logs job/oops-migrate-0-12-0",
            MetadataKeys.RETRY_MIGRATION_ANNOTATION);
    assertThat(image(ns, "oops")).isEqualTo("mathesar/mathesar:0.11.0");

    // No retry storm: resyncs and unrelated events leave the failed Job alone.
    operator.close();
    operator = startOperator(OperatorConfig.defaults());
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                jobs(ns, "oops", "migrate").size() == 1
                    && jobs(ns, "oops", "migrate")
                        .get(0)
                        .getMetadata()
                        .getUid()
                        .equals(first.getMetadata().getUid()));

    editMathesar(
        ns,
        "oops",
        m -> {
          m.getMetadata().getAnnotations().put(MetadataKeys.RETRY_MIGRATION_ANNOTATION, "1");
          return m;
        });
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                jobs(ns, "oops", "migrate").stream()
                    .anyMatch(j -> !j.getMetadata().getUid().equals(first.getMetadata().getUid())));
    finishJob(ns, "oops-migrate-0-12-0", true);
    awaitDeployment(
        ns,
        "oops",
        d ->
            d.getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage()
                .endsWith(":0.12.0"));
    awaitMathesar(ns, "oops", condition(Conditions.DEGRADED, "False", null));
  }

  @Test
  void restartAfterSuccessRunsNoSecondJobAndKeepsTheAdminPassword() {
    var ns = newNamespace();
    credentials(ns, "db");
    client.resource(mathesar(ns, "again", "db")).create();
    awaitInstalled(ns, "again");
    await().atMost(TIMEOUT).until(() -> jobs(ns, "again", "migrate").isEmpty());
    var password =
        client.secrets().inNamespace(ns).withName("again-admin").get().getData().get("password");

    operator.close();
    operator = startOperator(OperatorConfig.defaults());
    editMathesar(
        ns,
        "again",
        m -> {
          m.getSpec().setReplicas(2);
          return m;
        });
    awaitDeployment(ns, "again", d -> d.getSpec().getReplicas() == 2);
    assertThat(jobs(ns, "again", "migrate")).isEmpty();
    assertThat(jobs(ns, "again", "admin")).isEmpty();
    assertThat(
            client
                .secrets()
                .inNamespace(ns)
                .withName("again-admin")
                .get()
                .getData()
                .get("password"))
        .isEqualTo(password);
  }

  @Test
  void userProvidedAdminSecretIsUsedAndNothingIsGenerated() {
    var ns = newNamespace();
    credentials(ns, "db");
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("my-admin")
                .withNamespace(ns)
                .endMetadata()
                .withStringData(
                    Map.of(
                        "username",
                        "alice",
                        "password",
                        "alice-password",
                        "email",
                        "alice@example.com"))
                .build())
        .create();
    var m = mathesar(ns, "mine", "db");
    m.getSpec().getAdmin().setSecretName("my-admin");
    client.resource(m).create();

    var migrate = awaitJob(ns, "mine", "migrate");
    assertThat(migrate.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .filteredOn(e -> e.getName().startsWith("DJANGO_SUPERUSER_"))
        .allSatisfy(
            e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("my-admin"));
    assertThat(client.secrets().inNamespace(ns).withName("mine-admin").get()).isNull();
    assertThat(awaitMathesar(ns, "mine", x -> "my-admin".equals(x.getStatus().getAdminSecret())))
        .isNotNull();
  }

  @Test
  void anotherDatabaseIsMigratedAndGivenTheAdminBeforeThePodsSwitch() {
    var ns = newNamespace();
    credentials(ns, "db");
    client.resource(mathesar(ns, "moved", "db")).create();
    awaitInstalled(ns, "moved");
    awaitMathesar(
        ns,
        "moved",
        m ->
            Boolean.TRUE.equals(m.getStatus().getAdminCreated())
                && "postgres.example.internal:5432/mathesar_django"
                    .equals(m.getStatus().getDatabase()));
    awaitFinishedJobsGone(ns, "moved");

    editMathesar(
        ns,
        "moved",
        m -> {
          m.getSpec().getDatabase().getExternal().setHost("new-postgres.example.internal");
          return m;
        });
    var migrate = awaitJob(ns, "moved", "migrate");
    assertThat(migrate.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .anySatisfy(e -> assertThat(e.getValue()).isEqualTo("new-postgres.example.internal"));
    assertThat(host(ns, "moved"))
        .as("pods stay on the old database meanwhile")
        .isEqualTo("postgres.example.internal");

    assertThat(JobFactory.createsAdmin(migrate))
        .as("the new database gets its admin from the same Job")
        .isTrue();
    finishJob(ns, migrate.getMetadata().getName(), true);
    await().atMost(TIMEOUT).until(() -> "new-postgres.example.internal".equals(host(ns, "moved")));
    awaitMathesar(
        ns,
        "moved",
        m ->
            "new-postgres.example.internal:5432/mathesar_django"
                .equals(m.getStatus().getDatabase()));
  }

  @Test
  void aRunningMigrationFinishesBeforeTheNextVersionStarts() {
    var ns = newNamespace();
    credentials(ns, "db");
    client.resource(mathesar(ns, "busy", "db")).create();
    awaitInstalled(ns, "busy");
    editMathesar(ns, "busy", m -> upgradeTo(m, "0.12.0"));
    var running = awaitJobNamed(ns, "busy-migrate-0-12-0");

    editMathesar(
        ns,
        "busy",
        m -> {
          m.getSpec().setVersion("0.12.1");
          return m;
        });
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                client.batch().v1().jobs().inNamespace(ns).withName("busy-migrate-0-12-0").get()
                        != null
                    && client
                            .batch()
                            .v1()
                            .jobs()
                            .inNamespace(ns)
                            .withName("busy-migrate-0-12-1")
                            .get()
                        == null);

    finishJob(ns, running.getMetadata().getName(), true);
    var next = awaitJobNamed(ns, "busy-migrate-0-12-1");
    finishJob(ns, next.getMetadata().getName(), true);
    awaitDeployment(
        ns,
        "busy",
        d ->
            d.getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage()
                .endsWith(":0.12.1"));
  }

  @Test
  void aUserAdminSecretRemovedAfterTheAdminExistsIsAWarningOnly() {
    var ns = newNamespace();
    credentials(ns, "db");
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("bootstrap-admin")
                .withNamespace(ns)
                .endMetadata()
                .withStringData(Map.of("username", "bob", "password", "bob-password"))
                .build())
        .create();
    var m = mathesar(ns, "boot", "db");
    m.getSpec().getAdmin().setSecretName("bootstrap-admin");
    client.resource(m).create();
    awaitInstalled(ns, "boot");
    awaitMathesar(ns, "boot", x -> Boolean.TRUE.equals(x.getStatus().getAdminCreated()));

    client.secrets().inNamespace(ns).withName("bootstrap-admin").delete();
    var warned =
        awaitMathesar(
            ns, "boot", condition(Conditions.CONFIGURATION_WARNING, "True", "AdminSecretMissing"));
    assertThat(
            Conditions.find(warned.getStatus().getConditions(), Conditions.DEGRADED)
                .orElseThrow()
                .getStatus())
        .isEqualTo("False");
  }

  private static String host(String ns, String name) {
    return webContainer(ns, name).getEnv().stream()
        .filter(e -> e.getName().equals("POSTGRES_HOST"))
        .findFirst()
        .orElseThrow()
        .getValue();
  }

  private static io.fabric8.kubernetes.api.model.batch.v1.Job awaitJobNamed(
      String ns, String name) {
    await()
        .atMost(TIMEOUT)
        .until(() -> client.batch().v1().jobs().inNamespace(ns).withName(name).get() != null);
    return client.batch().v1().jobs().inNamespace(ns).withName(name).get();
  }

  private static String image(String ns, String name) {
    return webContainer(ns, name).getImage();
  }

  private static String decode(String b64) {
    return new String(Base64.getDecoder().decode(b64));
  }
}
