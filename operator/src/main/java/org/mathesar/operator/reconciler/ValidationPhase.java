package org.mathesar.operator.reconciler;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.mathesar.operator.config.OperatorConfig;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MathesarBackup;
import org.mathesar.operator.desired.ClusterFactory;
import org.mathesar.operator.desired.DatabaseMode;
import org.mathesar.operator.desired.ObjectNames;
import org.mathesar.operator.desired.ResolvedInstance;
import org.mathesar.operator.desired.RestoredKeys;
import org.mathesar.operator.lookup.SecretLookup;
import org.mathesar.operator.validation.BackupScheduleValidator;
import org.mathesar.operator.validation.DatabaseClusterValidator;
import org.mathesar.operator.validation.EnvironmentProblems;
import org.mathesar.operator.validation.RestoreValidator;
import org.mathesar.operator.validation.SecretKeyGuard;
import org.mathesar.operator.validation.SpecProblem;
import org.mathesar.operator.validation.SpecValidator;

/**
 * Phase 1: every problem with a resource and what it refers to, before anything is written. Reads
 * only what it is given (caches, and two questions asked lazily: is CloudNativePG installed, which
 * Cluster exists), so it is tested in-process.
 */
final class ValidationPhase {
  private ValidationPhase() {}

  /** What the cluster holds for an instance, as far as validation needs it. */
  record Observed(
      SecretLookup secrets,
      Optional<PersistentVolumeClaim> mediaPvc,
      Optional<Deployment> deployment,
      BooleanSupplier cloudNativePGInstalled,
      Supplier<Optional<GenericKubernetesResource>> databaseCluster,
      Function<String, Optional<MathesarBackup>> backups,
      boolean restoreJobExists) {}

  /**
   * @param resolved the resource with its defaults; empty only without a spec. Downstream of a
   *     refusal only the status reads it (to name the target version): the other phases get {@link
   *     #instance}
   * @param problems every problem found, in the order found
   * @param poll a problem may go away without an event (a missing CRD, a MathesarBackup still
   *     running: neither has a watch here): look again later
   * @param restoredKeys the keys of the backup the accepted instance is restored from, while that
   *     restore is to run
   */
  record Validated(
      Optional<ResolvedInstance> resolved,
      List<SpecProblem> problems,
      boolean poll,
      Optional<RestoredKeys> restoredKeys) {
    boolean accepted() {
      return problems.isEmpty();
    }

    /** The accepted instance: its spec passed every check, so its database mode is set. */
    ResolvedInstance instance() {
      if (!accepted()) {
        throw new IllegalStateException("a refused resource is not applied");
      }
      return resolved.orElseThrow();
    }
  }

  static Validated validate(Mathesar m, OperatorConfig config, Observed observed) {
    if (m.getSpec() == null) {
      var problems = SpecValidator.validate(m, null, observed.secrets(), Optional.empty());
      return new Validated(Optional.empty(), problems, false, Optional.empty());
    }
    var instance = ResolvedInstance.resolve(m, config, "");
    var problems =
        new ArrayList<>(
            SpecValidator.validate(m, instance.version(), observed.secrets(), observed.mediaPvc()));
    problems.addAll(BackupScheduleValidator.validate(m));
    var poll = false;
    if (problems.isEmpty() && instance.database() instanceof DatabaseMode.CloudNativePG cnpg) {
      if (observed.cloudNativePGInstalled().getAsBoolean()) {
        problems.addAll(
            DatabaseClusterValidator.check(cnpg.spec(), observed.databaseCluster().get()));
      } else {
        problems.add(
            EnvironmentProblems.cloudNativePGNotInstalled(
                ClusterFactory.CRD_NAME, config.pollSeconds()));
        poll = true;
      }
    }
    var status = m.getStatus();
    var hasRun =
        status != null
                && (status.getMigratedVersion() != null
                    || Boolean.TRUE.equals(status.getAdminCreated()))
            || observed.deployment().isPresent();
    var restoreFrom = m.getSpec().getRestoreFrom();
    var restore =
        RestoreValidator.check(
            m,
            instance.version(),
            // Read only while a restore is to run: it is a request, not a cache.
            restoreFrom == null
                    || restoreFrom.getBackup() == null
                    || (status != null && status.getRestoredFrom() != null)
                ? Optional.empty()
                : observed.backups().apply(restoreFrom.getBackup()),
            observed.secrets(),
            hasRun,
            observed.restoreJobExists());
    problems.addAll(restore.problems());
    poll |= restore.poll();
    if (restore.point().isPresent()) {
      instance = instance.withRestore(restore.point().get());
    }
    if (problems.isEmpty() && instance.usesGeneratedSecretKey()) {
      var recorded = m.getStatus() != null && m.getStatus().getSecretKeySecret() != null;
      var generated =
          observed
              .secrets()
              .find(m.getMetadata().getNamespace(), ObjectNames.generatedSecretKeySecret(m));
      SecretKeyGuard.check(m, generated, recorded || observed.deployment().isPresent())
          .ifPresent(problems::add);
    }
    return new Validated(Optional.of(instance), List.copyOf(problems), poll, restore.keys());
  }
}
