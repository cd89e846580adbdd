package org.mathesar.operator.reconciler;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.mathesar.operator.config.OperatorConfig;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.ClusterFactory;
import org.mathesar.operator.desired.DatabaseMode;
import org.mathesar.operator.desired.ObjectNames;
import org.mathesar.operator.desired.ResolvedInstance;
import org.mathesar.operator.lookup.SecretLookup;
import org.mathesar.operator.validation.DatabaseClusterValidator;
import org.mathesar.operator.validation.EnvironmentProblems;
import org.mathesar.operator.validation.SecretKeyGuard;
import org.mathesar.operator.validation.SpecProblem;
import org.mathesar.operator.validation.SpecValidator;

/**
 * Phase 1: every problem with a resource and what it refers to, before anything is written. Reads only
 * what it is given (caches, and two questions asked lazily: is CloudNativePG installed, which Cluster
 * exists), so it is tested in-process.
 */
final class ValidationPhase {
  private ValidationPhase() {}

  /** What the cluster holds for an instance, as far as validation needs it. */
  record Observed(
      SecretLookup secrets,
      Optional<PersistentVolumeClaim> mediaPvc,
      Optional<Deployment> deployment,
      BooleanSupplier cloudNativePGInstalled,
      Supplier<Optional<GenericKubernetesResource>> databaseCluster) {}

  /**
   * @param target what the resource asks to run; empty without a spec
   * @param instance the resource with its defaults, present exactly when there is no problem
   * @param problems every problem found, in the order found
   * @param pollForCrd a missing CRD was a problem: look again later, since CRDs have no watch here
   */
  record Validated(
      Optional<ResolvedInstance.Target> target, Optional<ResolvedInstance> instance, List<SpecProblem> problems,
      boolean pollForCrd) {
    boolean accepted() {
      return problems.isEmpty();
    }
  }

  static Validated validate(Mathesar m, OperatorConfig config, Observed observed) {
    if (m.getSpec() == null) {
      var problems = SpecValidator.validate(m, null, observed.secrets(), Optional.empty());
      return new Validated(Optional.empty(), Optional.empty(), problems, false);
    }
    var target = ResolvedInstance.Target.of(m, config);
    var problems = new ArrayList<>(SpecValidator.validate(m, target.version(), observed.secrets(), observed.mediaPvc()));
    if (!problems.isEmpty()) {
      return new Validated(Optional.of(target), Optional.empty(), List.copyOf(problems), false);
    }
    var instance = ResolvedInstance.resolve(m, config, "");
    var pollForCrd = false;
    if (instance.database() instanceof DatabaseMode.CloudNativePG cnpg) {
      if (observed.cloudNativePGInstalled().getAsBoolean()) {
        problems.addAll(DatabaseClusterValidator.check(cnpg.spec(), observed.databaseCluster().get()));
      } else {
        problems.add(EnvironmentProblems.cloudNativePGNotInstalled(ClusterFactory.CRD_NAME, config.pollSeconds()));
        pollForCrd = true;
      }
    }
    if (problems.isEmpty() && instance.usesGeneratedSecretKey()) {
      var recorded = m.getStatus() != null && m.getStatus().getSecretKeySecret() != null;
      var generated = observed.secrets().find(m.getMetadata().getNamespace(), ObjectNames.generatedSecretKeySecret(m));
      SecretKeyGuard.check(m, generated, recorded || observed.deployment().isPresent()).ifPresent(problems::add);
    }
    return new Validated(Optional.of(target), problems.isEmpty() ? Optional.of(instance) : Optional.empty(),
        List.copyOf(problems), pollForCrd);
  }
}
