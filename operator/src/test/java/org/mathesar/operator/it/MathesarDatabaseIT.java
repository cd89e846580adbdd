package org.mathesar.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.CredentialsSecretRef;
import org.mathesar.operator.customresource.InstanceRef;
import org.mathesar.operator.customresource.MathesarDatabase;
import org.mathesar.operator.customresource.MathesarDatabaseSpec;
import org.mathesar.operator.status.Conditions;

/**
 * The MathesarDatabase controller against a real API server and {@link FakeMathesar} in place of
 * the instances' RPC API. The operator reaches every instance at the fake (MATHESAR_URL_TEMPLATE
 * without {service} or {namespace}); the fake tells the instances apart by their admin credentials,
 * which the operator generates per instance, so each test counts the calls to its own instance
 * only. Instances reach Ready the way the other ITs make them: the test plays the Job controller
 * and the kubelet. The PostgreSQL hosts do not exist: only the fake knows them.
 */
class MathesarDatabaseIT extends FakeMathesarTestBase {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String ROLE = "app_role";
  private static final String PASSWORD = "r0le-passw0rd";
  private static final String CONNECT = "databases.setup.connect_existing";
  private static final String SET_PASSWORD = "roles.configured.set_password";
  private static final String DISCONNECT = "databases.configured.disconnect";
  private static final String FINALIZER = "mathesardatabases.mathesar.org/finalizer";

  @Test
  void connectsTheDatabaseAndSaysSo() throws Exception {
    var ns = newNamespace();
    var mathesar = runningInstance(ns, "demo");
    var host = host(ns);
    fake.postgres().addDatabase(host, 5432, "sales", ROLE, PASSWORD);
    var secret = roleSecret(ns, "sales-creds", ROLE, PASSWORD);
    client.resource(database(ns, "sales", "demo", host, "sales", "sales-creds")).create();

    var db = awaitDatabase(ns, "sales", ready("True", "Connected"));

    var listed = mathesar.databases("sales");
    assertThat(listed).as("Mathesar lists it once").hasSize(1);
    var server =
        mathesar.servers().stream().filter(s -> s.host().equals(host)).findFirst().orElseThrow();
    var role = mathesar.role(ROLE).orElseThrow();
    var status = db.getStatus();
    assertThat(status.getDatabaseId()).isEqualTo(listed.get(0).id());
    assertThat(status.getServerId()).isEqualTo(server.id());
    assertThat(status.getConfiguredRoleId()).isEqualTo(role.id());
    assertThat(status.getRole()).isEqualTo(ROLE);
    assertThat(status.getConnection()).isEqualTo(host + ":5432/sales");
    assertThat(status.getCredentialsVersion()).isEqualTo(secret.getMetadata().getResourceVersion());
    assertThat(status.getObservedGeneration()).isEqualTo(db.getMetadata().getGeneration());
    assertThat(status.getInstanceUid())
        .isEqualTo(mathesarResource(ns, "demo").get().getMetadata().getUid());
    assertThat(server.port()).isEqualTo(5432);
    assertThat(server.sslmode()).isEqualTo("prefer");
    assertThat(role.password()).as("the password Mathesar stored").isEqualTo(PASSWORD);
    assertThat(mathesar.calls(CONNECT)).isEqualTo(1);
    assertThat(mathesar.calls(SET_PASSWORD))
        .as("a new role is given its password by connect_existing")
        .isZero();
    assertThat(mathesar.logins()).as("one admin session, kept").isEqualTo(1);
    assertThat(fake.unauthenticatedCalls()).isZero();
    assertThat(db.getMetadata().getFinalizers()).contains(FINALIZER);
    var ready = readyCondition(db);
    assertThat(ready.getMessage()).contains(host + ":5432/sales", ROLE);
    assertThat(ready.getObservedGeneration()).isEqualTo(db.getMetadata().getGeneration());

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(events(ns, "sales"))
                    .anySatisfy(
                        e -> {
                          assertThat(e.getReason()).isEqualTo("Connected");
                          assertThat(e.getType()).isEqualTo("Normal");
                          assertThat(e.getInvolvedObject().getUid())
                              .isEqualTo(db.getMetadata().getUid());
                        }));

    var crd =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName("mathesardatabases.mathesar.org")
            .get();
    assertThat(crd.getSpec().getVersions())
        .singleElement()
        .satisfies(
            v -> {
              // The CRD generator orders the columns by jsonPath, not as declared: kubectl shows
              // NAME AGE INSTANCE REASON READY DATABASE.
              assertThat(v.getAdditionalPrinterColumns())
                  .extracting(
                      CustomResourceColumnDefinition::getName,
                      CustomResourceColumnDefinition::getJsonPath)
                  .containsExactlyInAnyOrder(
                      tuple("Instance", ".spec.instanceRef.name"),
                      tuple("Database", ".status.connection"),
                      tuple("Ready", ".status.conditions[?(@.type==\"Ready\")].status"),
                      tuple("Reason", ".status.conditions[?(@.type==\"Ready\")].reason"),
                      tuple("Age", ".metadata.creationTimestamp"));
              assertThat(v.getSubresources().getStatus()).as("status subresource").isNotNull();
            });
    var get = kubectl("get", "msardb", "-n", ns);
    var table = new String(get.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(get.waitFor()).as(table).isZero();
    assertThat(table.lines().findFirst().orElseThrow())
        .contains("NAME", "INSTANCE", "DATABASE", "READY", "REASON", "AGE");
    assertThat(table).contains("sales", "demo", host + ":5432/sales", "True", "Connected");
  }

  @Test
  void aRotatedPasswordIsPushedToMathesar() {
    var ns = newNamespace();
    var mathesar = runningInstance(ns, "demo");
    var host = host(ns);
    fake.postgres().addDatabase(host, 5432, "sales", ROLE, PASSWORD);
    roleSecret(ns, "sales-creds", ROLE, PASSWORD);
    client.resource(database(ns, "sales", "demo", host, "sales", "sales-creds")).create();
    var connected = awaitDatabase(ns, "sales", ready("True", "Connected"));
    awaitQuiet(mathesar, ns, "sales");
    assertThat(mathesar.calls(SET_PASSWORD)).isZero();

    // As a rotation does it: the role's password on the server first, then the Secret.
    fake.postgres().setPassword(host, 5432, ROLE, "n3w-passw0rd");
    var rotated =
        client
            .secrets()
            .inNamespace(ns)
            .withName("sales-creds")
            .edit(
                s -> {
                  s.setData(null);
                  s.setStringData(Map.of("username", ROLE, "password", "n3w-passw0rd"));
                  return s;
                });

    var db =
        awaitDatabase(
            ns,
            "sales",
            d ->
                ready("True", "Connected").test(d)
                    && rotated
                        .getMetadata()
                        .getResourceVersion()
                        .equals(d.getStatus().getCredentialsVersion()));
    assertThat(mathesar.calls(SET_PASSWORD)).isEqualTo(1);
    assertThat(mathesar.role(ROLE).orElseThrow().password()).isEqualTo("n3w-passw0rd");
    assertThat(mathesar.calls(CONNECT))
        .as("the listed database is not connected again")
        .isEqualTo(1);
    assertThat(db.getStatus().getDatabaseId()).isEqualTo(connected.getStatus().getDatabaseId());
    assertThat(mathesar.databases("sales")).hasSize(1);
  }

  @Test
  void aDatabaseDisconnectedByHandIsConnectedAgainAtTheNextResync() {
    var ns = newNamespace();
    var mathesar = runningInstance(ns, "demo");
    var host = host(ns);
    fake.postgres().addDatabase(host, 5432, "sales", ROLE, PASSWORD);
    roleSecret(ns, "sales-creds", ROLE, PASSWORD);
    var spec = database(ns, "sales", "demo", host, "sales", "sales-creds");
    spec.getSpec().setResyncPeriod("10s");
    client.resource(spec).create();
    var connected = awaitDatabase(ns, "sales", ready("True", "Connected"));
    var firstId = connected.getStatus().getDatabaseId();
    // Nothing left to do but the resync: what connects it again is the resync period.
    awaitQuiet(mathesar, ns, "sales");
    assertThat(mathesar.calls(CONNECT)).isEqualTo(1);

    mathesar.disconnectByHand("sales");

    var db =
        awaitDatabase(
            ns,
            "sales",
            d ->
                ready("True", "Connected").test(d)
                    && !firstId.equals(d.getStatus().getDatabaseId()));
    assertThat(mathesar.calls(CONNECT)).isEqualTo(2);
    assertThat(mathesar.databases("sales"))
        .as("one record, the new one")
        .singleElement()
        .satisfies(d -> assertThat(d.id()).isEqualTo(db.getStatus().getDatabaseId()));
    assertThat(mathesar.servers()).as("the server record was found, not made again").hasSize(1);
    assertThat(mathesar.roles()).as("the role record was found, not made again").hasSize(1);
  }

  /**
   * After an upgrade of the instance Mathesar marks the database needs_upgrade_attention: the
   * operator upgrades it.
   */
  @Test
  void aDatabaseWhoseSqlIsOlderThanTheInstanceIsUpgraded() {
    var ns = newNamespace();
    var mathesar = runningInstance(ns, "demo");
    var host = host(ns);
    fake.postgres().addDatabase(host, 5432, "sales", ROLE, PASSWORD);
    roleSecret(ns, "sales-creds", ROLE, PASSWORD);
    var spec = database(ns, "sales", "demo", host, "sales", "sales-creds");
    spec.getSpec().setResyncPeriod("10s");
    client.resource(spec).create();
    awaitDatabase(ns, "sales", ready("True", "Connected"));
    assertThat(mathesar.calls("databases.upgrade_sql")).isZero();

    mathesar.markNeedsUpgrade();

    await()
        .atMost(WAIT)
        .until(
            () ->
                mathesar.calls("databases.upgrade_sql") == 1
                    && mathesar.databases("sales").stream()
                        .noneMatch(FakeMathesar.Database::needsUpgrade));
    assertThat(readyCondition(databaseResource(ns, "sales").get()).getReason())
        .isEqualTo("Connected");
    assertThat(mathesar.calls(CONNECT)).isEqualTo(1);
  }

  @Test
  void deletingTheResourceDisconnectsTheDatabase() {
    var ns = newNamespace();
    var mathesar = runningInstance(ns, "demo");
    var host = host(ns);
    fake.postgres().addDatabase(host, 5432, "sales", ROLE, PASSWORD);
    roleSecret(ns, "sales-creds", ROLE, PASSWORD);
    client.resource(database(ns, "sales", "demo", host, "sales", "sales-creds")).create();
    awaitDatabase(ns, "sales", ready("True", "Connected"));

    databaseResource(ns, "sales").delete();

    awaitGone(ns, "sales");
    assertThat(mathesar.calls(DISCONNECT)).isEqualTo(1);
    assertThat(mathesar.databases("sales")).as("Mathesar no longer lists it").isEmpty();
    assertThat(fake.postgres().exists(host, 5432, "sales"))
        .as("the database itself is untouched")
        .isTrue();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(events(ns, "sales"))
                    .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("Disconnected")));
  }

  /**
   * connect_existing keeps an existing role's stored password, and Mathesar's roles can be listed
   * only through a database of their server. So deleting the last database of a server also deletes
   * the server's record and stored roles (disconnect_db_server): a resource made again after the
   * role's password changed on the server then connects with the new one.
   */
  @Test
  void aResourceMadeAgainAfterARotationConnectsThoughMathesarKeptTheOldPassword() {
    var ns = newNamespace();
    var mathesar = runningInstance(ns, "demo");
    var host = host(ns);
    fake.postgres().addDatabase(host, 5432, "sales", ROLE, PASSWORD);
    roleSecret(ns, "sales-creds", ROLE, PASSWORD);
    client.resource(database(ns, "sales", "demo", host, "sales", "sales-creds")).create();
    awaitDatabase(ns, "sales", ready("True", "Connected"));
    databaseResource(ns, "sales").delete();
    awaitGone(ns, "sales");
    assertThat(mathesar.databases()).isEmpty();
    assertThat(mathesar.role(ROLE))
        .as("the last database of the server took its stored role along")
        .isEmpty();

    fake.postgres().setPassword(host, 5432, ROLE, "n3w-passw0rd");
    client
        .secrets()
        .inNamespace(ns)
        .withName("sales-creds")
        .edit(
            s -> {
              s.setData(null);
              s.setStringData(Map.of("username", ROLE, "password", "n3w-passw0rd"));
              return s;
            });
    client.resource(database(ns, "sales", "demo", host, "sales", "sales-creds")).create();

    awaitDatabase(ns, "sales", ready("True", "Connected"));
    assertThat(mathesar.role(ROLE).orElseThrow().password()).isEqualTo("n3w-passw0rd");
  }

  @Test
  void aMissingCredentialsSecretIsReportedAndTheDatabaseConnectsWhenItAppears() {
    var ns = newNamespace();
    var mathesar = runningInstance(ns, "demo");
    var host = host(ns);
    fake.postgres().addDatabase(host, 5432, "sales", ROLE, PASSWORD);
    client.resource(database(ns, "sales", "demo", host, "sales", "later-creds")).create();

    var db = awaitDatabase(ns, "sales", ready("False", "CredentialsSecretMissing"));
    assertThat(readyCondition(db).getMessage()).contains("spec.credentialsSecret", "later-creds");
    assertThat(mathesar.totalCalls()).as("nothing is asked of Mathesar").isZero();
    awaitWarningEvent(ns, "sales", "CredentialsSecretMissing");

    roleSecret(ns, "later-creds", ROLE, PASSWORD);
    awaitDatabase(ns, "sales", ready("True", "Connected"));
    assertThat(mathesar.databases("sales")).hasSize(1);
  }

  @Test
  void anInstanceThatDoesNotExistIsReported() {
    var ns = newNamespace();
    roleSecret(ns, "sales-creds", ROLE, PASSWORD);
    client.resource(database(ns, "sales", "nowhere", host(ns), "sales", "sales-creds")).create();

    var db = awaitDatabase(ns, "sales", ready("False", "InstanceNotFound"));
    assertThat(readyCondition(db).getMessage()).contains("spec.instanceRef.name", "nowhere");
    assertThat(db.getStatus().getDatabaseId()).isNull();
    awaitWarningEvent(ns, "sales", "InstanceNotFound");
  }

  @Test
  void theYoungerOfTwoResourcesForOneDatabaseIsRefused() {
    var ns = newNamespace();
    var mathesar = runningInstance(ns, "demo");
    var host = host(ns);
    fake.postgres().addDatabase(host, 5432, "sales", ROLE, PASSWORD);
    roleSecret(ns, "sales-creds", ROLE, PASSWORD);
    // Names in creation order too: creationTimestamp has whole seconds, ties go by name.
    client.resource(database(ns, "a-first", "demo", host, "sales", "sales-creds")).create();
    awaitDatabase(ns, "a-first", ready("True", "Connected"));
    client.resource(database(ns, "b-second", "demo", host, "sales", "sales-creds")).create();

    var younger = awaitDatabase(ns, "b-second", ready("False", "DuplicateDatabase"));
    assertThat(readyCondition(younger).getMessage()).contains("a-first", host + ":5432/sales");
    assertThat(younger.getStatus().getDatabaseId()).isNull();
    assertThat(databaseResource(ns, "a-first").get().getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("Connected"));
    assertThat(mathesar.calls(CONNECT)).isEqualTo(1);
    assertThat(mathesar.databases("sales")).hasSize(1);

    // No watch maps one resource to its siblings: the younger's retry sees the older gone.
    databaseResource(ns, "a-first").delete();
    awaitGone(ns, "a-first");
    awaitDatabase(ns, "b-second", ready("True", "Connected"));
    assertThat(mathesar.databases("sales")).hasSize(1);
  }

  @Test
  void theSameRoleThroughAnotherSecretIsRefusedAndPushesNothing() {
    var ns = newNamespace();
    var mathesar = runningInstance(ns, "demo");
    var host = host(ns);
    fake.postgres().addDatabase(host, 5432, "sales", ROLE, PASSWORD);
    fake.postgres().addDatabase(host, 5432, "archive", ROLE, PASSWORD);
    roleSecret(ns, "sales-creds", ROLE, PASSWORD);
    roleSecret(ns, "archive-creds", ROLE, "a-stale-passw0rd");
    client.resource(database(ns, "a-sales", "demo", host, "sales", "sales-creds")).create();
    awaitDatabase(ns, "a-sales", ready("True", "Connected"));
    client.resource(database(ns, "b-archive", "demo", host, "archive", "archive-creds")).create();

    var younger = awaitDatabase(ns, "b-archive", ready("False", "RoleCredentialsConflict"));
    assertThat(readyCondition(younger).getMessage())
        .contains("spec.credentialsSecret", "a-sales", "sales-creds")
        .doesNotContain(PASSWORD, "a-stale-passw0rd");
    awaitWarningEvent(ns, "b-archive", "RoleCredentialsConflict");
    assertThat(mathesar.calls(CONNECT)).isEqualTo(1);
    assertThat(mathesar.calls(SET_PASSWORD)).isZero();
    assertThat(mathesar.role(ROLE).orElseThrow().password()).isEqualTo(PASSWORD);

    editDatabase(
        ns,
        "b-archive",
        d -> {
          d.getSpec().setCredentialsSecret(new CredentialsSecretRef("sales-creds"));
          return d;
        });
    awaitDatabase(ns, "b-archive", ready("True", "Connected"));
    assertThat(mathesar.databases("archive")).hasSize(1);
    assertThat(databaseResource(ns, "a-sales").get().getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("Connected"));
  }

  @Test
  void aWrongPasswordIsReportedAndNothingIsLeftInMathesar() {
    var ns = newNamespace();
    var mathesar = runningInstance(ns, "demo");
    var host = host(ns);
    fake.postgres().addDatabase(host, 5432, "sales", ROLE, PASSWORD);
    roleSecret(ns, "sales-creds", ROLE, "not-the-password");
    client.resource(database(ns, "sales", "demo", host, "sales", "sales-creds")).create();

    // Mathesar says only "OperationalError: " (code -30193), so the operator connects itself with
    // the same host, role and password to tell why (ConnectionFailure). Here the PostgreSQL host
    // exists only inside the fake: the operator's own connection cannot resolve it, and the reason
    // it reports is ConnectionRefused (its check's HostNotFound), not the AuthenticationFailed it
    // would report against a real server that refused the password.
    var db = awaitDatabase(ns, "sales", ready("False", "ConnectionRefused"));
    assertThat(readyCondition(db).getMessage()).contains(CONNECT, "OperationalError", host);
    assertThat(mathesar.calls(CONNECT)).isPositive();
    assertThat(mathesar.databases()).as("Mathesar rolled its records back").isEmpty();
    assertThat(mathesar.roles()).isEmpty();
    assertThat(mathesar.servers()).isEmpty();
    assertThat(db.getStatus().getDatabaseId()).isNull();
    assertThat(db.getStatus().getCredentialsVersion()).isNull();
    awaitWarningEvent(ns, "sales", "ConnectionRefused");

    // The corrected Secret is acted on at once.
    client
        .secrets()
        .inNamespace(ns)
        .withName("sales-creds")
        .edit(
            s -> {
              s.setData(null);
              s.setStringData(Map.of("username", ROLE, "password", PASSWORD));
              return s;
            });
    awaitDatabase(ns, "sales", ready("True", "Connected"));
    assertThat(mathesar.databases("sales")).hasSize(1);
  }

  @Test
  void anEditThatWouldMoveAConnectedDatabaseIsRefusedAndDisconnectsNothing() {
    var ns = newNamespace();
    var mathesar = runningInstance(ns, "demo");
    var host = host(ns);
    fake.postgres().addDatabase(host, 5432, "sales", ROLE, PASSWORD);
    fake.postgres().addDatabase(host, 5432, "salse", ROLE, PASSWORD);
    roleSecret(ns, "sales-creds", ROLE, PASSWORD);
    client.resource(database(ns, "sales", "demo", host, "sales", "sales-creds")).create();
    var connected = awaitDatabase(ns, "sales", ready("True", "Connected"));

    editDatabase(
        ns,
        "sales",
        d -> {
          d.getSpec().setDatabase("salse");
          return d;
        });

    var db = awaitDatabase(ns, "sales", ready("False", "ConnectionChanged"));
    assertThat(readyCondition(db).getMessage())
        .contains("spec.database", host + ":5432/sales", host + ":5432/salse");
    assertThat(db.getStatus().getConnection())
        .as("still what Mathesar lists")
        .isEqualTo(host + ":5432/sales");
    assertThat(db.getStatus().getDatabaseId()).isEqualTo(connected.getStatus().getDatabaseId());
    assertThat(mathesar.calls(DISCONNECT)).isZero();
    assertThat(mathesar.calls(CONNECT)).isEqualTo(1);
    assertThat(mathesar.databases("sales")).as("the original stays connected").hasSize(1);
    assertThat(mathesar.databases("salse")).isEmpty();
    awaitWarningEvent(ns, "sales", "ConnectionChanged");
  }

  @Test
  void deletingTheInstanceDoesNotBlockTheDeletionOfItsDatabases() {
    var ns = newNamespace();
    var mathesar = runningInstance(ns, "demo");
    var host = host(ns);
    fake.postgres().addDatabase(host, 5432, "sales", ROLE, PASSWORD);
    roleSecret(ns, "sales-creds", ROLE, PASSWORD);
    client.resource(database(ns, "sales", "demo", host, "sales", "sales-creds")).create();
    awaitDatabase(ns, "sales", ready("True", "Connected"));

    mathesarResource(ns, "demo").delete();
    await().atMost(WAIT).until(() -> mathesarResource(ns, "demo").get() == null);
    awaitDatabase(ns, "sales", ready("False", "InstanceNotFound"));
    // kube-api-test has no garbage collector (nor would one delete it: it is not owned): by hand.
    databaseResource(ns, "sales").delete();

    awaitGone(ns, "sales");
    assertThat(mathesar.calls(DISCONNECT)).as("a gone instance is not asked").isZero();
  }

  @Test
  void aConvergedDatabaseIsLeftAlone() {
    var ns = newNamespace();
    var mathesar = runningInstance(ns, "demo");
    var host = host(ns);
    fake.postgres().addDatabase(host, 5432, "sales", ROLE, PASSWORD);
    roleSecret(ns, "sales-creds", ROLE, PASSWORD);
    client.resource(database(ns, "sales", "demo", host, "sales", "sales-creds")).create();
    awaitDatabase(ns, "sales", ready("True", "Connected"));

    awaitQuiet(mathesar, ns, "sales");

    var calls = mathesar.callCounts();
    var logins = mathesar.logins();
    var version = databaseResource(ns, "sales").get().getMetadata().getResourceVersion();
    // The default resyncPeriod is 5m: nothing is asked or written for 15 s.
    await()
        .during(Duration.ofSeconds(15))
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                mathesar.callCounts().equals(calls)
                    && mathesar.logins() == logins
                    && version.equals(
                        databaseResource(ns, "sales").get().getMetadata().getResourceVersion()));
    assertThat(readyCondition(databaseResource(ns, "sales").get()).getReason())
        .isEqualTo("Connected");
  }

  // --- helpers --------------------------------------------------------------------------------

  /**
   * Converged: neither the calls to the instance nor the resource changed between two polls 3 s
   * apart.
   */
  private static void awaitQuiet(FakeMathesar.Instance mathesar, String ns, String name) {
    var last = new AtomicReference<String>();
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofSeconds(3))
        .until(
            () -> {
              var now =
                  mathesar.callCounts()
                      + " "
                      + mathesar.logins()
                      + " "
                      + databaseResource(ns, name).get().getMetadata().getResourceVersion();
              return now.equals(last.getAndSet(now));
            });
  }

  /**
   * A Mathesar that reached Ready (its Jobs and pods played by the test), known to the fake by the
   * admin credentials the operator generated for it.
   */
  private static FakeMathesar.Instance runningInstance(String ns, String name) {
    credentials(ns, name + "-db");
    client.resource(mathesar(ns, name, name + "-db")).create();
    var m = awaitRunning(ns, name);
    var adminSecret =
        m.getStatus().getAdminSecret() != null ? m.getStatus().getAdminSecret() : name + "-admin";
    await()
        .atMost(TIMEOUT)
        .until(() -> client.secrets().inNamespace(ns).withName(adminSecret).get() != null);
    var admin = client.secrets().inNamespace(ns).withName(adminSecret).get();
    return fake.addInstance(secretValue(admin, "username"), secretValue(admin, "password"));
  }

  /** A PostgreSQL host per test: the fake's PostgreSQL is shared by all. */
  private static String host(String ns) {
    return "pg-" + ns + ".example.invalid";
  }

  private static Secret roleSecret(String ns, String name, String username, String password) {
    return client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withStringData(Map.of("username", username, "password", password))
                .build())
        .create();
  }

  private static MathesarDatabase database(
      String ns,
      String name,
      String instance,
      String host,
      String database,
      String credentialsSecret) {
    var spec = new MathesarDatabaseSpec();
    spec.setInstanceRef(new InstanceRef(instance));
    spec.setHost(host);
    spec.setDatabase(database);
    spec.setCredentialsSecret(new CredentialsSecretRef(credentialsSecret));
    var db = new MathesarDatabase();
    db.getMetadata().setName(name);
    db.getMetadata().setNamespace(ns);
    db.setSpec(spec);
    return db;
  }

  private static Resource<MathesarDatabase> databaseResource(String ns, String name) {
    return client.resources(MathesarDatabase.class).inNamespace(ns).withName(name);
  }

  private static void editDatabase(String ns, String name, UnaryOperator<MathesarDatabase> edit) {
    await()
        .atMost(TIMEOUT)
        .ignoreException(KubernetesClientException.class)
        .until(
            () -> {
              databaseResource(ns, name).edit(edit);
              return true;
            });
  }

  private static MathesarDatabase awaitDatabase(
      String ns, String name, Predicate<MathesarDatabase> condition) {
    return awaitResource(databaseResource(ns, name), WAIT, condition);
  }

  private static void awaitGone(String ns, String name) {
    await().atMost(WAIT).until(() -> databaseResource(ns, name).get() == null);
  }

  /** Ready with this status and reason, for the resource's current generation. */
  private static Predicate<MathesarDatabase> ready(String status, String reason) {
    return db ->
        db.getStatus() != null
            && db.getMetadata().getGeneration().equals(db.getStatus().getObservedGeneration())
            && Conditions.find(db.getStatus().getConditions(), Conditions.READY)
                .filter(c -> status.equals(c.getStatus()) && reason.equals(c.getReason()))
                .isPresent();
  }

  private static Condition readyCondition(MathesarDatabase db) {
    return Conditions.find(db.getStatus().getConditions(), Conditions.READY).orElseThrow();
  }

  private static List<Event> events(String ns, String name) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(
            e ->
                "MathesarDatabase".equals(e.getInvolvedObject().getKind())
                    && name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  private static void awaitWarningEvent(String ns, String name, String reason) {
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(events(ns, name))
                    .anySatisfy(
                        e -> {
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getReason()).isEqualTo(reason);
                        }));
  }

  /** kube-api-test's kubectl, as ReconcileIT runs it. */
  private static Process kubectl(String... args) throws IOException {
    var kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
    Files.writeString(kubeconfig, kubeConfigYaml);
    var command = new ArrayList<String>();
    command.add(
        Path.of(
                System.getProperty("user.home"),
                ".kubeapitest/k8s",
                KUBE_VERSION + "-linux-amd64",
                "kubectl")
            .toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }
}
