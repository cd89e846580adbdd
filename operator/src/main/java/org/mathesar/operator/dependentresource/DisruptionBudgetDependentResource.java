package org.mathesar.operator.dependentresource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.DisruptionBudgetFactory;
import org.mathesar.operator.desired.Labels;
import org.mathesar.operator.desired.ObjectNames;

/**
 * The web pods' PodDisruptionBudget, in the API version the cluster serves (see
 * DisruptionBudgetFactory).
 */
public class DisruptionBudgetDependentResource extends UntypedDependentResource {
  public DisruptionBudgetDependentResource(GroupVersionKind kind) {
    super(kind, Labels.MANAGED_SELECTOR);
  }

  @Override
  protected String objectName(Mathesar primary, Context<Mathesar> context) {
    return ObjectNames.podDisruptionBudget(primary);
  }

  @Override
  protected GenericKubernetesResource desired(Mathesar primary, Context<Mathesar> context) {
    return DisruptionBudgetFactory.build(instance(context), kind());
  }
}
