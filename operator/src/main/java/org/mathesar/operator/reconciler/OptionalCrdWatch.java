package org.mathesar.operator.reconciler;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.dependentresource.MathesarDependentResource;

/**
 * Whether an optional API (a CRD that may not be installed) exists, and the informer of a dependent
 * of that type once it does. An informer for a missing CRD would fail the operator's start, so it
 * is registered on first need instead.
 */
public final class OptionalCrdWatch {
  private final String crdName;
  private final String version;
  private final MathesarDependentResource<GenericKubernetesResource> dependent;
  private volatile boolean watching;
  private volatile boolean lookedOnce;

  /**
   * @param version the version of the CRD's kind the dependent writes and watches
   */
  OptionalCrdWatch(
      String crdName,
      String version,
      MathesarDependentResource<GenericKubernetesResource> dependent) {
    this.crdName = crdName;
    this.version = version;
    this.dependent = dependent;
  }

  /**
   * For instances that want the object: true once the CRD exists and the informer runs; looks again
   * until then.
   */
  boolean ensureWatching(KubernetesClient client, Context<Mathesar> context) {
    if (watching) {
      return true;
    }
    synchronized (this) {
      if (!watching) {
        register(client, context);
      }
      return watching;
    }
  }

  /**
   * For instances that do not want the object but may have one from before (made by an earlier
   * operator process): looks for the CRD once per process, so instances that never asked for the
   * object cost no request per reconciliation. A CRD installed later has no such objects of ours
   * until an instance asks, which registers the informer.
   */
  boolean watchingIfInstalled(KubernetesClient client, Context<Mathesar> context) {
    if (watching || lookedOnce) {
      return watching;
    }
    synchronized (this) {
      if (!watching && !lookedOnce) {
        register(client, context);
      }
      return watching;
    }
  }

  /** Whether the CRD exists and serves that version of its kind. */
  public static boolean serves(CustomResourceDefinition crd, String version) {
    return crd != null
        && crd.getSpec() != null
        && crd.getSpec().getVersions() != null
        && crd.getSpec().getVersions().stream()
            .anyMatch(v -> version.equals(v.getName()) && Boolean.TRUE.equals(v.getServed()));
  }

  private void register(KubernetesClient client, Context<Mathesar> context) {
    var crd = client.apiextensions().v1().customResourceDefinitions().withName(crdName).get();
    lookedOnce = true;
    // The version the dependent writes must be served too: a Gateway API before v1.0 has the CRD
    // with v1beta1 only, and an informer for v1 would fail every reconciliation instead of a
    // warning.
    if (!serves(crd, version)) {
      return;
    }
    var retriever = context.eventSourceRetriever();
    var source =
        dependent.eventSource(retriever.eventSourceContextForDynamicRegistration()).orElseThrow();
    retriever.dynamicallyRegisterEventSource(source);
    watching = true;
  }
}
