package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.NetworkPolicyFactory;

class NetworkPolicyFactoryTest {
  private static Mathesar enabled(Mathesar m) {
    m.getSpec().getNetworkPolicy().setEnabled(true);
    return m;
  }

  private static List<String> ports(List<NetworkPolicyPort> ports) {
    return ports.stream().map(p -> p.getProtocol() + "/" + p.getPort().getIntVal()).toList();
  }

  @Test
  void namedAfterTheInstanceWithItsLabels() {
    var policy =
        NetworkPolicyFactory.build(TestResources.resolved(enabled(TestResources.mathesar("shop"))));

    assertThat(policy.getMetadata().getName()).isEqualTo("shop");
    assertThat(policy.getMetadata().getNamespace()).isEqualTo(TestResources.NAMESPACE);
    assertThat(policy.getMetadata().getLabels())
        .contains(
            entry("app.kubernetes.io/instance", "shop"),
            entry("app.kubernetes.io/managed-by", "mathesar-operator"),
            entry("app.kubernetes.io/component", "network"));
  }

  @Test
  void selectsTheWebAndJobPodsOfThisInstanceOnly() {
    var selector =
        NetworkPolicyFactory.build(TestResources.resolved(enabled(TestResources.mathesar("shop"))))
            .getSpec()
            .getPodSelector();

    assertThat(selector.getMatchLabels())
        .containsOnly(
            entry("app.kubernetes.io/name", "mathesar"),
            entry("app.kubernetes.io/instance", "shop"));
    assertThat(selector.getMatchExpressions())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getKey()).isEqualTo("app.kubernetes.io/component");
              assertThat(e.getOperator()).isEqualTo("In");
              assertThat(e.getValues()).containsExactlyInAnyOrder("web", "migrate", "admin");
            });
  }

  @Test
  void ingressOnlyToPort8000FromAnywhereWhenNoPeerIsListed() {
    var spec =
        NetworkPolicyFactory.build(TestResources.resolved(enabled(TestResources.mathesar())))
            .getSpec();

    assertThat(spec.getPolicyTypes()).containsExactly("Ingress", "Egress");
    assertThat(spec.getIngress())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(ports(rule.getPorts())).containsExactly("TCP/8000");
              assertThat(rule.getFrom()).isEmpty();
            });
  }

  @Test
  void ingressFromTheListedPeersOnly() {
    var m = enabled(TestResources.mathesar());
    NetworkPolicyPeer controller =
        new NetworkPolicyPeerBuilder()
            .withNewNamespaceSelector()
            .withMatchLabels(Map.of("kubernetes.io/metadata.name", "ingress-nginx"))
            .endNamespaceSelector()
            .build();
    m.getSpec().getNetworkPolicy().setIngressFrom(List.of(controller));

    var rule = NetworkPolicyFactory.build(TestResources.resolved(m)).getSpec().getIngress().get(0);

    assertThat(rule.getFrom()).containsExactly(controller);
    assertThat(ports(rule.getPorts())).containsExactly("TCP/8000");
  }

  @Test
  void egressToDnsInAnyNamespaceAndTheExternalDatabasePortAnywhere() {
    var m = enabled(TestResources.mathesar());
    TestResources.external(m).setPort(6432);

    var egress = NetworkPolicyFactory.build(TestResources.resolved(m)).getSpec().getEgress();

    assertThat(egress).hasSize(2);
    assertThat(ports(egress.get(0).getPorts())).containsExactly("UDP/53", "TCP/53");
    assertThat(egress.get(0).getTo())
        .singleElement()
        .satisfies(
            peer -> {
              assertThat(peer.getNamespaceSelector()).isEqualTo(new LabelSelector());
              assertThat(peer.getPodSelector()).isNull();
            });
    assertThat(ports(egress.get(1).getPorts())).containsExactly("TCP/6432");
    assertThat(egress.get(1).getTo()).as("a host name cannot be a NetworkPolicy peer").isEmpty();
  }

  @Test
  void egressToTheCloudNativePGClusterPodsOnPort5432() {
    var egress =
        NetworkPolicyFactory.build(
                TestResources.resolved(enabled(TestResources.cloudNativePG("shop"))))
            .getSpec()
            .getEgress();

    assertThat(egress).hasSize(2);
    assertThat(ports(egress.get(1).getPorts())).containsExactly("TCP/5432");
    assertThat(egress.get(1).getTo())
        .singleElement()
        .satisfies(
            peer -> {
              assertThat(peer.getPodSelector().getMatchLabels())
                  .containsOnly(entry("cnpg.io/cluster", "shop-db"));
              assertThat(peer.getNamespaceSelector())
                  .as("the Cluster is in the instance's namespace")
                  .isNull();
            });
  }

  @Test
  void theUsersEgressRulesComeLastWithTcpFilledInWhereNoProtocolIsGiven() {
    var m = enabled(TestResources.mathesar());
    NetworkPolicyEgressRule https =
        new NetworkPolicyEgressRuleBuilder()
            .addNewTo()
            .withNewIpBlock()
            .withCidr("203.0.113.0/24")
            .endIpBlock()
            .endTo()
            .addNewPort()
            .withPort(new IntOrString(443))
            .endPort()
            .build();
    m.getSpec().getNetworkPolicy().setEgressTo(List.of(https));

    var egress = NetworkPolicyFactory.build(TestResources.resolved(m)).getSpec().getEgress();

    assertThat(egress).hasSize(3);
    assertThat(egress.get(2).getTo()).isEqualTo(https.getTo());
    assertThat(ports(egress.get(2).getPorts())).containsExactly("TCP/443");
    assertThat(https.getPorts().get(0).getProtocol()).as("the spec is not changed").isNull();
  }
}
