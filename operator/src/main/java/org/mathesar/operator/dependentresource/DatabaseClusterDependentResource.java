package org.mathesar.operator.dependentresource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.ClusterFactory;
import org.mathesar.operator.desired.Labels;
import org.mathesar.operator.desired.MetadataKeys;
import org.mathesar.operator.desired.ObjectNames;

/**
 * The CloudNativePG Cluster, untyped. Its informer is registered only once the Cluster CRD exists
 * (see CloudNativePGWatch), so the operator runs without CloudNativePG installed.
 */
public class DatabaseClusterDependentResource extends UntypedDependentResource {
  public DatabaseClusterDependentResource() {
    super(
        ClusterFactory.CLUSTER,
        Labels.MANAGED_SELECTOR
            + ","
            + MetadataKeys.COMPONENT_LABEL
            + "="
            + ClusterFactory.COMPONENT);
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
