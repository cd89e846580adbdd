package org.mathesar.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mathesar.operator.config.OperatorConfig;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MathesarStatus;
import org.mathesar.operator.database.DatabaseChecks;
import org.mathesar.operator.database.RecheckPolicy;
import org.mathesar.operator.desired.DatabaseMode;
import org.mathesar.operator.desired.ResolvedInstance;
import org.mathesar.operator.events.EventRecorder;
import org.mathesar.operator.metrics.OperatorMetrics;
import org.mathesar.operator.rollout.ReleaseChecks;
import org.mathesar.operator.rollout.RolloutAction;
import org.mathesar.operator.rollout.RolloutPlanner;
import org.mathesar.operator.rollout.RolloutProgress;
import org.mathesar.operator.rollout.RolloutProgress.Stage;
import org.mathesar.operator.rpc.AdminSessions;
import org.mathesar.operator.status.DatabaseClusterCondition;
import org.mathesar.operator.status.ExternalDatabaseCondition;

/**
 * Phase 3, for an accepted and applied resource: is its database ready, then the version's
 * migration Job, the first admin and the Deployment, as one plan of the pure {@link
 * RolloutPlanner}. The Jobs a plan deletes only once the status records their results go through
 * {@link #afterStatus}.
 */
final class RolloutPhase {
  /**
   * How long a reconciliation waits for the first answer about a database: long enough for the
   * usual answer (milliseconds), short enough that an unresponsive server never holds a thread up.
   */
  static final Duration FIRST_CHECK_WAIT = Duration.ofMillis(1500);

  private final MathesarDependents dependents;
  private final DatabaseChecks databaseChecks;
  private final RolloutObserver observer;
  private final RolloutExecutor executor;

  RolloutPhase(
      OperatorConfig config,
      MathesarDependents dependents,
      DatabaseChecks databaseChecks,
      EventRecorder events,
      OperatorMetrics metrics,
      AdminSessions sessions) {
    this.dependents = dependents;
    this.databaseChecks = databaseChecks;
    this.observer =
        new RolloutObserver(
            config,
            dependents.migrationJob,
            dependents.adminJob,
            dependents.restoreJob,
            new InstanceUsersLookup(config, sessions));
    this.executor =
        new RolloutExecutor(
            dependents.migrationJob,
            dependents.adminJob,
            dependents.restoreJob,
            dependents.deployment,
            events,
            metrics);
  }

  /**
   * @param database DatabaseReady; empty only if the external database's Secret vanished since
   *     validation
   * @param deployment the web Deployment after the plan's writes
   * @param checkAgain when the external database or the release checks are to be looked at again
   *     without an event
   * @param pollForBackup the plan waits for a pre-upgrade Backup, which has no watch here
   */
  record RolledOut(
      RolloutProgress progress,
      Optional<Condition> database,
      Optional<Deployment> deployment,
      RolloutObserver.Observation observation,
      List<RolloutAction> afterStatus,
      Optional<Duration> checkAgain,
      boolean pollForBackup) {

    /** Whether a written status holds what the Jobs that {@link #afterStatus} deletes found out. */
    boolean recordedIn(MathesarStatus written) {
      return Objects.equals(written.getMigratedVersion(), progress.migratedVersion())
          && Boolean.TRUE.equals(written.getAdminCreated()) == progress.adminCreated()
          && (written.getRestoredFrom() != null) == progress.restored();
    }
  }

  RolledOut roll(
      Mathesar m,
      Context<Mathesar> context,
      ApplyPhase.Applied applied,
      MathesarStatus status,
      Optional<Deployment> existingDeployment) {
    var instance = applied.instance();
    Optional<Condition> database = Optional.empty();
    Optional<Duration> checkAgain = Optional.empty();
    var external = ExternalDatabase.target(instance, dependents.referencedSecrets::get);
    if (instance.database() instanceof DatabaseMode.CloudNativePG cnpg) {
      var exists =
          dependents.referencedSecrets.get(instance.namespace(), cnpg.appSecret()).isPresent();
      database =
          Optional.of(
              DatabaseClusterCondition.preflight(
                  DatabaseClusterCondition.of(
                      cnpg.clusterName(),
                      applied
                          .databaseCluster()
                          .map(DatabaseClusterState::of)
                          .map(
                              s -> new DatabaseClusterCondition.Readiness(s.ready(), s.describe())),
                      cnpg.appSecret(),
                      exists),
                  cnpg.clusterName(),
                  applied.databaseCluster().flatMap(DatabaseClusterState::majorVersion),
                  instance.version()));
    } else if (external.isPresent()) {
      var target = external.get();
      var serving = existingDeployment.map(DeploymentHealth::allReady).orElse(false);
      var key = checkKey(m);
      var result =
          databaseChecks.latest(
              key, target, last -> RecheckPolicy.maxAge(serving, last), FIRST_CHECK_WAIT);
      database =
          Optional.of(
              ExternalDatabaseCondition.of(
                  target, ExternalDatabaseCondition.preflight(result, instance.version())));
      checkAgain = RecheckPolicy.comeBackAfter(serving, databaseChecks.checking(key), result);
    }
    var jobsBlocked =
        ExternalDatabaseCondition.blocksJobs(
            database.orElse(null), instance.version().equals(status.getMigratedVersion()));
    var observed =
        observer.observe(
            m,
            context,
            instance,
            status,
            jobsBlocked,
            applied.databaseCluster(),
            existingDeployment);
    var plan = RolloutPlanner.plan(observed.input());
    var deployment = executor.execute(m, context, instance, observed, plan.actions());
    var stage = plan.progress().stage();
    if (stage == Stage.CHECKING_RELEASE || stage == Stage.RELEASE_CHECK_FAILED) {
      checkAgain =
          Optional.of(
              checkAgain
                  .filter(d -> d.compareTo(ReleaseChecks.RECHECK) < 0)
                  .orElse(ReleaseChecks.RECHECK));
    }
    return new RolledOut(
        plan.progress(),
        database,
        deployment,
        observed,
        plan.afterStatus(),
        checkAgain,
        stage == Stage.BACKING_UP || stage == Stage.BACKUP_FAILED);
  }

  /**
   * The plan's writes that wait for the status: only once the written status holds their results.
   */
  void afterStatus(
      Mathesar m,
      Context<Mathesar> context,
      ResolvedInstance instance,
      RolledOut rolledOut,
      MathesarStatus written) {
    if (!rolledOut.afterStatus().isEmpty() && rolledOut.recordedIn(written)) {
      executor.execute(m, context, instance, rolledOut.observation(), rolledOut.afterStatus());
    }
  }

  /** The key of an instance's database checks. */
  static String checkKey(Mathesar m) {
    return m.getMetadata().getNamespace() + "/" + m.getMetadata().getName();
  }
}
