package org.mathesar.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.desired.DisruptionBudgetFactory;
import org.mathesar.operator.desired.MetadataKeys;
import org.mathesar.operator.status.Conditions;

/**
 * Workload controls on the real API server: pod metadata, service account and priority, extra
 * volumes, init containers and sidecars reach the Deployment and the Jobs; the PodDisruptionBudget
 * follows the replicas; a change in a Secret or ConfigMap read by spec.env or spec.envFrom rolls
 * the pods; bad combinations are refused before anything is written.
 */
class WorkloadIT extends OperatorTestBase {
  /** The API server of the tests is 1.20: policy/v1beta1. */
  private static final String PDB_API = DisruptionBudgetFactory.V1BETA1.apiVersion();

  @Test
  void podControlsReachTheWebPodsAndTheJobs() {
    var ns = newNamespace();
    credentials(ns, "db-creds");
    var m = mathesar(ns, "pods", "db-creds");
    var spec = m.getSpec();
    spec.setPodLabels(Map.of("team", "data", "app.kubernetes.io/name", "not-mathesar"));
    spec.setPodAnnotations(
        Map.of("sidecar.istio.io/inject", "false", "mathesar.org/secrets-hash", "mine"));
    spec.setServiceAccountName("mathesar-pods");
    spec.setPriorityClassName("business-critical");
    spec.setExtraVolumes(
        List.of(new VolumeBuilder().withName("certs").withNewEmptyDir().endEmptyDir().build()));
    spec.setExtraVolumeMounts(
        List.of(new VolumeMountBuilder().withName("certs").withMountPath("/etc/certs").build()));
    spec.setInitContainers(
        List.of(new ContainerBuilder().withName("wait").withImage("busybox:1.36").build()));
    spec.setSidecars(
        List.of(
            new ContainerBuilder().withName("proxy").withImage("envoyproxy/envoy:v1.30").build()));
    client.resource(m).create();

    var migration = awaitJob(ns, "pods", "migrate");
    var jobPod = migration.getSpec().getTemplate();
    assertThat(jobPod.getMetadata().getLabels())
        .containsEntry("team", "data")
        .containsEntry("app.kubernetes.io/name", "mathesar");
    assertThat(jobPod.getMetadata().getAnnotations())
        .containsEntry("sidecar.istio.io/inject", "false")
        .doesNotContainKey("mathesar.org/secrets-hash");
    assertThat(jobPod.getSpec().getServiceAccountName()).isEqualTo("mathesar-pods");
    assertThat(jobPod.getSpec().getPriorityClassName()).isEqualTo("business-critical");
    assertThat(jobPod.getSpec().getContainers())
        .extracting(c -> c.getName())
        .containsExactly("migrate");

    var pod = awaitInstalled(ns, "pods").getSpec().getTemplate();
    assertThat(pod.getMetadata().getLabels())
        .containsEntry("team", "data")
        .containsEntry("app.kubernetes.io/name", "mathesar");
    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry("sidecar.istio.io/inject", "false")
        .doesNotContainEntry(MetadataKeys.SECRETS_HASH_ANNOTATION, "mine");
    assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("mathesar-pods");
    assertThat(pod.getSpec().getInitContainers())
        .extracting(c -> c.getName())
        .containsExactly("wait", "collect-static");
    assertThat(pod.getSpec().getContainers())
        .extracting(c -> c.getName())
        .containsExactly("mathesar", "proxy");
    assertThat(pod.getSpec().getVolumes()).extracting(v -> v.getName()).contains("media", "certs");
    assertThat(pod.getSpec().getContainers().get(0).getVolumeMounts())
        .extracting(v -> v.getMountPath())
        .contains("/etc/certs");

    var warned =
        awaitMathesar(ns, "pods", condition(Conditions.CONFIGURATION_WARNING, "True", null));
    assertThat(
            Conditions.find(warned.getStatus().getConditions(), Conditions.CONFIGURATION_WARNING)
                .orElseThrow()
                .getMessage())
        .contains(
            "spec.podLabels.app.kubernetes.io/name",
            "spec.podAnnotations.mathesar.org/secrets-hash");
  }

  @Test
  void theDisruptionBudgetFollowsTheReplicas() {
    var ns = newNamespace();
    credentials(ns, "db-creds");
    client.resource(mathesar(ns, "pdb", "db-creds")).create();
    awaitInstalled(ns, "pdb");
    assertThat(budget(ns, "pdb")).as("one replica: a drain must not wait on it").isNull();

    mathesarResource(ns, "pdb").scale(2);

    await().atMost(TIMEOUT).until(() -> budget(ns, "pdb") != null);
    var pdb = budget(ns, "pdb");
    var m = mathesarResource(ns, "pdb").get();
    assertThat(pdb.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(m.getMetadata().getUid()));
    assertThat(pdb.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "mathesar-operator");
    assertThat(java.util.Objects.toString((Object) pdb.get("spec", "maxUnavailable")))
        .isEqualTo("1");
    assertThat(java.util.Objects.toString((Object) pdb.get("spec", "selector", "matchLabels")))
        .contains("app.kubernetes.io/instance=pdb");

    editMathesar(
        ns,
        "pdb",
        x -> {
          x.getSpec().getPodDisruptionBudget().setMinAvailable(new IntOrString("50%"));
          return x;
        });
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                "50%"
                    .equals(
                        java.util.Objects.toString(
                            (Object) budget(ns, "pdb").get("spec", "minAvailable"))));
    assertThat((Map<String, Object>) budget(ns, "pdb").get("spec"))
        .doesNotContainKey("maxUnavailable");

    mathesarResource(ns, "pdb").scale(1);
    await().atMost(TIMEOUT).until(() -> budget(ns, "pdb") == null);
  }

  @Test
  void aChangedSecretOrConfigMapReadBySpecEnvRollsThePods() {
    var ns = newNamespace();
    credentials(ns, "db-creds");
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("smtp")
                .withNamespace(ns)
                .endMetadata()
                .addToStringData("password", "one")
                .addToStringData("unused", "x")
                .build())
        .create();
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("tuning")
                .withNamespace(ns)
                .endMetadata()
                .addToData("LOG_LEVEL", "info")
                .build())
        .create();
    var m = mathesar(ns, "envroll", "db-creds");
    m.getSpec()
        .setEnv(
            List.of(
                new EnvVarBuilder()
                    .withName("SMTP_PASSWORD")
                    .withNewValueFrom()
                    .withNewSecretKeyRef("password", "smtp", false)
                    .endValueFrom()
                    .build()));
    m.getSpec()
        .setEnvFrom(
            List.of(new EnvFromSourceBuilder().withNewConfigMapRef("tuning", false).build()));
    client.resource(m).create();
    var first = hash(awaitInstalled(ns, "envroll"));
    assertThat(
            awaitDeployment(ns, "envroll", d -> true)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnvFrom())
        .singleElement()
        .satisfies(e -> assertThat(e.getConfigMapRef().getName()).isEqualTo("tuning"));

    client
        .secrets()
        .inNamespace(ns)
        .withName("smtp")
        .edit(
            s -> {
              s.setData(Map.of("password", "dHdv", "unused", s.getData().get("unused")));
              return s;
            });
    var second = hash(awaitDeployment(ns, "envroll", d -> !first.equals(hash(d))));

    client
        .configMaps()
        .inNamespace(ns)
        .withName("tuning")
        .edit(
            c -> {
              c.setData(Map.of("LOG_LEVEL", "debug"));
              return c;
            });
    var third = hash(awaitDeployment(ns, "envroll", d -> !second.equals(hash(d))));
    assertThat(third).isNotEqualTo(first);
  }

  @Test
  void badWorkloadAdditionsAreRefusedWithTheFieldAndNothingIsWritten() {
    var ns = newNamespace();
    credentials(ns, "db-creds");
    refused(
        ns,
        "vol",
        s -> {
          s.setExtraVolumes(
              List.of(
                  new VolumeBuilder().withName("media").withNewEmptyDir().endEmptyDir().build()));
          s.setExtraVolumeMounts(
              List.of(new VolumeMountBuilder().withName("nothing").withMountPath("/tmp").build()));
        },
        "InvalidExtraVolume",
        "spec.extraVolumes[0].name");
    refused(
        ns,
        "side",
        s ->
            s.setSidecars(
                List.of(new ContainerBuilder().withName("mathesar").withImage("x").build())),
        "InvalidContainer",
        "spec.sidecars[0].name");
    refused(
        ns,
        "budget",
        s -> {
          s.getPodDisruptionBudget().setMinAvailable(new IntOrString(1));
          s.getPodDisruptionBudget().setMaxUnavailable(new IntOrString(1));
        },
        "InvalidDisruptionBudget",
        "spec.podDisruptionBudget");
  }

  private static void refused(
      String ns,
      String name,
      Consumer<org.mathesar.operator.customresource.MathesarSpec> edit,
      String reason,
      String field) {
    var m = mathesar(ns, name, "db-creds");
    edit.accept(m.getSpec());
    client.resource(m).create();
    var failed = awaitMathesar(ns, name, condition(Conditions.DEGRADED, "True", reason));
    assertThat(
            Conditions.find(failed.getStatus().getConditions(), Conditions.DEGRADED)
                .orElseThrow()
                .getMessage())
        .contains(field);
    awaitEvent(
        ns, e -> reason.equals(e.getReason()) && e.getInvolvedObject().getName().equals(name));
    assertThat(
            client
                .batch()
                .v1()
                .jobs()
                .inNamespace(ns)
                .withLabel("app.kubernetes.io/instance", name)
                .list()
                .getItems())
        .isEmpty();
    assertThat(client.apps().deployments().inNamespace(ns).withName(name).get()).isNull();
  }

  private static GenericKubernetesResource budget(String ns, String name) {
    return client
        .genericKubernetesResources(PDB_API, "PodDisruptionBudget")
        .inNamespace(ns)
        .withName(name)
        .get();
  }

  private static String hash(Deployment d) {
    return d.getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get(MetadataKeys.SECRETS_HASH_ANNOTATION);
  }
}
