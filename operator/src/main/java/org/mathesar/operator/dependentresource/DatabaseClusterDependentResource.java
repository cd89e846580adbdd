package org.mathesar.operator.dependentresource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.ClusterFactory;
import org.mathesar.operator.desired.Labels;
import org.mathesar.operator.desired.ObjectNames;

/**
 * The CloudNativePG Cluster, untyped. Its informer is registered only once the Cluster CRD exists
 * (see CloudNativePGWatch), so the operator runs without CloudNativePG installed.
 */
public class DatabaseClusterDependentResource extends MathesarDependentResource<GenericKubernetesResource>
    implements Updater<GenericKubernetesResource, Mathesar> {
  public DatabaseClusterDependentResource() {
    super(GenericKubernetesResource.class, true,
        Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=" + ClusterFactory.COMPONENT);
  }

  @Override
  protected InformerEventSourceConfiguration.Builder<GenericKubernetesResource> informerConfigurationBuilder(
      EventSourceContext<Mathesar> context) {
    return InformerEventSourceConfiguration.from(ClusterFactory.CLUSTER, Mathesar.class);
  }

  @Override
  protected String objectName(Mathesar primary, Context<Mathesar> context) {
    return ObjectNames.databaseCluster(primary);
  }

  @Override
  protected GenericKubernetesResource desired(Mathesar primary, Context<Mathesar> context) {
    return ClusterFactory.build(instance(context));
  }
}
