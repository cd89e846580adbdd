package org.mathesar.operator.desired;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPGetActionBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.Map;
import org.mathesar.operator.customresource.MediaSpec.MediaAccessMode;

/** The web Deployment of an instance. */
public final class DeploymentFactory {
  public static final String COMPONENT = "web";
  public static final String CONTAINER = "mathesar";
  public static final int HTTP_PORT = 8000;
  public static final String SECRETS_HASH_ANNOTATION = "mathesar.org/secrets-hash";
  static final String MEDIA_VOLUME = "media";

  private DeploymentFactory() {}

  public static Deployment build(ResolvedInstance instance) {
    var m = instance.resource();
    var spec = m.getSpec();
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(ObjectNames.deployment(m))
        .withNamespace(instance.namespace())
        .withLabels(Labels.forComponent(m, COMPONENT))
        .addToLabels(Labels.VERSION, instance.version())
        .endMetadata()
        .withNewSpec()
        .withReplicas(instance.replicas())
        .withNewSelector()
        .withMatchLabels(Labels.selector(m))
        .endSelector()
        .withNewStrategy()
        // A ReadWriteOnce volume cannot be attached to the new pod on another node while the old
        // pod holds it, so a rolling update could hang; Recreate is the safe choice there.
        .withType(instance.media().getAccessMode() == MediaAccessMode.ReadWriteMany ? "RollingUpdate" : "Recreate")
        .endStrategy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Labels.forComponent(m, COMPONENT))
        .withAnnotations(Map.of(SECRETS_HASH_ANNOTATION, instance.secretsHash()))
        .endMetadata()
        .withNewSpec()
        .withImagePullSecrets(spec.getImagePullSecrets())
        .withNodeSelector(spec.getNodeSelector())
        .withTolerations(spec.getTolerations())
        .withAffinity(spec.getAffinity())
        .withEnableServiceLinks(false)
        .withContainers(webContainer(instance))
        .addNewVolume()
        .withName(MEDIA_VOLUME)
        .withNewPersistentVolumeClaim()
        .withClaimName(ObjectNames.mediaPvc(m))
        .endPersistentVolumeClaim()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Container webContainer(ResolvedInstance instance) {
    return new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(instance.image())
        .addNewPort()
        .withName("http")
        .withContainerPort(HTTP_PORT)
        .withProtocol("TCP")
        .endPort()
        .withEnv(MathesarEnvironment.build(instance))
        .withResources(instance.resource().getSpec().getResources())
        // GET / answers 302 without touching the database; /auth/login/ reads it.
        .withStartupProbe(probe("/", 5, 60))
        .withLivenessProbe(probe("/", 10, 6))
        .withReadinessProbe(probe("/auth/login/", 10, 3))
        .addNewVolumeMount()
        .withName(MEDIA_VOLUME)
        .withMountPath(MathesarEnvironment.MEDIA_ROOT)
        .endVolumeMount()
        .build();
  }

  private static Probe probe(String path, int periodSeconds, int failureThreshold) {
    HTTPGetAction get =
        new HTTPGetActionBuilder()
            .withPath(path)
            .withNewPort(HTTP_PORT)
            .withScheme("HTTP")
            .addNewHttpHeader("Host", "localhost")
            .build();
    return new ProbeBuilder()
        .withHttpGet(get)
        .withPeriodSeconds(periodSeconds)
        .withTimeoutSeconds(5)
        .withFailureThreshold(failureThreshold)
        .build();
  }
}
