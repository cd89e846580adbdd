package org.mathesar.operator.reconciler;

import io.fabric8.kubernetes.api.model.apps.Deployment;

/** Whether a Deployment's desired pods are all ready, as its controller reports. */
final class DeploymentHealth {
  private DeploymentHealth() {}

  static boolean allReady(Deployment d) {
    var desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    var ready =
        d.getStatus() == null || d.getStatus().getReadyReplicas() == null
            ? 0
            : d.getStatus().getReadyReplicas();
    return ready >= desired;
  }
}
