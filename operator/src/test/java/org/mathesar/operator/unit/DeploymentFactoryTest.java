package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mathesar.operator.config.OperatorConfig;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MediaSpec;
import org.mathesar.operator.desired.DeploymentFactory;
import org.mathesar.operator.desired.MathesarCommands;
import org.mathesar.operator.desired.MathesarEnvironment;
import org.mathesar.operator.desired.ResolvedInstance;

class DeploymentFactoryTest {
  /** The Deployment of an instance whose target version is migrated: it runs the target. */
  private static Deployment build(Mathesar m) {
    var instance = TestResources.resolved(m);
    return DeploymentFactory.build(instance, instance.version(), instance.image());
  }

  private static PodSpec pod(Mathesar m) {
    return build(m).getSpec().getTemplate().getSpec();
  }

  private static Container web(PodSpec pod) {
    return pod.getContainers().get(0);
  }

  private static Container collectStatic(PodSpec pod) {
    return pod.getInitContainers().get(0);
  }

  private static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }

  private static Mathesar withAccessMode(MediaSpec.MediaAccessMode mode) {
    var m = TestResources.mathesar();
    var media = new MediaSpec();
    media.setAccessMode(mode);
    m.getSpec().setMedia(media);
    return m;
  }

  @Test
  void metadataNamesTheInstanceAndCarriesTheVersionLabel() {
    var m = TestResources.mathesar("shop");
    m.getSpec().setVersion("0.10.2");

    var d = build(m);

    assertThat(d.getMetadata().getName()).isEqualTo("shop");
    assertThat(d.getMetadata().getNamespace()).isEqualTo(TestResources.NAMESPACE);
    assertThat(d.getMetadata().getLabels())
        .containsOnly(
            entry("app.kubernetes.io/name", "mathesar"),
            entry("app.kubernetes.io/instance", "shop"),
            entry("app.kubernetes.io/managed-by", "mathesar-operator"),
            entry("app.kubernetes.io/component", "web"),
            entry("app.kubernetes.io/version", "0.10.2"));
  }

  @Test
  void selectorMatchesThePodTemplateAndOmitsTheVersion() {
    var d = build(TestResources.mathesar("shop"));

    var selector = d.getSpec().getSelector().getMatchLabels();
    assertThat(selector)
        .containsOnly(
            entry("app.kubernetes.io/name", "mathesar"),
            entry("app.kubernetes.io/instance", "shop"),
            entry("app.kubernetes.io/component", "web"));
    assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(selector);
    assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
        .doesNotContainKey("app.kubernetes.io/version");
  }

  @Test
  void replicasComeFromTheSpec() {
    var m = TestResources.mathesar();
    m.getSpec().setReplicas(0);
    assertThat(build(m).getSpec().getReplicas()).isZero();

    m.getSpec().setReplicas(3);
    assertThat(build(m).getSpec().getReplicas()).isEqualTo(3);

    m.getSpec().setReplicas(null);
    assertThat(build(m).getSpec().getReplicas()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(
      value = MediaSpec.MediaAccessMode.class,
      names = {"ReadWriteOnce", "ReadWriteMany"})
  void rollsWithoutDowntimeANewPodIsReadyBeforeAnOldOneStops(MediaSpec.MediaAccessMode mode) {
    var strategy = build(withAccessMode(mode)).getSpec().getStrategy();

    assertThat(strategy.getType()).isEqualTo("RollingUpdate");
    assertThat(strategy.getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
    assertThat(strategy.getRollingUpdate().getMaxSurge().getIntVal()).isEqualTo(1);
  }

  @Test
  void readWriteOncePodMediaRecreatesSinceOnlyOnePodMayMountIt() {
    assertThat(
            build(withAccessMode(MediaSpec.MediaAccessMode.ReadWriteOncePod))
                .getSpec()
                .getStrategy()
                .getType())
        .isEqualTo("Recreate");
  }

  @Test
  void readWriteOnceMediaKeepsEveryWebPodOnTheNodeOfTheOthers() {
    var pod =
        build(withAccessMode(MediaSpec.MediaAccessMode.ReadWriteOnce))
            .getSpec()
            .getTemplate()
            .getSpec();

    var terms =
        pod.getAffinity().getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
    assertThat(terms).hasSize(1);
    assertThat(terms.get(0).getTopologyKey()).isEqualTo("kubernetes.io/hostname");
    // The selector matches the pod's own labels, so the first pod may go anywhere; Job pods never
    // match.
    assertThat(
            build(withAccessMode(MediaSpec.MediaAccessMode.ReadWriteOnce))
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getLabels())
        .containsAllEntriesOf(terms.get(0).getLabelSelector().getMatchLabels());
    assertThat(terms.get(0).getLabelSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/component", "web")
        .doesNotContainKey("app.kubernetes.io/version");
  }

  @Test
  void sharedOrSinglePodMediaAddsNoAffinity() {
    assertThat(
            build(withAccessMode(MediaSpec.MediaAccessMode.ReadWriteMany))
                .getSpec()
                .getTemplate()
                .getSpec()
                .getAffinity())
        .isNull();
    assertThat(
            build(withAccessMode(MediaSpec.MediaAccessMode.ReadWriteOncePod))
                .getSpec()
                .getTemplate()
                .getSpec()
                .getAffinity())
        .isNull();
  }

  @Test
  void theUsersAffinityIsKeptAndAddedTo() {
    var m = withAccessMode(MediaSpec.MediaAccessMode.ReadWriteOnce);
    m.getSpec()
        .setAffinity(
            new io.fabric8.kubernetes.api.model.AffinityBuilder()
                .withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm()
                .addNewMatchExpression()
                .withKey("disk")
                .withOperator("In")
                .withValues("ssd")
                .endMatchExpression()
                .endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity()
                .withNewPodAffinity()
                .addNewRequiredDuringSchedulingIgnoredDuringExecution()
                .withTopologyKey("zone")
                .withNewLabelSelector()
                .addToMatchLabels("app", "cache")
                .endLabelSelector()
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .endPodAffinity()
                .build());

    var affinity = build(m).getSpec().getTemplate().getSpec().getAffinity();

    assertThat(affinity.getNodeAffinity()).isEqualTo(m.getSpec().getAffinity().getNodeAffinity());
    assertThat(affinity.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
        .extracting(t -> t.getTopologyKey())
        .containsExactly("zone", "kubernetes.io/hostname");
    assertThat(
            m.getSpec()
                .getAffinity()
                .getPodAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution())
        .as("the spec is never written")
        .hasSize(1);
  }

  @Test
  void podTemplateCarriesTheSecretsHash() {
    var instance =
        ResolvedInstance.resolve(TestResources.mathesar(), OperatorConfig.defaults(), "feedface");

    var d = DeploymentFactory.build(instance, instance.version(), instance.image());

    assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsOnly(entry("mathesar.org/secrets-hash", "feedface"));
  }

  @Test
  void containerRunsTheResolvedImageOnPort8000() {
    var m = TestResources.mathesar();
    m.getSpec().setVersion("0.10.0");

    var pod = build(m).getSpec().getTemplate().getSpec();

    assertThat(pod.getContainers()).hasSize(1);
    var c = pod.getContainers().get(0);
    assertThat(c.getName()).isEqualTo("mathesar");
    assertThat(c.getImage()).isEqualTo("mathesar/mathesar:0.10.0");
    assertThat(pod.getInitContainers())
        .extracting(Container::getName)
        .containsExactly("collect-static");
    assertThat(pod.getInitContainers().get(0).getImage()).isEqualTo("mathesar/mathesar:0.10.0");
    assertThat(c.getPorts()).hasSize(1);
    assertThat(c.getPorts().get(0).getName()).isEqualTo("http");
    assertThat(c.getPorts().get(0).getContainerPort()).isEqualTo(8000);
    assertThat(c.getPorts().get(0).getProtocol()).isEqualTo("TCP");
    assertThat(pod.getEnableServiceLinks()).isFalse();
  }

  @Test
  void mediaVolumeIsTheInstancesClaimMountedAtMediaRoot() {
    var pod = pod(TestResources.mathesar("shop"));

    // tmp (the read-only root's scratch space), media (the claim) and static (an emptyDir, see
    // below)
    assertThat(pod.getVolumes())
        .extracting(Volume::getName)
        .containsExactly("tmp", "media", "static");
    var volume = volume(pod, "media");
    assertThat(volume.getPersistentVolumeClaim().getClaimName()).isEqualTo("shop-media");
    var mount =
        web(pod).getVolumeMounts().stream()
            .filter(v -> v.getName().equals(volume.getName()))
            .toList();
    assertThat(mount).hasSize(1);
    assertThat(mount.get(0).getMountPath()).isEqualTo("/code/.media/");
    // collect-static keeps the static files of each image on the media volume
    assertThat(collectStatic(pod).getVolumeMounts())
        .filteredOn(v -> v.getName().equals("media"))
        .extracting(VolumeMount::getMountPath)
        .containsExactly("/code/.media/");
  }

  // --- static files and commands

  @Test
  void staticVolumeIsAnEmptyDirMountedAtCodeStaticInBothContainers() {
    var pod = pod(TestResources.mathesar());

    var volume = volume(pod, "static");
    // Not empty: server-side apply leaves an empty emptyDir out of the managed fields, so it would
    // never match and every reconciliation would apply the Deployment again.
    assertThat(volume.getEmptyDir().getSizeLimit())
        .isEqualTo(new io.fabric8.kubernetes.api.model.Quantity("1Gi"));
    assertThat(volume.getPersistentVolumeClaim()).isNull();
    for (var c : List.of(collectStatic(pod), web(pod))) {
      assertThat(c.getVolumeMounts())
          .as(c.getName())
          .filteredOn(v -> v.getName().equals("static"))
          .extracting(VolumeMount::getMountPath)
          .containsExactly("/code/static");
    }
    assertThat(web(pod).getVolumeMounts())
        .extracting(VolumeMount::getName)
        .containsExactly("tmp", "media", "static");
    assertThat(collectStatic(pod).getVolumeMounts())
        .extracting(VolumeMount::getName)
        .containsExactly("tmp", "media", "static");
  }

  @Test
  void initContainerCollectsStaticFilesWithTheWebImageAndEnvironment() {
    var m = TestResources.mathesar();
    m.getSpec().setEnv(List.of(TestResources.env("TZ", "UTC")));

    var pod = pod(m);
    var init = collectStatic(pod);

    assertThat(pod.getInitContainers()).hasSize(1);
    assertThat(init.getName()).isEqualTo("collect-static");
    assertThat(init.getCommand()).startsWith("bash", "-c");
    // collectstatic --noinput --clear, as the install step runs it, with WhiteNoise's Brotli pass
    // off, into the directory the set is prepared in.
    assertThat(init.getCommand().get(init.getCommand().size() - 1))
        .contains("call_command('collectstatic', interactive=False, clear=True")
        .contains("whitenoise.compress.brotli_installed = False")
        .contains("except ImportError")
        .contains("settings.STATIC_ROOT = os.environ.get('STATIC_INTO'");
    assertThat(init.getCommand().get(2))
        .contains("cache=/code/.media/~static", "mv -T", "ln -s", "exec env STATIC_INTO=\"$own\"");
    assertThat(init.getCommand()).isEqualTo(MathesarCommands.PREPARE_STATIC);
    assertThat(init.getVolumeMounts())
        .extracting(VolumeMount::getName, VolumeMount::getMountPath)
        .containsExactly(
            tuple("tmp", "/tmp"), tuple("media", "/code/.media/"), tuple("static", "/code/static"));
    assertThat(init.getWorkingDir()).isEqualTo("/code");
    assertThat(init.getImage()).isEqualTo(web(pod).getImage());
    assertThat(init.getEnv()).isEqualTo(web(pod).getEnv());
    assertThat(init.getPorts()).isNullOrEmpty();
    assertThat(init.getReadinessProbe()).isNull();
  }

  @Test
  void webContainerRunsMathesarWithoutTheInstallStep() {
    var c = web(pod(TestResources.mathesar()));

    assertThat(c.getCommand()).isEqualTo(MathesarCommands.WEB);
    assertThat(c.getCommand()).containsExactly("bash", "./bin/mathesar", "run", "-ne");
    // Serves on while kube-proxy drops a deleted pod from its rules, before gunicorn's SIGTERM.
    assertThat(c.getLifecycle().getPreStop().getExec().getCommand()).containsExactly("sleep", "5");
    assertThat(c.getWorkingDir()).isEqualTo("/code");
  }

  // --- version

  @Test
  void deploymentRunsTheGivenVersionAndImageNotTheTarget() {
    // During an upgrade the target (spec.version) is not migrated yet: the old version keeps
    // running.
    var m = TestResources.mathesar();
    m.getSpec().setVersion("0.12.0");
    var instance = TestResources.resolved(m);

    var d = DeploymentFactory.build(instance, "0.11.0", "mathesar/mathesar:0.11.0");

    assertThat(instance.version()).isEqualTo("0.12.0");
    assertThat(d.getMetadata().getLabels()).containsEntry("app.kubernetes.io/version", "0.11.0");
    var pod = d.getSpec().getTemplate().getSpec();
    assertThat(web(pod).getImage()).isEqualTo("mathesar/mathesar:0.11.0");
    assertThat(collectStatic(pod).getImage()).isEqualTo("mathesar/mathesar:0.11.0");
  }

  @Test
  void imageIsUsedVerbatim() {
    var instance = TestResources.resolved(TestResources.mathesar());

    var pod =
        DeploymentFactory.build(instance, "0.11.0", "corp.example/mathesar@sha256:abc")
            .getSpec()
            .getTemplate()
            .getSpec();

    assertThat(web(pod).getImage()).isEqualTo("corp.example/mathesar@sha256:abc");
    assertThat(collectStatic(pod).getImage()).isEqualTo("corp.example/mathesar@sha256:abc");
  }

  @Test
  void podTemplateLabelsDoNotDependOnTheVersion() {
    var instance = TestResources.resolved(TestResources.mathesar());

    var older = DeploymentFactory.build(instance, "0.10.0", "mathesar/mathesar:0.10.0");
    var newer = DeploymentFactory.build(instance, "0.11.0", "mathesar/mathesar:0.11.0");

    assertThat(newer.getSpec().getSelector()).isEqualTo(older.getSpec().getSelector());
    assertThat(newer.getSpec().getTemplate().getMetadata().getLabels())
        .isEqualTo(older.getSpec().getTemplate().getMetadata().getLabels());
  }

  @Test
  void factoryAddsNoOwnerReference() {
    // The dependent resource adds the controller reference when it applies the object.
    assertThat(build(TestResources.mathesar()).getMetadata().getOwnerReferences()).isNullOrEmpty();
  }

  @Test
  void beforeHealthEndpointsLivenessAndStartupAreTcpAndOnlyReadinessReadsTheDatabase() {
    var m = TestResources.mathesar();
    var instance = TestResources.resolved(m);
    var c =
        DeploymentFactory.build(instance, "0.11.0", "mathesar/mathesar:0.11.0")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);

    // A database outage must not restart Mathesar: no HTTP request (the kubelet follows redirects
    // from / to the login page, which reads the database) in liveness or start-up.
    assertThat(c.getStartupProbe().getHttpGet()).isNull();
    assertThat(c.getStartupProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(8000);
    assertThat(c.getStartupProbe().getPeriodSeconds() * c.getStartupProbe().getFailureThreshold())
        .isEqualTo(300);
    assertThat(c.getLivenessProbe().getHttpGet()).isNull();
    assertThat(c.getLivenessProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(8000);
    assertThat(c.getLivenessProbe().getPeriodSeconds()).isEqualTo(10);
    assertThat(c.getLivenessProbe().getFailureThreshold()).isEqualTo(6);
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/auth/login/");
    assertThat(c.getReadinessProbe().getFailureThreshold()).isEqualTo(3);
    // Asked often enough that a started pod serves within a second or a few of gunicorn listening.
    assertThat(c.getStartupProbe().getPeriodSeconds()).isEqualTo(1);
    assertThat(c.getReadinessProbe().getPeriodSeconds()).isEqualTo(5);
    assertLocalhostHttp(c.getReadinessProbe());
    for (var probe : List.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe())) {
      assertThat(probe.getTimeoutSeconds()).isEqualTo(5);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.12.0", "0.12.1", "1.0.0"})
  void fromZeroTwelveTheHealthEndpointsAreUsed(String version) {
    var instance = TestResources.resolved(TestResources.mathesar());
    var c =
        DeploymentFactory.build(instance, version, "mathesar/mathesar:" + version)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);

    assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz/live/");
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz/live/");
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/healthz/ready/");
    for (var probe : List.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe())) {
      assertLocalhostHttp(probe);
    }
  }

  private static void assertLocalhostHttp(io.fabric8.kubernetes.api.model.Probe probe) {
    assertThat(probe.getHttpGet().getPort().getIntVal()).isEqualTo(8000);
    assertThat(probe.getHttpGet().getScheme()).isEqualTo("HTTP");
    assertThat(probe.getHttpGet().getHttpHeaders()).hasSize(1);
    assertThat(probe.getHttpGet().getHttpHeaders().get(0).getName()).isEqualTo("Host");
    assertThat(probe.getHttpGet().getHttpHeaders().get(0).getValue()).isEqualTo("localhost");
  }

  @Test
  void containerEnvironmentIsTheMathesarEnvironment() {
    var m = TestResources.mathesar();
    m.getSpec().setEnv(List.of(TestResources.env("TZ", "UTC")));

    var env = build(m).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();

    assertThat(env)
        .extracting(EnvVar::getName)
        .contains("POSTGRES_HOST", "SECRET_KEY", "ALLOWED_HOSTS", "TZ");
    assertThat(env).isEqualTo(MathesarEnvironment.build(TestResources.resolved(m)));
  }

  @Test
  void schedulingAndResourceFieldsArePassedThrough() {
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

    var pod = build(m).getSpec().getTemplate().getSpec();

    assertThat(pod.getNodeSelector()).containsOnly(entry("disktype", "ssd"));
    assertThat(pod.getTolerations()).containsExactly(toleration);
    assertThat(pod.getImagePullSecrets())
        .extracting(LocalObjectReference::getName)
        .containsExactly("regcred");
    assertThat(pod.getContainers().get(0).getResources()).isEqualTo(resources);
    assertThat(pod.getInitContainers().get(0).getResources()).isEqualTo(resources);
    assertThat(pod.getEnableServiceLinks()).isFalse();
  }
}
