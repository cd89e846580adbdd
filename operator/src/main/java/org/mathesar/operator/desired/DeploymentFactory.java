package org.mathesar.operator.desired;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mathesar.operator.customresource.MediaSpec.MediaAccessMode;

/** The web Deployment of an instance. */
public final class DeploymentFactory {
  public static final String COMPONENT = Labels.WEB_COMPONENT;
  public static final String CONTAINER = "mathesar";
  public static final int HTTP_PORT = 8000;
  public static final String MEDIA_VOLUME = "media";
  public static final String STATIC_VOLUME = "static";

  static final String COLLECT_STATIC = "collect-static";

  /**
   * Names and paths the operator's own volumes and containers use; spec.extra* and sidecars may
   * not.
   */
  public static final List<String> OWN_VOLUMES =
      List.of(MEDIA_VOLUME, STATIC_VOLUME, PodSecurity.TMP_VOLUME, DatabaseCa.VOLUME);

  public static final List<String> OWN_MOUNT_PATHS =
      List.of(
          MathesarEnvironment.MEDIA_ROOT,
          MathesarCommands.STATIC_DIR,
          PodSecurity.TMP_DIR,
          DatabaseCa.DIR);
  public static final List<String> OWN_CONTAINERS = List.of(CONTAINER, COLLECT_STATIC);

  private DeploymentFactory() {}

  /**
   * @param version the version the pods run: the last migrated one, which lags the target version
   *     while an upgrade's migration runs or has failed
   * @param image that version's image
   */
  public static Deployment build(ResolvedInstance instance, String version, String image) {
    var m = instance.resource();
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(ObjectNames.deployment(m))
        .withNamespace(instance.namespace())
        .withLabels(Labels.forComponent(m, COMPONENT))
        .addToLabels(MetadataKeys.VERSION_LABEL, version)
        .endMetadata()
        .withNewSpec()
        .withReplicas(instance.replicas())
        .withNewSelector()
        .withMatchLabels(Labels.selector(m))
        .endSelector()
        .withStrategy(strategy(instance))
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(PodMetadata.labels(instance, Labels.forComponent(m, COMPONENT)))
        .withAnnotations(
            PodMetadata.annotations(
                instance, Map.of(MetadataKeys.SECRETS_HASH_ANNOTATION, instance.secretsHash())))
        .endMetadata()
        .withSpec(
            PodTemplates.podSpec(instance)
                .withAffinity(WebPlacement.affinity(instance))
                .withTopologySpreadConstraints(WebPlacement.topologySpread(instance))
                .withInitContainers(initContainers(instance, image))
                .withContainers(containers(instance, version, image))
                .addNewVolume()
                .withName(MEDIA_VOLUME)
                .withNewPersistentVolumeClaim()
                .withClaimName(ObjectNames.mediaPvc(m))
                .endPersistentVolumeClaim()
                .endVolume()
                .addNewVolume()
                .withName(STATIC_VOLUME)
                // Collected static files are tens of MB. Also, an empty emptyDir is left out of the
                // managed fields, so server-side apply matching never saw it and re-applied the
                // Deployment on every reconciliation.
                .withNewEmptyDir()
                .withSizeLimit(new Quantity(STATIC_SIZE_LIMIT))
                .endEmptyDir()
                .endVolume()
                .addAllToVolumes(instance.extraVolumes())
                .build())
        .endTemplate()
        .endSpec()
        .build();
  }

  static final String STATIC_SIZE_LIMIT = "1Gi";

  /**
   * Zero downtime by default: a new pod is ready before an old one stops. A ReadWriteOnce volume
   * can be mounted by two pods on one node, and {@link WebPlacement} keeps the new pod there; only
   * a ReadWriteOncePod volume, which one pod at a time may mount, needs the old pod gone first.
   */
  static DeploymentStrategy strategy(ResolvedInstance instance) {
    if (instance.media().getAccessMode() == MediaAccessMode.ReadWriteOncePod) {
      return new DeploymentStrategyBuilder().withType("Recreate").build();
    }
    return new DeploymentStrategyBuilder()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxSurge(new IntOrString(1))
        .withMaxUnavailable(new IntOrString(0))
        .endRollingUpdate()
        .build();
  }

  /**
   * The user's init containers run first: collect-static is the last step before Mathesar starts.
   */
  private static List<Container> initContainers(ResolvedInstance instance, String image) {
    var all = new ArrayList<>(instance.initContainers());
    all.add(collectStatic(instance, image));
    return all;
  }

  private static List<Container> containers(
      ResolvedInstance instance, String version, String image) {
    var all = new ArrayList<Container>();
    all.add(webContainer(instance, version, image));
    all.addAll(instance.sidecars());
    return all;
  }

  /**
   * Pods skip the install step, so this fills their static files: once per image into the media
   * volume, linked from the pod's emptyDir ({@link MathesarCommands#PREPARE_STATIC}). The media
   * volume is the one volume every web pod already mounts, on one node with ReadWriteOnce media and
   * on any with ReadWriteMany, so sharing the sets adds no scheduling constraint.
   */
  private static Container collectStatic(ResolvedInstance instance, String image) {
    return PodTemplates.container(instance, COLLECT_STATIC, image, MathesarCommands.PREPARE_STATIC)
        .addNewVolumeMount()
        .withName(MEDIA_VOLUME)
        .withMountPath(MathesarEnvironment.MEDIA_ROOT)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName(STATIC_VOLUME)
        .withMountPath(MathesarCommands.STATIC_DIR)
        .endVolumeMount()
        .build();
  }

  private static Container webContainer(ResolvedInstance instance, String version, String image) {
    var probes = WebProbes.forVersion(version);
    return PodTemplates.container(instance, CONTAINER, image, MathesarCommands.WEB)
        .addNewPort()
        .withName("http")
        .withContainerPort(HTTP_PORT)
        .withProtocol("TCP")
        .endPort()
        .withStartupProbe(probes.startup())
        .withLivenessProbe(probes.liveness())
        .withReadinessProbe(probes.readiness())
        .withNewLifecycle()
        .withNewPreStop()
        .withNewExec()
        .withCommand(MathesarCommands.PRE_STOP)
        .endExec()
        .endPreStop()
        .endLifecycle()
        .addNewVolumeMount()
        .withName(MEDIA_VOLUME)
        .withMountPath(MathesarEnvironment.MEDIA_ROOT)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName(STATIC_VOLUME)
        .withMountPath(MathesarCommands.STATIC_DIR)
        .endVolumeMount()
        .addAllToVolumeMounts(instance.extraVolumeMounts())
        .build();
  }
}
