package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;
import org.mathesar.operator.desired.ServiceFactory;

class ServiceFactoryTest {
  @Test
  void serviceIsNamedAfterTheInstanceInItsNamespace() {
    var svc = ServiceFactory.build(TestResources.resolved(TestResources.mathesar("shop")));

    assertThat(svc.getMetadata().getName()).isEqualTo("shop");
    assertThat(svc.getMetadata().getNamespace()).isEqualTo(TestResources.NAMESPACE);
    assertThat(svc.getMetadata().getLabels())
        .contains(
            entry("app.kubernetes.io/instance", "shop"),
            entry("app.kubernetes.io/component", "web"),
            entry("app.kubernetes.io/managed-by", "mathesar-operator"));
  }

  @Test
  void clusterIpPort80ToTheNamedHttpPort() {
    var svc = ServiceFactory.build(TestResources.resolved(TestResources.mathesar()));

    assertThat(svc.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(svc.getSpec().getPorts()).hasSize(1);
    var port = svc.getSpec().getPorts().get(0);
    assertThat(port.getName()).isEqualTo("http");
    assertThat(port.getPort()).isEqualTo(80);
    assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
    assertThat(port.getProtocol()).isEqualTo("TCP");
  }

  @Test
  void selectsOnlyThisInstancesWebPods() {
    // The component label keeps the migration and admin Jobs' pods out of the Service.
    var svc = ServiceFactory.build(TestResources.resolved(TestResources.mathesar("shop")));

    assertThat(svc.getSpec().getSelector())
        .containsOnly(
            entry("app.kubernetes.io/name", "mathesar"),
            entry("app.kubernetes.io/instance", "shop"),
            entry("app.kubernetes.io/component", "web"));
  }
}
