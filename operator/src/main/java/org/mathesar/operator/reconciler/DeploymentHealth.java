package org.mathesar.operator.reconciler;

import io.fabric8.kubernetes.api.model.apps.Deployment;

/** Whether a Deployment's pods are ready, as its controller reports. */
final class DeploymentHealth {
  private DeploymentHealth() {}

  static boolean allReady(Deployment d) {
    var desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    return ready(d) >= desired;
  }

  static int ready(Deployment d) {
    return d.getStatus() == null || d.getStatus().getReadyReplicas() == null
        ? 0
        : d.getStatus().getReadyReplicas();
  }
}
