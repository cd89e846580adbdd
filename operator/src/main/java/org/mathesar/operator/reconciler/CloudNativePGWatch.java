package org.mathesar.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.dependentresource.DatabaseClusterDependentResource;
import org.mathesar.operator.desired.ClusterFactory;

/**
 * Whether CloudNativePG is installed, and the Cluster informer once it is. An informer for a
 * missing CRD would fail the operator's start, so it is registered on first need instead.
 */
final class CloudNativePGWatch {
  private final DatabaseClusterDependentResource clusters;
  private volatile boolean watching;

  CloudNativePGWatch(DatabaseClusterDependentResource clusters) {
    this.clusters = clusters;
  }

  /**
   * True once the Cluster CRD exists and its informer runs; looks again on every call until then.
   */
  boolean ensureWatching(KubernetesClient client, Context<Mathesar> context) {
    if (watching) {
      return true;
    }
    synchronized (this) {
      if (watching) {
        return true;
      }
      var crd =
          client
              .apiextensions()
              .v1()
              .customResourceDefinitions()
              .withName(ClusterFactory.CRD_NAME)
              .get();
      if (crd == null) {
        return false;
      }
      var retriever = context.eventSourceRetriever();
      var source =
          clusters.eventSource(retriever.eventSourceContextForDynamicRegistration()).orElseThrow();
      retriever.dynamicallyRegisterEventSource(source);
      watching = true;
      return true;
    }
  }
}
