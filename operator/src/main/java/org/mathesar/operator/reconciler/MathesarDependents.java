package org.mathesar.operator.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceUtils;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.ArrayList;
import java.util.List;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.dependentresource.AdminJobDependentResource;
import org.mathesar.operator.dependentresource.AdminSecretDependentResource;
import org.mathesar.operator.dependentresource.DatabaseClusterDependentResource;
import org.mathesar.operator.dependentresource.DeploymentDependentResource;
import org.mathesar.operator.dependentresource.DisruptionBudgetDependentResource;
import org.mathesar.operator.dependentresource.HttpRouteDependentResource;
import org.mathesar.operator.dependentresource.IngressDependentResource;
import org.mathesar.operator.dependentresource.MediaPvcDependentResource;
import org.mathesar.operator.dependentresource.MigrationJobDependentResource;
import org.mathesar.operator.dependentresource.NetworkPolicyDependentResource;
import org.mathesar.operator.dependentresource.RestoreJobDependentResource;
import org.mathesar.operator.dependentresource.SecretKeySecretDependentResource;
import org.mathesar.operator.dependentresource.ServiceDependentResource;
import org.mathesar.operator.desired.DisruptionBudgetFactory;
import org.mathesar.operator.desired.HttpRouteFactory;

/**
 * Every object a Mathesar resource owns, as the JOSDK dependents that read and write them, and the
 * informers behind them: made once per controller and handed to the phases, so no phase makes its
 * own.
 */
final class MathesarDependents {
  final SecretKeySecretDependentResource secretKey = new SecretKeySecretDependentResource();
  final AdminSecretDependentResource adminSecret = new AdminSecretDependentResource();
  final MediaPvcDependentResource media = new MediaPvcDependentResource();
  final ServiceDependentResource service = new ServiceDependentResource();
  final MigrationJobDependentResource migrationJob = new MigrationJobDependentResource();
  final AdminJobDependentResource adminJob = new AdminJobDependentResource();
  final RestoreJobDependentResource restoreJob = new RestoreJobDependentResource();
  final DeploymentDependentResource deployment = new DeploymentDependentResource();
  final DatabaseClusterDependentResource cluster = new DatabaseClusterDependentResource();
  final IngressDependentResource ingress = new IngressDependentResource();
  final NetworkPolicyDependentResource networkPolicy = new NetworkPolicyDependentResource();
  final HttpRouteDependentResource httpRoute = new HttpRouteDependentResource();

  /** The Cluster informer, registered once CloudNativePG's CRD exists. */
  final CloudNativePGWatch cloudNativePG = new CloudNativePGWatch(cluster);

  /** The HTTPRoute informer, registered once the Gateway API's CRD exists. */
  final OptionalCrdWatch gatewayApi =
      new OptionalCrdWatch(
          HttpRouteFactory.CRD_NAME, HttpRouteFactory.HTTP_ROUTE.getVersion(), httpRoute);

  final ReferencedSecrets referencedSecrets = new ReferencedSecrets();

  /** Made with the event sources, once the served PodDisruptionBudget version is known. */
  private volatile DisruptionBudgetDependentResource disruptionBudget;

  DisruptionBudgetDependentResource disruptionBudget() {
    if (disruptionBudget == null) {
      throw new IllegalStateException("event sources not prepared yet");
    }
    return disruptionBudget;
  }

  /**
   * The informers JOSDK starts with the controller (CloudNativePG's and the Gateway API's come
   * later).
   */
  List<EventSource<?, Mathesar>> eventSources(EventSourceContext<Mathesar> context) {
    var sources =
        new ArrayList<>(
            EventSourceUtils.dependentEventSources(
                context,
                secretKey,
                adminSecret,
                media,
                service,
                ingress,
                networkPolicy,
                migrationJob,
                adminJob,
                restoreJob,
                deployment));
    sources.addAll(referencedSecrets.createEventSources(context));
    // policy/v1 from Kubernetes 1.21, policy/v1beta1 before (and gone from 1.25): asked once, at
    // start.
    var budgetKind =
        context
                .getClient()
                .supports(
                    DisruptionBudgetFactory.V1.apiVersion(), DisruptionBudgetFactory.V1.getKind())
            ? DisruptionBudgetFactory.V1
            : DisruptionBudgetFactory.V1BETA1;
    disruptionBudget = new DisruptionBudgetDependentResource(budgetKind);
    sources.addAll(EventSourceUtils.dependentEventSources(context, disruptionBudget));
    return sources;
  }
}
