package org.mathesar.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.mathesar.operator.config.OperatorConfig;
import org.mathesar.operator.customresource.GatewayParentRef;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.status.Conditions;

/** Host names, the NetworkPolicy and the Gateway API HTTPRoute, on a real API server. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetworkIT extends OperatorTestBase {

  private static Mathesar withRoute(String ns, String name) {
    var m = mathesar(ns, name, "db");
    m.getSpec().setHostname("data.example.com");
    m.getSpec().setAdditionalHostnames(List.of("mathesar.example.org"));
    m.getSpec().getHttpRoute().setEnabled(true);
    m.getSpec()
        .getHttpRoute()
        .setParentRefs(List.of(new GatewayParentRef("public", "gateways", "https")));
    return m;
  }

  private static Resource<GenericKubernetesResource> route(String ns, String name) {
    return client
        .genericKubernetesResources("gateway.networking.k8s.io/v1", "HTTPRoute")
        .inNamespace(ns)
        .withName(name);
  }

  private static void assertOwnedBy(HasMetadata o, Mathesar m) {
    assertThat(o.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            ref -> {
              assertThat(ref.getUid()).isEqualTo(m.getMetadata().getUid());
              assertThat(ref.getKind()).isEqualTo("Mathesar");
              assertThat(ref.getController()).isTrue();
            });
    assertThat(o.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/name", "mathesar")
        .containsEntry("app.kubernetes.io/instance", m.getMetadata().getName())
        .containsEntry("app.kubernetes.io/managed-by", "mathesar-operator");
  }

  /** Runs first: the Gateway API CRD is installed at its end, for the whole API server. */
  @Test
  @Order(1)
  void withoutTheGatewayApiTheInstanceRollsOutAndSaysSoThenTheRouteIsMadeOnceItIsInstalled()
      throws Exception {
    operator.close();
    operator = startOperator(OperatorConfig.defaults().withPollSeconds(1));
    var ns = newNamespace();
    credentials(ns, "db");
    var created = client.resource(withRoute(ns, "gw")).create();

    var running = awaitRunning(ns, "gw");
    var warning =
        Conditions.find(running.getStatus().getConditions(), Conditions.CONFIGURATION_WARNING)
            .orElseThrow();
    assertThat(warning.getStatus()).isEqualTo("True");
    assertThat(warning.getReason()).isEqualTo("GatewayApiNotInstalled");
    assertThat(warning.getMessage())
        .contains(
            "spec.httpRoute",
            "httproutes.gateway.networking.k8s.io",
            "spec.httpRoute.enabled: false");
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .anySatisfy(
            e -> {
              assertThat(e.getReason()).isEqualTo("GatewayApiNotInstalled");
              assertThat(e.getType()).isEqualTo("Warning");
            });

    installGatewayApiCrd();
    await().atMost(TIMEOUT).until(() -> route(ns, "gw").get() != null);
    var route = route(ns, "gw").get();
    assertOwnedBy(route, created);
    Map<String, Object> spec = route.get("spec");
    assertThat(spec.get("hostnames"))
        .isEqualTo(List.of("data.example.com", "mathesar.example.org"));
    assertThat(spec.get("parentRefs"))
        .isEqualTo(
            List.of(
                Map.of(
                    "group",
                    "gateway.networking.k8s.io",
                    "kind",
                    "Gateway",
                    "name",
                    "public",
                    "namespace",
                    "gateways",
                    "sectionName",
                    "https")));
    assertThat(spec.get("rules"))
        .isEqualTo(
            List.of(
                Map.of(
                    "matches", List.of(Map.of("path", Map.of("type", "PathPrefix", "value", "/"))),
                    "backendRefs",
                        List.of(
                            Map.of(
                                "group", "", "kind", "Service", "name", "gw", "port", 80, "weight",
                                1)))));
    awaitMathesar(ns, "gw", condition(Conditions.CONFIGURATION_WARNING, "False", "None"));
    awaitFinishedJobsGone(ns, "gw");
    assertAReconciliationWritesNothing(ns, "gw");

    editMathesar(
        ns,
        "gw",
        m -> {
          m.getSpec().setAdditionalHostnames(List.of("mathesar.example.org", "db.example.net"));
          return m;
        });
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                List.of("data.example.com", "mathesar.example.org", "db.example.net")
                    .equals(
                        ((Map<String, Object>) route(ns, "gw").get().get("spec"))
                            .get("hostnames")));

    // Turned off while no operator runs: the next operator process, which has no HTTPRoute informer
    // until something asks for one, must still find the route and remove it.
    operator.close();
    editMathesar(
        ns,
        "gw",
        m -> {
          m.getSpec().getHttpRoute().setEnabled(false);
          return m;
        });
    operator = startOperator(OperatorConfig.defaults().withPollSeconds(1));
    await().atMost(TIMEOUT).until(() -> route(ns, "gw").get() == null);
  }

  @Test
  @Order(2)
  void networkPolicyIsMadeOwnedKeptInLineAndRemovedWhenTurnedOff() {
    var ns = newNamespace();
    credentials(ns, "db");
    var m = mathesar(ns, "fenced", "db");
    m.getSpec().getDatabase().getExternal().setPort(6432);
    m.getSpec().getNetworkPolicy().setEnabled(true);
    m.getSpec()
        .getNetworkPolicy()
        .setIngressFrom(
            List.of(
                new NetworkPolicyPeerBuilder()
                    .withNewNamespaceSelector()
                    .withMatchLabels(Map.of("name", "ingress-nginx"))
                    .endNamespaceSelector()
                    .build()));
    var created = client.resource(m).create();

    var policies = client.network().v1().networkPolicies().inNamespace(ns);
    await().atMost(TIMEOUT).until(() -> policies.withName("fenced").get() != null);
    var policy = policies.withName("fenced").get();
    assertOwnedBy(policy, created);
    assertThat(policy.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/component", "network");
    assertThat(policy.getSpec().getPodSelector().getMatchExpressions())
        .singleElement()
        .satisfies(
            e -> assertThat(e.getValues()).containsExactlyInAnyOrder("web", "migrate", "admin"));
    assertThat(policy.getSpec().getIngress())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getPorts())
                  .singleElement()
                  .satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(8000));
              assertThat(r.getFrom())
                  .singleElement()
                  .satisfies(
                      p ->
                          assertThat(p.getNamespaceSelector().getMatchLabels())
                              .containsEntry("name", "ingress-nginx"));
            });
    assertThat(policy.getSpec().getEgress()).hasSize(2);
    assertThat(policy.getSpec().getEgress().get(1).getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(6432));

    awaitRunning(ns, "fenced");
    awaitFinishedJobsGone(ns, "fenced");
    assertAReconciliationWritesNothing(ns, "fenced");

    // Edited by hand: set back.
    policies
        .withName("fenced")
        .edit(
            p -> {
              p.getSpec().getIngress().get(0).setFrom(List.of());
              return p;
            });
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                policies.withName("fenced").get().getSpec().getIngress().get(0).getFrom().size()
                    == 1);

    editMathesar(
        ns,
        "fenced",
        x -> {
          x.getSpec().getNetworkPolicy().setEnabled(false);
          return x;
        });
    await().atMost(TIMEOUT).until(() -> policies.withName("fenced").get() == null);
    assertThat(client.apps().deployments().inNamespace(ns).withName("fenced").get())
        .as("the instance stays")
        .isNotNull();
  }

  @Test
  @Order(3)
  void additionalHostnamesReachAllowedHostsTheIngressAndTheStatus() {
    var ns = newNamespace();
    credentials(ns, "db");
    var m = mathesar(ns, "many", "db");
    m.getSpec().setHostname("data.example.com");
    m.getSpec().setAdditionalHostnames(List.of("mathesar.example.org", "db.example.net"));
    m.getSpec().getIngress().setEnabled(true);
    m.getSpec().getIngress().setTlsSecretName("tls");
    client.resource(m).create();

    var deployment = awaitInstalled(ns, "many");
    var env =
        deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
            .filter(e -> e.getName().equals("ALLOWED_HOSTS"))
            .map(EnvVar::getValue)
            .findFirst()
            .orElseThrow();
    assertThat(env).startsWith("data.example.com,mathesar.example.org,db.example.net,many,");
    await()
        .atMost(TIMEOUT)
        .until(
            () -> client.network().v1().ingresses().inNamespace(ns).withName("many").get() != null);
    var ingress = client.network().v1().ingresses().inNamespace(ns).withName("many").get();
    assertThat(ingress.getSpec().getRules())
        .extracting(IngressRule::getHost)
        .containsExactly("data.example.com", "mathesar.example.org", "db.example.net");
    assertThat(ingress.getSpec().getTls())
        .singleElement()
        .satisfies(
            t ->
                assertThat(t.getHosts())
                    .containsExactly("data.example.com", "mathesar.example.org", "db.example.net"));
    var status =
        awaitMathesar(ns, "many", x -> x.getStatus() != null && x.getStatus().getUrls() != null)
            .getStatus();
    assertThat(status.getUrl()).isEqualTo("https://data.example.com");
    assertThat(status.getUrls())
        .containsExactly(
            "https://data.example.com", "https://mathesar.example.org", "https://db.example.net");
  }

  @Test
  @Order(4)
  void theSchemaRefusesABadAdditionalHostname() {
    var refusal =
        schemaRefusal(
            newNamespace(),
            spec -> {
              spec.put("hostname", "data.example.com");
              spec.put("additionalHostnames", List.of("fine.example.org", "Not_A_Host"));
            });

    assertThat(refusal)
        .hasMessageContaining("spec.additionalHostnames")
        .hasMessageContaining("Not_A_Host");
  }

  /** What the schema cannot refuse on 1.20 (no CEL, no rules across fields) the operator does. */
  @Test
  @Order(5)
  void theOperatorRefusesDuplicatesAndAdditionalHostnamesWithoutHostname() {
    var ns = newNamespace();
    credentials(ns, "db");
    var twice = mathesar(ns, "twice", "db");
    twice.getSpec().setHostname("data.example.com");
    twice.getSpec().setAdditionalHostnames(List.of("data.example.com"));
    client.resource(twice).create();
    var headless = mathesar(ns, "headless", "db");
    headless.getSpec().setAdditionalHostnames(List.of("mathesar.example.org"));
    client.resource(headless).create();
    var routeless = mathesar(ns, "routeless", "db");
    routeless.getSpec().getHttpRoute().setEnabled(true);
    client.resource(routeless).create();

    var seen =
        awaitMathesar(ns, "twice", condition(Conditions.DEGRADED, "True", "DuplicateHostname"));
    assertThat(
            Conditions.find(seen.getStatus().getConditions(), Conditions.DEGRADED)
                .orElseThrow()
                .getMessage())
        .contains("spec.additionalHostnames", "data.example.com");
    awaitMathesar(
        ns, "headless", condition(Conditions.DEGRADED, "True", "AdditionalHostnamesNeedHostname"));
    var noRoute =
        awaitMathesar(
            ns, "routeless", condition(Conditions.DEGRADED, "True", "HttpRouteNeedsHostname"));
    assertThat(
            Conditions.find(noRoute.getStatus().getConditions(), Conditions.DEGRADED)
                .orElseThrow()
                .getMessage())
        .contains("spec.httpRoute.parentRefs");
    assertThat(client.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
  }

  private static void installGatewayApiCrd() throws Exception {
    try (var in = NetworkIT.class.getResourceAsStream("/gateway/httproutes-crd.yaml")) {
      var crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
      client.resource(crd).createOr(NonDeletingOperation::update);
      await()
          .atMost(TIMEOUT)
          .until(
              () -> {
                var c = client.resource(crd).get();
                return c != null
                    && c.getStatus() != null
                    && c.getStatus().getConditions() != null
                    && c.getStatus().getConditions().stream()
                        .anyMatch(
                            x -> "Established".equals(x.getType()) && "True".equals(x.getStatus()));
              });
    }
  }
}
