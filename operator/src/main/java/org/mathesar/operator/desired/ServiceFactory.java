package org.mathesar.operator.desired;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/** The ClusterIP Service in front of the web pods: port 80 to 8000. */
public final class ServiceFactory {
  public static final int PORT = 80;

  private ServiceFactory() {}

  public static Service build(ResolvedInstance instance) {
    var m = instance.resource();
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(ObjectNames.service(m))
        .withNamespace(instance.namespace())
        .withLabels(Labels.forComponent(m, DeploymentFactory.COMPONENT))
        .endMetadata()
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(Labels.selector(m))
        .addNewPort()
        .withName("http")
        .withPort(PORT)
        .withTargetPort(new IntOrString("http"))
        // 1.20's server-side apply fails on a port without a protocol.
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }
}
