package org.mathesar.operator.desired;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import java.util.LinkedHashMap;

/** Ingress <name>: spec.hostname to the Service, with TLS when a certificate Secret is named. */
public final class IngressFactory {
  private IngressFactory() {}

  public static Ingress build(ResolvedInstance instance) {
    var m = instance.resource();
    var spec = m.getSpec().getIngress();
    var host = m.getSpec().getHostname();
    var builder = new IngressBuilder()
        .withNewMetadata()
        .withName(ObjectNames.ingress(m))
        .withNamespace(instance.namespace())
        .withLabels(Labels.forComponent(m, Labels.WEB_COMPONENT))
        // Never null: JOSDK adds its own annotation to the desired object.
        .withAnnotations(spec.getAnnotations() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(spec.getAnnotations()))
        .endMetadata()
        .withNewSpec()
        .withIngressClassName(spec.getClassName())
        .addNewRule()
        .withHost(host)
        .withNewHttp()
        .addNewPath()
        .withPath("/")
        .withPathType("Prefix")
        .withNewBackend()
        .withNewService()
        .withName(ObjectNames.service(m))
        .withNewPort()
        .withNumber(ServiceFactory.PORT)
        .endPort()
        .endService()
        .endBackend()
        .endPath()
        .endHttp()
        .endRule()
        .endSpec();
    if (spec.getTlsSecretName() != null) {
      builder.editSpec().addNewTl().withHosts(host).withSecretName(spec.getTlsSecretName()).endTl().endSpec();
    }
    return builder.build();
  }
}
