package org.mathesar.operator.desired;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;

/** What every Mathesar pod shares, web or Job: scheduling, pull secrets, image, environment. */
public final class PodTemplates {
  /** A set size: an empty emptyDir is left out of the managed fields and spoils apply matching. */
  static final String TMP_SIZE_LIMIT = "256Mi";

  private PodTemplates() {}

  public static PodSpecBuilder podSpec(ResolvedInstance instance) {
    var builder =
        new PodSpecBuilder()
            .withImagePullSecrets(instance.imagePullSecrets())
            .withNodeSelector(instance.nodeSelector())
            .withTolerations(instance.tolerations())
            .withAffinity(instance.affinity())
            .withServiceAccountName(instance.serviceAccountName())
            .withPriorityClassName(instance.priorityClassName())
            .withSecurityContext(PodSecurity.pod(instance))
            .withEnableServiceLinks(false)
            // Python and gunicorn write temporary files; the root filesystem is read-only.
            .addNewVolume()
            .withName(PodSecurity.TMP_VOLUME)
            .withNewEmptyDir()
            .withSizeLimit(new Quantity(TMP_SIZE_LIMIT))
            .endEmptyDir()
            .endVolume();
    var ca = DatabaseCa.of(instance);
    if (ca != null) {
      // The CA file libpq reads (PGSSLROOTCERT); the kubelet updates it when the Secret changes.
      builder
          .addNewVolume()
          .withName(DatabaseCa.VOLUME)
          .withNewSecret()
          .withSecretName(ca.getName())
          .addNewItem()
          .withKey(ca.getKey())
          .withPath(DatabaseCa.FILE_NAME)
          .endItem()
          .withDefaultMode(0444)
          .endSecret()
          .endVolume();
    }
    return builder;
  }

  public static ContainerBuilder container(
      ResolvedInstance instance, String name, String image, List<String> command) {
    var builder =
        new ContainerBuilder()
            .withName(name)
            .withImage(image)
            .withWorkingDir(MathesarCommands.WORKING_DIR)
            .withCommand(command)
            .withEnv(MathesarEnvironment.build(instance))
            // Listed before env in the container, so every variable the operator sets wins over
            // them.
            .withEnvFrom(instance.envFrom())
            .withResources(instance.resources())
            .withSecurityContext(PodSecurity.container(instance))
            .addNewVolumeMount()
            .withName(PodSecurity.TMP_VOLUME)
            .withMountPath(PodSecurity.TMP_DIR)
            .endVolumeMount();
    if (DatabaseCa.of(instance) != null) {
      builder
          .addNewVolumeMount()
          .withName(DatabaseCa.VOLUME)
          .withMountPath(DatabaseCa.DIR)
          .withReadOnly(true)
          .endVolumeMount();
    }
    return builder;
  }
}
