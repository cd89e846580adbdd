package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.GatewayParentRef;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.HttpRouteFactory;

class HttpRouteFactoryTest {
  private static Mathesar withRoute(GatewayParentRef... parents) {
    var m = TestResources.mathesar("shop");
    m.getSpec().setHostname("data.example.com");
    m.getSpec().setAdditionalHostnames(List.of("mathesar.example.org"));
    m.getSpec().getHttpRoute().setEnabled(true);
    m.getSpec().getHttpRoute().setParentRefs(List.of(parents));
    return m;
  }

  @Test
  void anHttpRouteOfTheGatewayApiNamedAfterTheInstance() {
    var route =
        HttpRouteFactory.build(
            TestResources.resolved(withRoute(new GatewayParentRef("public", null, null))));

    assertThat(route.getApiVersion()).isEqualTo("gateway.networking.k8s.io/v1");
    assertThat(route.getKind()).isEqualTo("HTTPRoute");
    assertThat(route.getMetadata().getName()).isEqualTo("shop");
    assertThat(route.getMetadata().getNamespace()).isEqualTo(TestResources.NAMESPACE);
    assertThat(route.getMetadata().getLabels())
        .contains(
            entry("app.kubernetes.io/instance", "shop"),
            entry("app.kubernetes.io/managed-by", "mathesar-operator"),
            entry("app.kubernetes.io/component", "web"));
  }

  @Test
  void everyHostnameEveryPathToTheServicePort80() {
    Map<String, Object> spec =
        HttpRouteFactory.build(
                TestResources.resolved(withRoute(new GatewayParentRef("public", null, null))))
            .get("spec");

    assertThat(spec.get("hostnames"))
        .isEqualTo(List.of("data.example.com", "mathesar.example.org"));
    assertThat(spec.get("rules"))
        .isEqualTo(
            List.of(
                Map.of(
                    "matches", List.of(Map.of("path", Map.of("type", "PathPrefix", "value", "/"))),
                    "backendRefs",
                        List.of(
                            Map.of(
                                "group", "", "kind", "Service", "name", "shop", "port", 80,
                                "weight", 1)))));
  }

  @Test
  void parentRefsNameGatewaysWithTheOptionalNamespaceAndListener() {
    Map<String, Object> spec =
        HttpRouteFactory.build(
                TestResources.resolved(
                    withRoute(
                        new GatewayParentRef("public", null, null),
                        new GatewayParentRef("shared", "gateways", "https"))))
            .get("spec");

    assertThat(spec.get("parentRefs"))
        .isEqualTo(
            List.of(
                Map.of("group", "gateway.networking.k8s.io", "kind", "Gateway", "name", "public"),
                Map.of(
                    "group",
                    "gateway.networking.k8s.io",
                    "kind",
                    "Gateway",
                    "name",
                    "shared",
                    "namespace",
                    "gateways",
                    "sectionName",
                    "https")));
  }
}
