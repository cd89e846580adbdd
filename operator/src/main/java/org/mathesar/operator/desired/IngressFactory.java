package org.mathesar.operator.desired;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressRuleValueBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder;
import java.util.LinkedHashMap;

/**
 * Ingress <name>: one rule per public host name (spec.hostname, then spec.additionalHostnames) to
 * the Service, with TLS for all of them when a certificate Secret is named.
 */
public final class IngressFactory {
  private IngressFactory() {}

  public static Ingress build(ResolvedInstance instance) {
    var m = instance.resource();
    var spec = instance.ingress();
    var hosts = instance.hostnames();
    var builder =
        new IngressBuilder()
            .withNewMetadata()
            .withName(ObjectNames.ingress(m))
            .withNamespace(instance.namespace())
            .withLabels(Labels.forComponent(m, Labels.WEB_COMPONENT))
            // Never null: JOSDK adds its own annotation to the desired object.
            .withAnnotations(
                spec.getAnnotations() == null
                    ? new LinkedHashMap<>()
                    : new LinkedHashMap<>(spec.getAnnotations()))
            .endMetadata()
            .withNewSpec()
            .withIngressClassName(spec.getClassName())
            .withRules(hosts.stream().map(host -> rule(ObjectNames.service(m), host)).toList())
            .endSpec();
    if (spec.getTlsSecretName() != null) {
      builder
          .editSpec()
          .addNewTl()
          .withHosts(hosts)
          .withSecretName(spec.getTlsSecretName())
          .endTl()
          .endSpec();
    }
    return builder.build();
  }

  private static IngressRule rule(String service, String host) {
    return new IngressRuleBuilder()
        .withHost(host)
        .withHttp(
            new HTTPIngressRuleValueBuilder()
                .addNewPath()
                .withPath("/")
                .withPathType("Prefix")
                .withNewBackend()
                .withNewService()
                .withName(service)
                .withNewPort()
                .withNumber(ServiceFactory.PORT)
                .endPort()
                .endService()
                .endBackend()
                .endPath()
                .build())
        .build();
  }
}
