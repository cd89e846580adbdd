package org.mathesar.operator.dependentresource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.DisruptionBudgetFactory;
import org.mathesar.operator.desired.Labels;
import org.mathesar.operator.desired.ObjectNames;

/** The web pods' PodDisruptionBudget, in the API version the cluster serves (see DisruptionBudgetFactory). */
public class DisruptionBudgetDependentResource extends MathesarDependentResource<GenericKubernetesResource>
    implements Updater<GenericKubernetesResource, Mathesar> {
  private final GroupVersionKind kind;

  public DisruptionBudgetDependentResource(GroupVersionKind kind) {
    super(GenericKubernetesResource.class, true, Labels.MANAGED_SELECTOR);
    this.kind = kind;
  }

  @Override
  protected InformerEventSourceConfiguration.Builder<GenericKubernetesResource> informerConfigurationBuilder(
      EventSourceContext<Mathesar> context) {
    return InformerEventSourceConfiguration.from(kind, Mathesar.class);
  }

  @Override
  protected String objectName(Mathesar primary, Context<Mathesar> context) {
    return ObjectNames.podDisruptionBudget(primary);
  }

  @Override
  protected GenericKubernetesResource desired(Mathesar primary, Context<Mathesar> context) {
    return DisruptionBudgetFactory.build(instance(context), kind);
  }
}
