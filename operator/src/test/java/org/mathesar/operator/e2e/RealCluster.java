package org.mathesar.operator.e2e;

import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The cluster KUBECONFIG names, with the operator installed by the project's Helm chart. Any
 * cluster works: the project's own single-node one (.ci/cluster.sh) or kind
 * (.github/workflows/e2e.yml). Images come from system properties so that the same tests run on
 * local builds and published images.
 */
final class RealCluster {
  static final Path ROOT =
      Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
  static final String OPERATOR_NAMESPACE = "mathesar-system";
  static final String RELEASE = "mathesar-operator";
  static final String OPERATOR_IMAGE =
      System.getProperty("e2e.operatorImage", "mathesar-operator:dev");
  static final String POSTGRES_IMAGE =
      System.getProperty("e2e.postgresImage", "mathesar-e2e/postgres:15");

  /** PostgreSQL 13, older than Mathesar supports (.ci/images.sh postgres13). */
  static final String POSTGRES_13_IMAGE =
      System.getProperty("e2e.postgres13Image", "mathesar-e2e/postgres:13");

  /** An S3-compatible server that checks signatures (.ci/images.sh s3proxy). */
  static final String S3_IMAGE = System.getProperty("e2e.s3Image", "mathesar-e2e/s3proxy:2.6.0");

  static final String BROKEN_IMAGE =
      System.getProperty("e2e.brokenImage", "mathesar-e2e/mathesar-broken:0.11.0");
  static final String OLD_VERSION = System.getProperty("e2e.oldVersion", "0.10.1");
  static final String VERSION = System.getProperty("e2e.version", "0.11.0");

  /** First pull, migration, collectstatic and gunicorn's boot, with room for a slow machine. */
  static final Duration READY_TIMEOUT = Duration.ofMinutes(6);

  private static KubernetesClient client;

  private RealCluster() {}

  static synchronized KubernetesClient client() {
    if (client == null) {
      var kubeconfig = System.getenv("KUBECONFIG");
      if (kubeconfig == null || kubeconfig.isBlank() || !Files.isReadable(Path.of(kubeconfig))) {
        throw new IllegalStateException(
            "the end-to-end suite needs KUBECONFIG naming a cluster (bash .ci/e2e brings one up)");
      }
      client = new KubernetesClientBuilder().build();
      installOperator(Path.of(kubeconfig));
    }
    return client;
  }

  /**
   * Every CRD from crds/ (Mathesar, MathesarDatabase: helm install skips CRDs a release already
   * had, so a re-run on a kept cluster would test old ones), then the chart with the image under
   * test.
   */
  private static void installOperator(Path kubeconfig) {
    try (var files = Files.list(ROOT.resolve("crds"))) {
      for (var file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
        try (var crd = Files.newInputStream(file)) {
          // Not server-side apply: 1.20 refuses x-kubernetes-validations (CEL) there; update drops
          // it.
          var item = client.apiextensions().v1().customResourceDefinitions().load(crd).item();
          client
              .resource(item)
              .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the CRDs of crds/", e);
    }
    var colon = OPERATOR_IMAGE.lastIndexOf(':');
    new Helm(ROOT.resolve("helm/mathesar-operator"))
        .upgrade()
        .install()
        .withName(RELEASE)
        .withNamespace(OPERATOR_NAMESPACE)
        .createNamespace()
        .withKubeConfig(kubeconfig)
        .set("image.repository", OPERATOR_IMAGE.substring(0, colon))
        .set("image.tag", OPERATOR_IMAGE.substring(colon + 1))
        .set("image.pullPolicy", "IfNotPresent")
        .set("logFormat", "text")
        .set("pollSeconds", 5)
        .call();
    awaitOperatorReady();
  }

  /**
   * The operator's rollout complete, as `kubectl rollout status` says it: after a helm upgrade the
   * pod of the previous image keeps leading until it is gone, and a scenario that started meanwhile
   * met the old operator (seen: OperatorKilledE2E killed the old pod, whose Job the new one then
   * found).
   */
  static void awaitOperatorReady() {
    await("operator rollout complete")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              var deployments =
                  client
                      .apps()
                      .deployments()
                      .inNamespace(OPERATOR_NAMESPACE)
                      .withLabel("app.kubernetes.io/name", RELEASE)
                      .list()
                      .getItems();
              if (deployments.size() != 1 || deployments.get(0).getStatus() == null) {
                return false;
              }
              var d = deployments.get(0);
              var replicas = d.getSpec().getReplicas();
              var status = d.getStatus();
              var pods =
                  client
                      .pods()
                      .inNamespace(OPERATOR_NAMESPACE)
                      .withLabel("app.kubernetes.io/name", RELEASE)
                      .list()
                      .getItems();
              return java.util.Objects.equals(
                      status.getObservedGeneration(), d.getMetadata().getGeneration())
                  && replicas.equals(status.getUpdatedReplicas())
                  && replicas.equals(status.getReadyReplicas())
                  && replicas.equals(status.getReplicas())
                  && pods.size() == replicas
                  && pods.stream()
                      .allMatch(
                          p ->
                              p.getMetadata().getDeletionTimestamp() == null
                                  && Readiness.isPodReady(p));
            });
  }

  static Optional<Pod> operatorPod() {
    return client
        .pods()
        .inNamespace(OPERATOR_NAMESPACE)
        .withLabel("app.kubernetes.io/name", RELEASE)
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .findFirst();
  }

  /**
   * A fresh namespace for an instance, enforcing the restricted Pod Security Standard: where the
   * cluster has Pod Security admission (1.23 and later, kind in CI) every Mathesar pod is checked
   * against it; 1.20 ignores the label.
   */
  static String newNamespace(String prefix) {
    var name = prefix + "-" + Long.toHexString(System.nanoTime() & 0xfffff);
    client()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("mathesar.org/e2e", "true")
                .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                .endMetadata()
                .build())
        .create();
    return name;
  }

  static <T extends HasMetadata> List<T> ownedBy(List<T> items, String uid) {
    return items.stream()
        .filter(
            i ->
                i.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid())))
        .toList();
  }
}
