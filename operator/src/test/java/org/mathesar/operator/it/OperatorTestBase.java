package org.mathesar.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.mathesar.operator.MathesarOperator;
import org.mathesar.operator.config.OperatorConfig;
import org.mathesar.operator.customresource.CredentialsSecretRef;
import org.mathesar.operator.customresource.DatabaseSpec;
import org.mathesar.operator.customresource.ExternalDatabaseSpec;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MathesarSpec;
import org.mathesar.operator.desired.MetadataKeys;
import org.mathesar.operator.status.Conditions;

/**
 * Each test class gets its own kube-apiserver + etcd (fabric8 kube-api-test), the generated CRDs,
 * and the operator running in-process. There is no kubelet or controller-manager: tests play those
 * parts by patching status.
 */
@EnableKubeAPIServer(kubeAPIVersion = OperatorTestBase.KUBE_VERSION)
public abstract class OperatorTestBase {
  public static final String KUBE_VERSION = "1.20.2";
  public static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** Where the build generates the CRDs from the Java model (the same files as crds/). */
  public static final Path GENERATED_CRDS_DIR = Path.of("target/classes/META-INF/fabric8");

  /** The Mathesar CRD. */
  public static final Path GENERATED_CRD =
      GENERATED_CRDS_DIR.resolve("mathesars.mathesar.org-v1.yml");

  /** The MathesarDatabase CRD. */
  public static final Path GENERATED_DATABASE_CRD =
      GENERATED_CRDS_DIR.resolve("mathesardatabases.mathesar.org-v1.yml");

  /** The MathesarBackup CRD. */
  public static final Path GENERATED_BACKUP_CRD =
      GENERATED_CRDS_DIR.resolve("mathesarbackups.mathesar.org-v1.yml");

  /**
   * Every CRD the operator watches: all must be installed before it starts (an informer for a
   * missing CRD keeps the operator from starting).
   */
  public static final List<Path> GENERATED_CRDS =
      List.of(GENERATED_CRD, GENERATED_DATABASE_CRD, GENERATED_BACKUP_CRD);

  @KubeConfig protected static String kubeConfigYaml;
  protected static KubernetesClient client;
  protected static MathesarOperator operator;
  private static final AtomicInteger namespaces = new AtomicInteger();

  @BeforeAll
  static void startOperator() throws IOException {
    client =
        new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeConfigYaml)).build();
    installCrd(client);
    operator = startOperator(OperatorConfig.defaults());
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
    client.close();
  }

  protected static MathesarOperator startOperator(OperatorConfig config) {
    var op = new MathesarOperator(client, config);
    op.start();
    return op;
  }

  /**
   * Installs every generated CRD (Mathesar and MathesarDatabase) and waits until each is
   * Established.
   */
  static void installCrd(KubernetesClient client) throws IOException {
    var crds = new java.util.ArrayList<CustomResourceDefinition>();
    for (var file : GENERATED_CRDS) {
      try (var in = new FileInputStream(file.toFile())) {
        var crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
        // 1.20's server-side apply refuses x-kubernetes-validations (CEL); create/update drops it.
        client.resource(crd).createOr(NonDeletingOperation::update);
        crds.add(crd);
      }
    }
    for (var crd : crds) {
      await().atMost(TIMEOUT).until(() -> established(client.resource(crd).get()));
    }
  }

  /** Installs stand-ins for CloudNativePG's Cluster and Backup CRDs. */
  protected static void installCloudNativePGCrds() throws IOException {
    for (var file : List.of("/cnpg/clusters-crd.yaml", "/cnpg/backups-crd.yaml")) {
      try (var in = OperatorTestBase.class.getResourceAsStream(file)) {
        var crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
        client.resource(crd).createOr(NonDeletingOperation::update);
        await().atMost(TIMEOUT).until(() -> established(client.resource(crd).get()));
      }
    }
  }

  protected static Mathesar cloudNativePGMathesar(String namespace, String name) {
    var m = mathesar(namespace, name, "unused");
    m.getSpec().getDatabase().setExternal(null);
    m.getSpec()
        .getDatabase()
        .setCloudNativePG(new org.mathesar.operator.customresource.CloudNativePGSpec());
    return m;
  }

  protected static io.fabric8.kubernetes.client.dsl.Resource<
          io.fabric8.kubernetes.api.model.GenericKubernetesResource>
      cluster(String namespace, String name) {
    return client
        .genericKubernetesResources("postgresql.cnpg.io/v1", "Cluster")
        .inNamespace(namespace)
        .withName(name);
  }

  /** Plays CloudNativePG: the Cluster's status becomes this. */
  protected static void clusterStatus(String namespace, String name, Map<String, Object> status) {
    var c = cluster(namespace, name).get();
    c.setAdditionalProperty("status", status);
    c.getMetadata().setResourceVersion(null);
    client.resource(c).updateStatus();
  }

  /** Plays CloudNativePG: the Cluster is healthy and its application Secret exists. */
  protected static void markClusterReady(String namespace, String instance) {
    await().atMost(TIMEOUT).until(() -> cluster(namespace, instance + "-db").get() != null);
    clusterStatus(
        namespace,
        instance + "-db",
        Map.of(
            "phase",
            "Cluster in healthy state",
            "readyInstances",
            1,
            "conditions",
            List.of(
                Map.of(
                    "type",
                    "Ready",
                    "status",
                    "True",
                    "reason",
                    "ClusterIsReady",
                    "message",
                    "Cluster is Ready",
                    "lastTransitionTime",
                    java.time.Instant.now().toString()))));
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(instance + "-db-app")
                .withNamespace(namespace)
                .endMetadata()
                .withStringData(
                    Map.of(
                        "username",
                        "mathesar",
                        "password",
                        "cnpg-app-password",
                        "host",
                        instance + "-db-rw",
                        "port",
                        "5432",
                        "dbname",
                        "mathesar_django",
                        "uri",
                        "postgresql://..."))
                .build())
        .createOr(NonDeletingOperation::update);
  }

  /**
   * A new CRD's status comes before its conditions (seen on a loaded machine): not established yet.
   */
  static boolean established(CustomResourceDefinition crd) {
    // The status is written before its conditions are (seen with the larger CRD of the pod fields).
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /**
   * A valid Mathesar sent as raw JSON with its spec changed by {@code editSpec}, which the CRD
   * schema must refuse (422, before any operator sees it); the refusal, for the test to check what
   * it names.
   */
  @SuppressWarnings("unchecked")
  protected static io.fabric8.kubernetes.client.KubernetesClientException schemaRefusal(
      String namespace, java.util.function.Consumer<Map<String, Object>> editSpec) {
    var raw =
        client
            .getKubernetesSerialization()
            .convertValue(
                mathesar(namespace, "bad", "db"),
                io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
    editSpec.accept((Map<String, Object>) raw.getAdditionalProperties().get("spec"));
    var thrown =
        org.assertj.core.api.Assertions.catchThrowable(() -> client.resource(raw).create());
    assertThat(thrown)
        .as("refused by the schema")
        .isInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class);
    var refusal = (io.fabric8.kubernetes.client.KubernetesClientException) thrown;
    assertThat(refusal.getCode()).isEqualTo(422);
    return refusal;
  }

  /**
   * A fresh namespace per test: 1.20 without a namespace controller never finishes deleting one.
   */
  protected static String newNamespace() {
    var name =
        "t" + namespaces.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  protected static Secret credentials(String namespace, String name) {
    return client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withStringData(Map.of("username", "mathesar", "password", "s3cr3t-db-password"))
                .build())
        .create();
  }

  public static Mathesar mathesar(String namespace, String name, String credentialsSecret) {
    var ext = new ExternalDatabaseSpec();
    ext.setHost("postgres.example.internal");
    ext.setDatabase("mathesar_django");
    ext.setCredentialsSecret(new CredentialsSecretRef(credentialsSecret));
    var db = new DatabaseSpec();
    db.setExternal(ext);
    var spec = new MathesarSpec();
    spec.setDatabase(db);
    var m = new Mathesar();
    m.getMetadata().setName(name);
    m.getMetadata().setNamespace(namespace);
    m.setSpec(spec);
    return m;
  }

  /**
   * The spec edit of an upgrade from 0.11 to {@code version} (0.12.0 or later) in a test about
   * something else: it also makes the choice of the Django admin that upgrade's preflight asks for
   * (ReleaseChecks), off, Mathesar's own default from 0.12.0.
   */
  protected static Mathesar upgradeTo(Mathesar m, String version) {
    m.getSpec().setVersion(version);
    var admin = new org.mathesar.operator.customresource.DjangoAdminSpec();
    admin.setEnabled(false);
    m.getSpec().setDjangoAdmin(admin);
    return m;
  }

  /** The Mathesar container of the instance's web Deployment, as the API server has it now. */
  protected static io.fabric8.kubernetes.api.model.Container webContainer(
      String namespace, String name) {
    return firstContainer(
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .withName(name)
            .get()
            .getSpec()
            .getTemplate());
  }

  /** The first container of a Job's pod template, as the API server has it now. */
  protected static io.fabric8.kubernetes.api.model.Container jobContainer(
      String namespace, String name) {
    return firstContainer(
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(namespace)
            .withName(name)
            .get()
            .getSpec()
            .getTemplate());
  }

  private static io.fabric8.kubernetes.api.model.Container firstContainer(
      io.fabric8.kubernetes.api.model.PodTemplateSpec template) {
    return template.getSpec().getContainers().get(0);
  }

  protected static Resource<Mathesar> mathesarResource(String namespace, String name) {
    return client.resources(Mathesar.class).inNamespace(namespace).withName(name);
  }

  /** Edits the spec like `kubectl edit`: on a conflict with the operator's status write, again. */
  protected static Mathesar editMathesar(
      String namespace, String name, java.util.function.UnaryOperator<Mathesar> edit) {
    var result = new java.util.concurrent.atomic.AtomicReference<Mathesar>();
    await()
        .atMost(TIMEOUT)
        .ignoreException(io.fabric8.kubernetes.client.KubernetesClientException.class)
        .until(
            () -> {
              result.set(mathesarResource(namespace, name).edit(edit));
              return true;
            });
    return result.get();
  }

  protected static Mathesar awaitMathesar(
      String namespace, String name, Predicate<Mathesar> condition) {
    return awaitResource(mathesarResource(namespace, name), TIMEOUT, condition);
  }

  /**
   * The resource once it exists and meets the condition; on a timeout, an error with its last
   * status (any kind with a status: Mathesar, MathesarDatabase).
   */
  protected static <T extends CustomResource<?, ?>> T awaitResource(
      Resource<T> resource, Duration timeout, Predicate<T> condition) {
    try {
      await()
          .atMost(timeout)
          .until(
              () -> {
                var r = resource.get();
                return r != null && condition.test(r);
              });
    } catch (ConditionTimeoutException e) {
      var last = resource.get();
      throw new AssertionError(
          "condition not met; last seen status: "
              + (last == null
                  ? "(no resource)"
                  : client.getKubernetesSerialization().asYaml(last.getStatus())),
          e);
    }
    return resource.get();
  }

  /** A key of a Secret, whether written as data or as stringData. */
  protected static String secretValue(Secret secret, String key) {
    if (secret.getData() != null && secret.getData().get(key) != null) {
      return new String(
          java.util.Base64.getDecoder().decode(secret.getData().get(key)),
          java.nio.charset.StandardCharsets.UTF_8);
    }
    return secret.getStringData().get(key);
  }

  /** A Warning Event of that reason in the namespace, whose message names the field. */
  protected static void awaitWarning(String ns, String reason, String field) {
    awaitEvent(
        ns,
        e ->
            "Warning".equals(e.getType())
                && reason.equals(e.getReason())
                && e.getMessage().contains(field));
  }

  /** An Event in the namespace that matches. */
  protected static void awaitEvent(
      String ns, Predicate<io.fabric8.kubernetes.api.model.Event> matches) {
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client.v1().events().inNamespace(ns).list().getItems().stream().anyMatch(matches));
  }

  protected static Predicate<Mathesar> condition(String type, String status, String reason) {
    return m ->
        m.getStatus() != null
            && Conditions.find(m.getStatus().getConditions(), type)
                .filter(
                    c ->
                        status.equals(c.getStatus())
                            && (reason == null || reason.equals(c.getReason())))
                .isPresent()
            && m.getMetadata().getGeneration().equals(m.getStatus().getObservedGeneration());
  }

  protected static Deployment awaitDeployment(
      String namespace, String name, Predicate<Deployment> condition) {
    await()
        .atMost(TIMEOUT)
        .until(
            () -> {
              var d = client.apps().deployments().inNamespace(namespace).withName(name).get();
              return d != null && condition.test(d);
            });
    return client.apps().deployments().inNamespace(namespace).withName(name).get();
  }

  /** The Job of a component (migrate, admin) of an instance, once the operator has made it. */
  protected static Job awaitJob(String namespace, String instance, String component) {
    await().atMost(TIMEOUT).until(() -> !jobs(namespace, instance, component).isEmpty());
    return jobs(namespace, instance, component).get(0);
  }

  protected static List<Job> jobs(String namespace, String instance, String component) {
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace(namespace)
        .withLabel("app.kubernetes.io/instance", instance)
        .withLabel("app.kubernetes.io/component", component)
        .list()
        .getItems();
  }

  /** Plays the Job controller: the Job's pod ran to the end, well or not. */
  protected static void finishJob(String namespace, String jobName, boolean succeeded) {
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client.batch().v1().jobs().inNamespace(namespace).withName(jobName).get() != null);
    var job = client.batch().v1().jobs().inNamespace(namespace).withName(jobName).get();
    var now = java.time.Instant.now().toString();
    job.setStatus(
        new JobStatusBuilder()
            .withStartTime(now)
            .withSucceeded(succeeded ? 1 : 0)
            .withFailed(succeeded ? 0 : 2)
            .withCompletionTime(succeeded ? now : null)
            .addNewCondition()
            .withType(succeeded ? "Complete" : "Failed")
            .withStatus("True")
            .withReason(succeeded ? null : "BackoffLimitExceeded")
            .withLastProbeTime(now)
            .withLastTransitionTime(now)
            .endCondition()
            .build());
    job.getMetadata().setResourceVersion(null);
    client.resource(job).updateStatus();
  }

  /**
   * Starts a reconciliation of a converged instance (a new value of the retry annotation, with
   * nothing to retry) and checks that the API server got no write from it but the edit itself:
   * server-side apply of an unchanged object is still a request, and every restart, resync or
   * unrelated event would send one per object.
   */
  protected static void assertAReconciliationWritesNothing(String namespace, String name) {
    var reconciled = reconciliations(operator, "success");
    var before = ApiServerMetrics.writesBy(client);
    editMathesar(
        namespace,
        name,
        m -> {
          m.getMetadata()
              .setAnnotations(Map.of(MetadataKeys.RETRY_MIGRATION_ANNOTATION, "nothing-to-retry"));
          return m;
        });
    await().atMost(TIMEOUT).until(() -> reconciliations(operator, "success") > reconciled);
    assertThat(ApiServerMetrics.difference(before, ApiServerMetrics.writesBy(client)))
        .as("only the edit itself")
        .containsExactly(Map.entry("PATCH mathesars/", 1L));
  }

  /** JOSDK's count of reconciliations {@code started}, {@code success} or {@code failed} so far. */
  protected static double reconciliations(MathesarOperator op, String outcome) {
    return op.registry().find("operator.sdk.reconciliations." + outcome).counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  /**
   * First install as the job controller would see it: the migration Job, which also creates the
   * first admin, succeeds; then the Deployment.
   */
  protected static Deployment awaitInstalled(String namespace, String name) {
    finishJob(namespace, awaitJob(namespace, name, "migrate").getMetadata().getName(), true);
    return awaitDeployment(namespace, name, d -> true);
  }

  /** First install all the way: Jobs done, pods ready, and the instance says Ready. */
  protected static Mathesar awaitRunning(String namespace, String name) {
    awaitInstalled(namespace, name);
    markDeploymentReady(namespace, name);
    return awaitMathesar(namespace, name, condition(Conditions.READY, "True", null));
  }

  /** The succeeded migration and admin Jobs, recorded in status, are deleted. */
  protected static void awaitFinishedJobsGone(String namespace, String name) {
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                jobs(namespace, name, "migrate").isEmpty()
                    && jobs(namespace, name, "admin").isEmpty());
  }

  /** Plays the Deployment controller and kubelet: every desired pod is up to date and ready. */
  protected static void markDeploymentReady(String namespace, String name) {
    var d = client.apps().deployments().inNamespace(namespace).withName(name).get();
    int replicas = d.getSpec().getReplicas();
    d.setStatus(
        new DeploymentStatusBuilder()
            .withObservedGeneration(d.getMetadata().getGeneration())
            .withReplicas(replicas)
            .withReadyReplicas(replicas)
            .withUpdatedReplicas(replicas)
            .withAvailableReplicas(replicas)
            .build());
    // Unconditional, like the real controller's status writes racing the operator's spec writes.
    d.getMetadata().setResourceVersion(null);
    client.resource(d).updateStatus();
  }
}
