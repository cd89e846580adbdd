package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MediaSpec.MediaAccessMode;
import org.mathesar.operator.desired.DeploymentFactory;
import org.mathesar.operator.desired.DisruptionBudgetFactory;
import org.mathesar.operator.desired.EnvReferences;
import org.mathesar.operator.desired.JobFactory;
import org.mathesar.operator.desired.MetadataKeys;
import org.mathesar.operator.desired.PodMetadata;
import org.mathesar.operator.lookup.ConfigMapLookup;
import org.mathesar.operator.reconciler.ReferencedSecrets;
import org.mathesar.operator.validation.SpecProblem;
import org.mathesar.operator.validation.SpecWarnings;

/**
 * The pure parts of the workload controls: pod template, disruption budget, env references,
 * validation.
 */
class WorkloadControlsTest {

  private static io.fabric8.kubernetes.api.model.PodTemplateSpec webPod(Mathesar m) {
    var instance = TestResources.resolved(m);
    return DeploymentFactory.build(instance, instance.version(), instance.image())
        .getSpec()
        .getTemplate();
  }

  @Test
  void theOperatorsLabelsAndAnnotationsWinOverTheUsers() {
    var m = TestResources.mathesar();
    m.getSpec().setPodLabels(Map.of("team", "data", "app.kubernetes.io/instance", "other"));
    m.getSpec()
        .setPodAnnotations(
            Map.of("prometheus.io/scrape", "true", "mathesar.org/secrets-hash", "x"));

    var pod = webPod(m);

    assertThat(pod.getMetadata().getLabels())
        .containsEntry("team", "data")
        .containsEntry("app.kubernetes.io/instance", "demo");
    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry("prometheus.io/scrape", "true")
        .containsEntry(
            MetadataKeys.SECRETS_HASH_ANNOTATION, TestResources.resolved(m).secretsHash());
    assertThat(PodMetadata.ignoredKeys(TestResources.resolved(m)))
        .containsExactly(
            "spec.podAnnotations.mathesar.org/secrets-hash",
            "spec.podLabels.app.kubernetes.io/instance");
    assertThat(SpecWarnings.of(TestResources.resolved(m)))
        .extracting(SpecProblem::reason)
        .contains("PodMetadataIgnored");
  }

  @Test
  void withoutPodMetadataTheJobPodHasNoAnnotationsAsBefore() {
    var pod =
        JobFactory.migration(TestResources.resolved(TestResources.mathesar()), false)
            .getSpec()
            .getTemplate();
    assertThat(pod.getMetadata().getAnnotations()).isNullOrEmpty();
  }

  @Test
  void sidecarsFollowMathesarAndInitContainersPrecedeCollectStatic() {
    var m = TestResources.mathesar();
    m.getSpec()
        .setInitContainers(
            List.of(new ContainerBuilder().withName("wait").withImage("busybox").build()));
    m.getSpec()
        .setSidecars(List.of(new ContainerBuilder().withName("proxy").withImage("envoy").build()));
    m.getSpec()
        .setExtraVolumes(
            List.of(new VolumeBuilder().withName("certs").withNewEmptyDir().endEmptyDir().build()));
    m.getSpec()
        .setExtraVolumeMounts(
            List.of(
                new VolumeMountBuilder().withName("certs").withMountPath("/etc/certs").build()));
    m.getSpec().setServiceAccountName("sa");
    m.getSpec().setPriorityClassName("high");

    var spec = webPod(m).getSpec();

    assertThat(spec.getInitContainers())
        .extracting(c -> c.getName())
        .containsExactly("wait", "collect-static");
    assertThat(spec.getContainers())
        .extracting(c -> c.getName())
        .containsExactly("mathesar", "proxy");
    assertThat(spec.getVolumes()).extracting(v -> v.getName()).endsWith("certs");
    assertThat(spec.getContainers().get(0).getVolumeMounts())
        .extracting(v -> v.getName())
        .endsWith("certs");
    assertThat(spec.getInitContainers().get(1).getVolumeMounts())
        .extracting(v -> v.getName())
        .doesNotContain("certs");
    assertThat(spec.getServiceAccountName()).isEqualTo("sa");
    assertThat(spec.getPriorityClassName()).isEqualTo("high");
    var job = JobFactory.admin(TestResources.resolved(m)).getSpec().getTemplate().getSpec();
    assertThat(job.getContainers()).extracting(c -> c.getName()).containsExactly("create-admin");
    assertThat(job.getServiceAccountName()).isEqualTo("sa");
    assertThat(job.getPriorityClassName()).isEqualTo("high");
  }

  @ParameterizedTest
  @CsvSource({"ReadWriteMany, 1", "ReadWriteOnce, 0", "ReadWriteOncePod, 0"})
  void webPodsSpreadOverNodesByDefaultOnlyWhereTheirVolumeAllowsIt(
      MediaAccessMode mode, int constraints) {
    var m = TestResources.mathesar();
    m.getSpec().getMedia().setAccessMode(mode);
    m.getSpec().setReplicas(1);
    var one = webPod(m).getSpec().getTopologySpreadConstraints();
    m.getSpec().setReplicas(3);
    var three = webPod(m).getSpec().getTopologySpreadConstraints();

    assertThat(three == null ? List.of() : three).hasSize(constraints);
    assertThat(three).as("a scale-up must not change the pod template").isEqualTo(one);
    (three == null ? List.<io.fabric8.kubernetes.api.model.TopologySpreadConstraint>of() : three)
        .forEach(c -> assertThat(c.getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway"));
  }

  @Test
  void theUsersSpreadConstraintsReplaceTheDefault() {
    var m = TestResources.mathesar();
    m.getSpec().getMedia().setAccessMode(MediaAccessMode.ReadWriteMany);
    var zone =
        new TopologySpreadConstraintBuilder()
            .withMaxSkew(1)
            .withTopologyKey("topology.kubernetes.io/zone")
            .withWhenUnsatisfiable("DoNotSchedule")
            .build();
    m.getSpec().setTopologySpreadConstraints(List.of(zone));
    assertThat(webPod(m).getSpec().getTopologySpreadConstraints()).containsExactly(zone);
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {
        "1, null, false", "2, null, true", "0, null, false",
        "1, true, true", "0, true, false", "3, false, false"
      })
  void aDisruptionBudgetIsMadeForMoreThanOneReplicaUnlessSaidOtherwise(
      int replicas, Boolean enabled, boolean wanted) {
    var m = TestResources.mathesar();
    m.getSpec().setReplicas(replicas);
    m.getSpec().getPodDisruptionBudget().setEnabled(enabled);
    assertThat(DisruptionBudgetFactory.wanted(TestResources.resolved(m))).isEqualTo(wanted);
  }

  @Test
  void theDisruptionBudgetIsWrittenInTheServedVersionWithOneOfItsLimits() {
    var m = TestResources.mathesar();
    var v1 = DisruptionBudgetFactory.build(TestResources.resolved(m), DisruptionBudgetFactory.V1);
    assertThat(v1.getApiVersion()).isEqualTo("policy/v1");
    assertThat(v1.getKind()).isEqualTo("PodDisruptionBudget");
    assertThat((Map<String, Object>) v1.get("spec"))
        .containsEntry("maxUnavailable", 1)
        .doesNotContainKey("minAvailable");

    m.getSpec().getPodDisruptionBudget().setMinAvailable(new IntOrString("50%"));
    var beta =
        DisruptionBudgetFactory.build(TestResources.resolved(m), DisruptionBudgetFactory.V1BETA1);
    assertThat(beta.getApiVersion()).isEqualTo("policy/v1beta1");
    assertThat((Map<String, Object>) beta.get("spec"))
        .containsEntry("minAvailable", "50%")
        .doesNotContainKey("maxUnavailable");
    assertThat(beta.getMetadata().getName()).isEqualTo("demo");
  }

  @Test
  void envReferencesListWhatSpecEnvAndEnvFromRead() {
    var m = TestResources.mathesar();
    m.getSpec()
        .setEnv(
            List.of(
                new EnvVarBuilder()
                    .withName("A")
                    .withNewValueFrom()
                    .withNewSecretKeyRef("k", "s1", false)
                    .endValueFrom()
                    .build(),
                new EnvVarBuilder()
                    .withName("B")
                    .withNewValueFrom()
                    .withNewConfigMapKeyRef("c", "cm1", false)
                    .endValueFrom()
                    .build(),
                // Ignored by the operator, so not a reason to roll.
                new EnvVarBuilder()
                    .withName("SECRET_KEY")
                    .withNewValueFrom()
                    .withNewSecretKeyRef("k", "s9", false)
                    .endValueFrom()
                    .build(),
                TestResources.env("PLAIN", "1")));
    m.getSpec()
        .setEnvFrom(
            List.of(
                new EnvFromSourceBuilder().withNewSecretRef("s2", false).build(),
                new EnvFromSourceBuilder().withNewConfigMapRef("cm2", true).build()));

    var refs = EnvReferences.of(m.getSpec());

    assertThat(refs.secrets())
        .containsExactly(
            new EnvReferences.Reference("s1", "k"), new EnvReferences.Reference("s2", null));
    assertThat(refs.configMaps())
        .containsExactly(
            new EnvReferences.Reference("cm1", "c"), new EnvReferences.Reference("cm2", null));
  }

  @Test
  void theHashFollowsTheKeysSpecEnvReadsAndNothingElse() {
    var m = TestResources.mathesar();
    var secrets =
        List.of(
            TestResources.credentials(),
            TestResources.secret("demo-secret-key", Map.of("secret-key", "k")));
    var withoutEnv =
        ReferencedSecrets.hash(
            TestResources.resolved(m),
            TestResources.lookup(secrets.toArray(new io.fabric8.kubernetes.api.model.Secret[0])),
            ConfigMapLookup.NONE);
    m.getSpec()
        .setEnv(
            List.of(
                new EnvVarBuilder()
                    .withName("SMTP")
                    .withNewValueFrom()
                    .withNewSecretKeyRef("password", "smtp", false)
                    .endValueFrom()
                    .build()));
    m.getSpec()
        .setEnvFrom(
            List.of(new EnvFromSourceBuilder().withNewConfigMapRef("tuning", false).build()));

    var first =
        hashWith(m, secrets, Map.of("password", "one", "other", "a"), Map.of("LEVEL", "info"));
    assertThat(first).isNotEqualTo(withoutEnv);
    assertThat(
            hashWith(m, secrets, Map.of("password", "one", "other", "b"), Map.of("LEVEL", "info")))
        .as("a key spec.env does not read")
        .isEqualTo(first);
    assertThat(
            hashWith(m, secrets, Map.of("password", "two", "other", "a"), Map.of("LEVEL", "info")))
        .isNotEqualTo(first);
    assertThat(
            hashWith(m, secrets, Map.of("password", "one", "other", "a"), Map.of("LEVEL", "debug")))
        .isNotEqualTo(first);
  }

  private static String hashWith(
      Mathesar m,
      List<io.fabric8.kubernetes.api.model.Secret> base,
      Map<String, String> smtp,
      Map<String, String> tuning) {
    var all = new java.util.ArrayList<>(base);
    all.add(TestResources.secret("smtp", smtp));
    var configMap =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("tuning")
            .endMetadata()
            .withData(tuning)
            .build();
    ConfigMapLookup configMaps =
        (ns, name) -> name.equals("tuning") ? Optional.of(configMap) : Optional.empty();
    return ReferencedSecrets.hash(
        TestResources.resolved(m),
        TestResources.lookup(all.toArray(new io.fabric8.kubernetes.api.model.Secret[0])),
        configMaps);
  }

  @Test
  void clashesWithTheOperatorsVolumesPathsAndContainersAreRefusedWithTheirField() {
    var m = TestResources.mathesar();
    m.getSpec()
        .setExtraVolumes(
            List.of(
                new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build(),
                new VolumeBuilder().withName("a").withNewEmptyDir().endEmptyDir().build(),
                new VolumeBuilder().withName("a").withNewEmptyDir().endEmptyDir().build()));
    m.getSpec()
        .setExtraVolumeMounts(
            List.of(
                new VolumeMountBuilder().withName("a").withMountPath("/code/static/").build(),
                new VolumeMountBuilder().withName("b").withMountPath("/x").build(),
                new VolumeMountBuilder().withName("a").withMountPath("/x").build()));
    m.getSpec()
        .setInitContainers(
            List.of(new ContainerBuilder().withName("collect-static").withImage("i").build()));
    m.getSpec()
        .setSidecars(
            List.of(
                new ContainerBuilder().withName("p").build(),
                new ContainerBuilder().withName("p").withImage("i").build()));

    var problems =
        TestResources.validate(
            m, TestResources.lookup(TestResources.credentials()), Optional.empty());

    assertThat(problems)
        .extracting(SpecProblem::field)
        .containsExactly(
            "spec.extraVolumes[0].name",
            "spec.extraVolumes[2].name",
            "spec.extraVolumeMounts[0].mountPath",
            "spec.extraVolumeMounts[1].name",
            "spec.extraVolumeMounts[2].mountPath",
            "spec.initContainers[0].name",
            "spec.sidecars[0].image",
            "spec.sidecars[1].name");
    assertThat(problems)
        .extracting(SpecProblem::reason)
        .containsOnly("InvalidExtraVolume", "InvalidContainer");
  }

  @Test
  void bothLimitsOfTheDisruptionBudgetAreRefused() {
    var m = TestResources.mathesar();
    m.getSpec().getPodDisruptionBudget().setMaxUnavailable(new IntOrString(1));
    m.getSpec().getPodDisruptionBudget().setMinAvailable(new IntOrString(1));
    assertThat(
            TestResources.validate(
                m, TestResources.lookup(TestResources.credentials()), Optional.empty()))
        .extracting(SpecProblem::reason)
        .containsExactly("InvalidDisruptionBudget");
  }

  @ParameterizedTest
  @CsvSource({
    "1, true",
    "0, true",
    "50%, true",
    "100%, true",
    "abc, false",
    "'1', true",
    "5 %, false",
    "-1, false"
  })
  void aBudgetTakesACountOrAPercentage(String value, boolean valid) {
    var m = TestResources.mathesar();
    var v =
        value.matches("-?[0-9]+")
            ? new IntOrString(Integer.parseInt(value))
            : new IntOrString(value);
    m.getSpec().getPodDisruptionBudget().setMaxUnavailable(v);
    var problems =
        TestResources.validate(
            m, TestResources.lookup(TestResources.credentials()), Optional.empty());
    assertThat(
            problems.stream()
                .anyMatch(p -> p.field().equals("spec.podDisruptionBudget.maxUnavailable")))
        .isEqualTo(!valid);
  }
}
