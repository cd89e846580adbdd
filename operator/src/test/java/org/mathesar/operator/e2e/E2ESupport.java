package org.mathesar.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.awaitility.core.ConditionTimeoutException;
import org.mathesar.operator.customresource.CredentialsSecretRef;
import org.mathesar.operator.customresource.DatabaseSpec;
import org.mathesar.operator.customresource.ExternalDatabaseSpec;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MathesarSpec;
import org.mathesar.operator.status.Conditions;

/**
 * What the scenarios share: the resource as a user writes it, waiting on it, and what a user sees.
 */
abstract class E2ESupport {
  static final Path REPORT = Path.of("target", "e2e-report.md");

  static KubernetesClient client() {
    return RealCluster.client();
  }

  /** An instance on the namespace's PostgreSQL server, reached by a short DNS name. */
  static Mathesar mathesar(String namespace, String name, String version) {
    var external = new ExternalDatabaseSpec();
    external.setHost(PostgresServer.NAME + "." + namespace + "-db");
    external.setDatabase(PostgresServer.DATABASE);
    external.setCredentialsSecret(new CredentialsSecretRef(PostgresServer.CREDENTIALS));
    var database = new DatabaseSpec();
    database.setExternal(external);
    var spec = new MathesarSpec();
    spec.setVersion(version);
    spec.setDatabase(database);
    var m = new Mathesar();
    m.getMetadata().setName(name);
    m.getMetadata().setNamespace(namespace);
    m.setSpec(spec);
    return m;
  }

  /**
   * The claim is bound and, on the project's cluster, its hostPath directory is open to the pods'
   * uid: the kubelet applies no fsGroup to hostPath, and .ci/cluster.sh opens new volumes within
   * seconds. Other provisioners (kind's local-path) make them writable from the start.
   */
  static void awaitWritable(String ns, String claim) {
    await("claim " + claim + " bound and writable")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              var pvc = client().persistentVolumeClaims().inNamespace(ns).withName(claim).get();
              if (pvc == null || !"Bound".equals(pvc.getStatus().getPhase())) {
                return false;
              }
              var pv = client().persistentVolumes().withName(pvc.getSpec().getVolumeName()).get();
              if (pv == null || pv.getSpec().getHostPath() == null) {
                return pv != null;
              }
              var dir = java.nio.file.Path.of(pv.getSpec().getHostPath().getPath());
              return !java.nio.file.Files.isDirectory(dir)
                  || java.nio.file.Files.getPosixFilePermissions(dir)
                      .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE);
            });
  }

  /** A 1Gi ReadWriteOnce claim, bound and writable (see awaitWritable). */
  static void backupClaim(String ns, String name) {
    client()
        .resource(
            new io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .addToRequests("storage", new io.fabric8.kubernetes.api.model.Quantity("1Gi"))
                .endResources()
                .endSpec()
                .build())
        .create();
    awaitWritable(ns, name);
  }

  static Resource<Mathesar> resource(String namespace, String name) {
    return client().resources(Mathesar.class).inNamespace(namespace).withName(name);
  }

  /** Edits the spec as `kubectl edit` would, again on a conflict with a status write. */
  static void edit(String namespace, String name, UnaryOperator<Mathesar> change) {
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreException(KubernetesClientException.class)
        .until(() -> resource(namespace, name).edit(change) != null);
  }

  static Predicate<Mathesar> condition(String type, String status, String reason) {
    return m ->
        m.getStatus() != null
            && m.getMetadata().getGeneration().equals(m.getStatus().getObservedGeneration())
            && Conditions.find(m.getStatus().getConditions(), type)
                .filter(
                    c ->
                        status.equals(c.getStatus())
                            && (reason == null || reason.equals(c.getReason())))
                .isPresent();
  }

  static Predicate<Mathesar> ready() {
    return condition("Ready", "True", null);
  }

  static Mathesar awaitMathesar(
      String namespace, String name, Duration timeout, Predicate<Mathesar> condition) {
    return awaitResource(namespace, name, resource(namespace, name), timeout, condition);
  }

  /**
   * The resource once it exists and meets the condition; on a timeout, an error with its last
   * status and the pods of its namespace (any kind with a status: Mathesar, MathesarDatabase).
   */
  static <T extends CustomResource<?, ?>> T awaitResource(
      String namespace,
      String name,
      Resource<T> resource,
      Duration timeout,
      Predicate<T> condition) {
    try {
      await()
          .atMost(timeout)
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                var r = resource.get();
                return r != null && condition.test(r);
              });
    } catch (ConditionTimeoutException e) {
      var last = resource.get();
      throw new AssertionError(
          namespace
              + "/"
              + name
              + ": condition not met in "
              + timeout
              + "; last status:\n"
              + (last == null
                  ? "(no resource)"
                  : client().getKubernetesSerialization().asYaml(last.getStatus()))
              + "pods:\n"
              + podSummary(namespace),
          e);
    }
    return resource.get();
  }

  static String podSummary(String namespace) {
    var out = new StringBuilder();
    for (var pod : client().pods().inNamespace(namespace).list().getItems()) {
      out.append("  ")
          .append(pod.getMetadata().getName())
          .append(' ')
          .append(pod.getStatus().getPhase());
      if (pod.getStatus().getContainerStatuses() != null) {
        pod.getStatus()
            .getContainerStatuses()
            .forEach(
                c ->
                    out.append(' ')
                        .append(c.getName())
                        .append(" ready=")
                        .append(c.getReady())
                        .append(" restarts=")
                        .append(c.getRestartCount()));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** The first admin's user name and password, from Secret `<name>-admin` as a user reads them. */
  static Map<String, String> adminCredentials(String namespace, String name) {
    return adminCredentials(client(), namespace, name);
  }

  static Map<String, String> adminCredentials(
      KubernetesClient client, String namespace, String name) {
    var secret = client.secrets().inNamespace(namespace).withName(name + "-admin").require();
    return Map.of(
        "username",
        decode(secret.getData().get("username")),
        "password",
        decode(secret.getData().get("password")));
  }

  /** Logs in as the admin a backup's keys Secret holds; the HTTP status of the login POST. */
  static int loginAsBackupAdmin(MathesarWeb web, io.fabric8.kubernetes.api.model.Secret keys)
      throws Exception {
    return web.login(
            decode(keys.getData().get("admin-username")),
            decode(keys.getData().get("admin-password")))
        .statusCode();
  }

  static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  /**
   * Logs in with the admin credentials and checks what a user sees: the home page, not the login.
   */
  static MathesarWeb loggedIn(ServiceEndpoint endpoint, String namespace, String name)
      throws Exception {
    var web = new MathesarWeb(endpoint);
    var credentials = adminCredentials(namespace, name);
    var login = web.login(credentials.get("username"), credentials.get("password"));
    assertThat(login.statusCode())
        .as("login POST answer (a refused login shows the form again with 200)")
        .isEqualTo(302);
    assertThat(login.headers().firstValue("location")).hasValue("/");
    var home = web.get("/");
    assertThat(home.statusCode()).as("home page after login").isEqualTo(200);
    assertThat(home.body()).contains("<title>Mathesar");
    return web;
  }

  /** The instance's web pods that are not terminating. */
  static List<Pod> webPods(String namespace, String name) {
    return allWebPods(namespace, name).stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  /** Every web pod of the instance, terminating ones included. */
  static List<Pod> allWebPods(String namespace, String name) {
    return client()
        .pods()
        .inNamespace(namespace)
        .withLabel("app.kubernetes.io/instance", name)
        .withLabel("app.kubernetes.io/component", "web")
        .list()
        .getItems();
  }

  static int restarts(List<Pod> pods) {
    return pods.stream()
        .flatMap(p -> p.getStatus().getContainerStatuses().stream())
        .mapToInt(c -> c.getRestartCount())
        .sum();
  }

  static List<Job> migrationJobs(String namespace, String name) {
    return client()
        .batch()
        .v1()
        .jobs()
        .inNamespace(namespace)
        .withLabel("app.kubernetes.io/instance", name)
        .withLabel("app.kubernetes.io/component", "migrate")
        .list()
        .getItems();
  }

  static Duration between(String from, String to) {
    return Duration.between(Instant.parse(from), Instant.parse(to));
  }

  /**
   * Zero failed requests while pods roll. Only through the Service: a port-forward (a cluster whose
   * ClusterIPs this machine cannot reach, like kind) follows one pod, which a roll replaces, so
   * there the figure is reported but cannot mean anything.
   */
  static void assertNoFailedRequests(ServiceEndpoint endpoint, Poller poller, String during) {
    assertThat(poller.requests()).as("requests sent during " + during).isPositive();
    if (!endpoint.forwarded()) {
      assertThat(poller.failures()).as("failed requests during " + during + ": " + poller).isZero();
    }
  }

  /** A line of what the scenario saw, for the note and docs (target/e2e-report.md). */
  static synchronized void report(String scenario, String line) {
    var text = "- **" + scenario + "**: " + line + "\n";
    System.out.print("[e2e] " + text);
    try {
      Files.createDirectories(REPORT.getParent());
      Files.writeString(REPORT, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
