package org.mathesar.operator.reconciler;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mathesar.operator.config.OperatorConfig;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MathesarStatus;
import org.mathesar.operator.dependentresource.DesiredInputs;
import org.mathesar.operator.dependentresource.MathesarDependentResource;
import org.mathesar.operator.desired.DatabaseMode;
import org.mathesar.operator.desired.DisruptionBudgetFactory;
import org.mathesar.operator.desired.HttpRouteFactory;
import org.mathesar.operator.desired.ResolvedInstance;
import org.mathesar.operator.desired.RestoredKeys;
import org.mathesar.operator.lookup.SecretLookup;
import org.mathesar.operator.validation.EnvironmentProblems;
import org.mathesar.operator.validation.SpecProblem;
import org.mathesar.operator.validation.SpecWarnings;

/**
 * Phase 2, for an accepted resource: the objects every version shares, in order (Secrets, media
 * volume, Service, the optional objects, the CloudNativePG Cluster). The Jobs and the Deployment
 * are the rollout's.
 */
final class ApplyPhase {
  private final OperatorConfig config;
  private final MathesarDependents dependents;

  ApplyPhase(OperatorConfig config, MathesarDependents dependents) {
    this.config = config;
    this.dependents = dependents;
  }

  /** Which of the objects that come and go with a switch in the spec an instance wants. */
  record Wanted(
      boolean ingress,
      boolean networkPolicy,
      boolean disruptionBudget,
      boolean httpRoute,
      boolean cluster) {
    static Wanted of(ResolvedInstance instance) {
      return new Wanted(
          instance.ingressEnabled(),
          instance.networkPolicyEnabled(),
          DisruptionBudgetFactory.wanted(instance),
          instance.httpRouteEnabled(),
          instance.database() instanceof DatabaseMode.CloudNativePG);
    }
  }

  /**
   * @param instance with the hash of the Secrets and ConfigMaps its pods read
   * @param warnings what is worth a ConfigurationWarning but stops nothing
   * @param databaseCluster the CloudNativePG Cluster as applied, in that mode
   * @param pollForGatewayApi a wanted HTTPRoute waits for its CRD, which has no watch here
   */
  record Applied(
      ResolvedInstance instance,
      List<SpecProblem> warnings,
      Optional<GenericKubernetesResource> databaseCluster,
      boolean pollForGatewayApi) {}

  /**
   * @param restoredKeys the backup's keys, which a restored instance's generated SECRET_KEY and
   *     admin Secrets start from
   */
  Applied apply(
      Mathesar m,
      Context<Mathesar> context,
      ResolvedInstance accepted,
      MathesarStatus status,
      Optional<RestoredKeys> restoredKeys) {
    var wanted = Wanted.of(accepted);
    DesiredInputs.putInstance(context, accepted);
    DesiredInputs.putRestoredKeys(context, restoredKeys);
    var warnings = new ArrayList<>(SpecWarnings.of(accepted));
    var instance = applySecrets(m, context, accepted, status, warnings);
    dependents
        .media
        .reconcile(m, context)
        .getSingleResource()
        .ifPresent(p -> RetainedObjects.clearMark(context.getClient(), p));
    dependents.service.reconcile(m, context);
    applyOrRemove(wanted.ingress(), dependents.ingress, m, context);
    applyOrRemove(wanted.disruptionBudget(), dependents.disruptionBudget(), m, context);
    applyOrRemove(wanted.networkPolicy(), dependents.networkPolicy, m, context);
    var routeWaits = !applyHttpRoute(wanted.httpRoute(), m, context, warnings);
    Optional<GenericKubernetesResource> databaseCluster = Optional.empty();
    if (wanted.cluster()) {
      databaseCluster = dependents.cluster.reconcile(m, context).getSingleResource();
      databaseCluster.ifPresent(c -> RetainedObjects.clearMark(context.getClient(), c));
      databaseCluster.ifPresent(
          c ->
              DatabaseClusterState.archivingFailure(c)
                  .ifPresent(
                      said ->
                          warnings.add(
                              EnvironmentProblems.continuousArchivingFailing(
                                  c.getMetadata().getName(), said))));
    }
    return new Applied(instance, List.copyOf(warnings), databaseCluster, routeWaits);
  }

  /** The SECRET_KEY and admin Secrets, then the instance with the hash of what its pods read. */
  private ResolvedInstance applySecrets(
      Mathesar m,
      Context<Mathesar> context,
      ResolvedInstance instance,
      MathesarStatus status,
      List<SpecProblem> warnings) {
    SecretLookup secrets = dependents.referencedSecrets::get;
    Optional<Secret> keySecret = Optional.empty();
    if (instance.usesGeneratedSecretKey()) {
      keySecret = dependents.secretKey.reconcile(m, context).getSingleResource();
      keySecret.ifPresent(k -> RetainedObjects.clearMark(context.getClient(), k));
    }
    var adminSecretName = instance.adminSecretName();
    var adminSecretExists =
        secrets.find(m.getMetadata().getNamespace(), adminSecretName).isPresent();
    if (Boolean.TRUE.equals(status.getAdminCreated()) && !adminSecretExists) {
      warnings.add(EnvironmentProblems.adminSecretMissing(adminSecretName));
    } else if (instance.usesGeneratedAdminSecret()) {
      dependents
          .adminSecret
          .reconcile(m, context)
          .getSingleResource()
          .ifPresent(a -> RetainedObjects.clearMark(context.getClient(), a));
    }
    // The informer may not have seen a Secret just created; hash what was written.
    var justWritten = keySecret;
    SecretLookup current =
        (ns, name) ->
            justWritten
                .filter(s -> s.getMetadata().getName().equals(name))
                .or(() -> secrets.find(ns, name));
    var hashed =
        instance.withSecretsHash(
            ReferencedSecrets.hash(instance, current, dependents.referencedSecrets::getConfigMap));
    DesiredInputs.putInstance(context, hashed);
    return hashed;
  }

  /**
   * An optional object follows its switch (spec.ingress.enabled, spec.networkPolicy.enabled, the
   * replicas for the PodDisruptionBudget): applied while wanted, deleted once it is not.
   */
  private static void applyOrRemove(
      boolean wanted,
      MathesarDependentResource<?> dependent,
      Mathesar m,
      Context<Mathesar> context) {
    if (wanted) {
      dependent.reconcile(m, context);
    } else if (dependent.getSecondaryResource(m, context).isPresent()) {
      dependent.delete(m, context);
    }
  }

  /**
   * The HTTPRoute follows spec.httpRoute.enabled. Without the Gateway API the instance still serves
   * (through its Service or Ingress), so a missing CRD is a warning, not a problem.
   *
   * @return false while a wanted route cannot be made because its CRD is missing
   */
  private boolean applyHttpRoute(
      boolean wanted, Mathesar m, Context<Mathesar> context, List<SpecProblem> warnings) {
    var gatewayApi = dependents.gatewayApi;
    if (wanted) {
      if (!gatewayApi.ensureWatching(context.getClient(), context)) {
        warnings.add(
            EnvironmentProblems.gatewayApiNotInstalled(
                HttpRouteFactory.CRD_NAME, config.pollSeconds()));
        return false;
      }
      dependents.httpRoute.reconcile(m, context);
    } else if (gatewayApi.watchingIfInstalled(context.getClient(), context)
        && dependents.httpRoute.getSecondaryResource(m, context).isPresent()) {
      dependents.httpRoute.delete(m, context);
    }
    return true;
  }
}
