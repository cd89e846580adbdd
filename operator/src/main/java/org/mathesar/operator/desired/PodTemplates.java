package org.mathesar.operator.desired;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import java.util.List;

/** What every Mathesar pod shares, web or Job: scheduling, pull secrets, image, environment. */
final class PodTemplates {
  private PodTemplates() {}

  static PodSpecBuilder podSpec(ResolvedInstance instance) {
    var spec = instance.resource().getSpec();
    return new PodSpecBuilder()
        .withImagePullSecrets(spec.getImagePullSecrets())
        .withNodeSelector(spec.getNodeSelector())
        .withTolerations(spec.getTolerations())
        .withAffinity(spec.getAffinity())
        .withEnableServiceLinks(false);
  }

  static ContainerBuilder container(ResolvedInstance instance, String name, String image, List<String> command) {
    return new ContainerBuilder()
        .withName(name)
        .withImage(image)
        .withWorkingDir(MathesarCommands.WORKING_DIR)
        .withCommand(command)
        .withEnv(MathesarEnvironment.build(instance))
        .withResources(instance.resource().getSpec().getResources());
  }
}
