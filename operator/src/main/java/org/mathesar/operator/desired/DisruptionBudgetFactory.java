package org.mathesar.operator.desired;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mathesar.operator.customresource.DisruptionBudgetSpec;

/**
 * The PodDisruptionBudget of an instance's web pods, untyped: policy/v1 exists from Kubernetes 1.21
 * on and policy/v1beta1 was removed in 1.25, so the operator writes whichever the cluster serves,
 * with the same fields.
 */
public final class DisruptionBudgetFactory {
  public static final GroupVersionKind V1 =
      new GroupVersionKind("policy", "v1", "PodDisruptionBudget");
  public static final GroupVersionKind V1BETA1 =
      new GroupVersionKind("policy", "v1beta1", "PodDisruptionBudget");
  public static final String COMPONENT = Labels.WEB_COMPONENT;

  private DisruptionBudgetFactory() {}

  /** Wanted when asked for, or by default while there is more than one web pod to keep up. */
  public static boolean wanted(ResolvedInstance instance) {
    var spec = spec(instance);
    return spec.getEnabled() != null
        ? spec.getEnabled() && instance.replicas() > 0
        : instance.replicas() > 1;
  }

  public static GenericKubernetesResource build(ResolvedInstance instance, GroupVersionKind kind) {
    var m = instance.resource();
    var budget = spec(instance);
    var spec = new LinkedHashMap<String, Object>();
    if (budget.getMinAvailable() != null) {
      spec.put("minAvailable", value(budget.getMinAvailable()));
    } else {
      spec.put(
          "maxUnavailable",
          budget.getMaxUnavailable() == null ? 1 : value(budget.getMaxUnavailable()));
    }
    spec.put("selector", Map.of("matchLabels", Labels.selector(m)));
    var pdb = new GenericKubernetesResource();
    pdb.setApiVersion(kind.apiVersion());
    pdb.setKind(kind.getKind());
    pdb.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName(ObjectNames.podDisruptionBudget(m))
            .withNamespace(instance.namespace())
            .withLabels(Labels.forComponent(m, COMPONENT))
            .build());
    pdb.setAdditionalProperty("spec", spec);
    return pdb;
  }

  private static DisruptionBudgetSpec spec(ResolvedInstance instance) {
    return instance.podDisruptionBudget();
  }

  private static Object value(IntOrString v) {
    return v.getIntVal() != null ? v.getIntVal() : v.getStrVal();
  }
}
