package org.mathesar.operator.desired;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * NetworkPolicy <name>: the instance's web and Job pods take connections on port 8000 only, and
 * reach out only to DNS, their internal database and what spec.networkPolicy.egressTo adds. The Job
 * pods are included because they run the same Mathesar code with the same credentials, and need
 * nothing more than DNS and the database either.
 */
public final class NetworkPolicyFactory {
  public static final String COMPONENT = "network";
  public static final int WEB_PORT = 8000;
  public static final int DNS_PORT = 53;
  public static final int CNPG_PORT = 5432;
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private NetworkPolicyFactory() {}

  public static NetworkPolicy build(ResolvedInstance instance) {
    var m = instance.resource();
    var spec = instance.networkPolicy();
    var egress = new ArrayList<NetworkPolicyEgressRule>();
    egress.add(dns());
    egress.add(database(instance));
    if (spec.getEgressTo() != null) {
      spec.getEgressTo().stream().map(NetworkPolicyFactory::withProtocols).forEach(egress::add);
    }
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(ObjectNames.networkPolicy(m))
        .withNamespace(instance.namespace())
        .withLabels(Labels.forComponent(m, COMPONENT))
        .endMetadata()
        .withNewSpec()
        .withPodSelector(podSelector(instance))
        .withPolicyTypes("Ingress", "Egress")
        .addNewIngress()
        .withPorts(tcp(WEB_PORT))
        // No peers: from anywhere; the port alone is still restricted.
        .withFrom(spec.getIngressFrom() == null ? List.of() : spec.getIngressFrom())
        .endIngress()
        .withEgress(egress)
        .endSpec()
        .build();
  }

  /** The web pods and the migration and admin Job pods of this instance, nothing else. */
  static LabelSelector podSelector(ResolvedInstance instance) {
    return new LabelSelectorBuilder()
        .addToMatchLabels(MetadataKeys.NAME_LABEL, Labels.APP_NAME)
        .addToMatchLabels(MetadataKeys.INSTANCE_LABEL, instance.name())
        .addNewMatchExpression()
        .withKey(MetadataKeys.COMPONENT_LABEL)
        .withOperator("In")
        .withValues(Labels.WEB_COMPONENT, JobFactory.MIGRATE_COMPONENT, JobFactory.ADMIN_COMPONENT)
        .endMatchExpression()
        .build();
  }

  /** Name lookups, to the cluster DNS in whichever namespace it runs. */
  private static NetworkPolicyEgressRule dns() {
    return new NetworkPolicyEgressRuleBuilder()
        .withTo(new NetworkPolicyPeerBuilder().withNamespaceSelector(new LabelSelector()).build())
        .withPorts(port("UDP", DNS_PORT), port("TCP", DNS_PORT))
        .build();
  }

  /**
   * CloudNativePG: the Cluster's pods. External: a NetworkPolicy cannot name a host, and the
   * address behind a name may change, so the database's port to any address.
   */
  private static NetworkPolicyEgressRule database(ResolvedInstance instance) {
    var db = instance.database();
    if (db instanceof DatabaseMode.CloudNativePG cnpg) {
      return new NetworkPolicyEgressRuleBuilder()
          .withTo(
              new NetworkPolicyPeerBuilder()
                  .withNewPodSelector()
                  .withMatchLabels(Map.of(MetadataKeys.CNPG_CLUSTER_LABEL, cnpg.clusterName()))
                  .endPodSelector()
                  .build())
          .withPorts(tcp(CNPG_PORT))
          .build();
    }
    return new NetworkPolicyEgressRuleBuilder()
        .withPorts(tcp(((DatabaseMode.External) db).port()))
        .build();
  }

  /**
   * The API server fills in TCP where a port has no protocol; filled in here, the stored policy
   * equals the desired one and a reconciliation does not write it again.
   */
  private static NetworkPolicyEgressRule withProtocols(NetworkPolicyEgressRule rule) {
    var copy = JSON.clone(rule);
    if (copy.getPorts() != null) {
      copy.getPorts().stream()
          .filter(p -> p.getProtocol() == null)
          .forEach(p -> p.setProtocol("TCP"));
    }
    return copy;
  }

  private static NetworkPolicyPort tcp(int port) {
    return port("TCP", port);
  }

  private static NetworkPolicyPort port(String protocol, int port) {
    return new NetworkPolicyPortBuilder()
        .withProtocol(protocol)
        .withPort(new IntOrString(port))
        .build();
  }
}
