package org.mathesar.operator.dependentresource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import java.util.Optional;
import org.mathesar.operator.customresource.Mathesar;

/**
 * An owned object of a kind the operator carries no Java model for (CloudNativePG's Cluster, the
 * Gateway API's HTTPRoute) or whose served version is known only at run time (PodDisruptionBudget):
 * written and watched as a GenericKubernetesResource of the given kind.
 */
public abstract class UntypedDependentResource
    extends MathesarDependentResource<GenericKubernetesResource>
    implements Updater<GenericKubernetesResource, Mathesar> {
  private final GroupVersionKind kind;

  protected UntypedDependentResource(GroupVersionKind kind, String labelSelector) {
    super(GenericKubernetesResource.class, true, labelSelector);
    this.kind = kind;
  }

  protected GroupVersionKind kind() {
    return kind;
  }

  /**
   * From this kind's own informer only. JOSDK's default looks up secondaries by class, and every
   * untyped kind shares GenericKubernetesResource: a PodDisruptionBudget and an HTTPRoute even
   * share the name {@code <name>}, so deleting the budget deleted the route (seen in NetworkIT).
   */
  @Override
  public Optional<GenericKubernetesResource> getSecondaryResource(
      Mathesar primary, Context<Mathesar> context) {
    return eventSource().flatMap(source -> source.get(targetSecondaryResourceID(primary, context)));
  }

  @Override
  protected InformerEventSourceConfiguration.Builder<GenericKubernetesResource>
      informerConfigurationBuilder(EventSourceContext<Mathesar> context) {
    return InformerEventSourceConfiguration.from(kind, Mathesar.class);
  }
}
