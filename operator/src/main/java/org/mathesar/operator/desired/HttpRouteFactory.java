package org.mathesar.operator.desired;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mathesar.operator.customresource.GatewayParentRef;

/**
 * Gateway API HTTPRoute <name>, untyped: the operator carries no Gateway API model, only the fields
 * it sets. The public host names, every path, to the Service's port 80.
 */
public final class HttpRouteFactory {
  public static final String GROUP = "gateway.networking.k8s.io";
  public static final String API_VERSION = GROUP + "/v1";
  public static final GroupVersionKind HTTP_ROUTE = new GroupVersionKind(GROUP, "v1", "HTTPRoute");
  public static final String CRD_NAME = "httproutes." + GROUP;

  private HttpRouteFactory() {}

  public static GenericKubernetesResource build(ResolvedInstance instance) {
    var m = instance.resource();
    var spec = new LinkedHashMap<String, Object>();
    spec.put(
        "parentRefs",
        instance.httpRoute().getParentRefs().stream().map(HttpRouteFactory::parentRef).toList());
    spec.put("hostnames", instance.hostnames());
    spec.put(
        "rules",
        List.of(
            Map.of(
                "matches", List.of(Map.of("path", Map.of("type", "PathPrefix", "value", "/"))),
                // Group and weight spelled out as the Gateway API CRD defaults them: left out, the
                // stored route never equals the desired one and every reconciliation would apply it
                // again.
                "backendRefs",
                    List.of(
                        Map.of(
                            "group",
                            "",
                            "kind",
                            "Service",
                            "name",
                            ObjectNames.service(m),
                            "port",
                            ServiceFactory.PORT,
                            "weight",
                            1)))));
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(API_VERSION)
        .withKind(HTTP_ROUTE.getKind())
        .withNewMetadata()
        .withName(ObjectNames.httpRoute(m))
        .withNamespace(instance.namespace())
        .withLabels(Labels.forComponent(m, Labels.WEB_COMPONENT))
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }

  /** Group and kind spelled out: what the Gateway API would default them to. */
  private static Map<String, Object> parentRef(GatewayParentRef ref) {
    var out = new LinkedHashMap<String, Object>();
    out.put("group", GROUP);
    out.put("kind", "Gateway");
    out.put("name", ref.getName());
    if (ref.getNamespace() != null) {
      out.put("namespace", ref.getNamespace());
    }
    if (ref.getSectionName() != null) {
      out.put("sectionName", ref.getSectionName());
    }
    return out;
  }
}
