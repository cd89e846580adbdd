package org.mathesar.operator.desired;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;

/** What every Mathesar pod shares, web or Job: scheduling, pull secrets, image, environment. */
final class PodTemplates {
  /** A set size: an empty emptyDir is left out of the managed fields and spoils apply matching. */
  static final String TMP_SIZE_LIMIT = "256Mi";

  private PodTemplates() {}

  static PodSpecBuilder podSpec(ResolvedInstance instance) {
    var spec = instance.resource().getSpec();
    return new PodSpecBuilder()
        .withImagePullSecrets(spec.getImagePullSecrets())
        .withNodeSelector(spec.getNodeSelector())
        .withTolerations(spec.getTolerations())
        .withAffinity(spec.getAffinity())
        .withSecurityContext(PodSecurity.pod(instance))
        .withEnableServiceLinks(false)
        // Python and gunicorn write temporary files; the root filesystem is read-only.
        .addNewVolume().withName(PodSecurity.TMP_VOLUME).withNewEmptyDir().withSizeLimit(new Quantity(TMP_SIZE_LIMIT))
        .endEmptyDir().endVolume();
  }

  static ContainerBuilder container(ResolvedInstance instance, String name, String image, List<String> command) {
    return new ContainerBuilder()
        .withName(name)
        .withImage(image)
        .withWorkingDir(MathesarCommands.WORKING_DIR)
        .withCommand(command)
        .withEnv(MathesarEnvironment.build(instance))
        .withResources(instance.resource().getSpec().getResources())
        .withSecurityContext(PodSecurity.container(instance))
        .addNewVolumeMount().withName(PodSecurity.TMP_VOLUME).withMountPath(PodSecurity.TMP_DIR).endVolumeMount();
  }
}
