package org.mathesar.operator.reconciler;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import java.util.Optional;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.dependentresource.AdminJobDependentResource;
import org.mathesar.operator.dependentresource.DeployedVersion;
import org.mathesar.operator.dependentresource.DeploymentDependentResource;
import org.mathesar.operator.dependentresource.DesiredInputs;
import org.mathesar.operator.dependentresource.MigrationJobDependentResource;
import org.mathesar.operator.dependentresource.MigrationJobSteps;
import org.mathesar.operator.dependentresource.RestoreJobDependentResource;
import org.mathesar.operator.desired.ResolvedInstance;
import org.mathesar.operator.events.EventRecorder;
import org.mathesar.operator.metrics.OperatorMetrics;
import org.mathesar.operator.rollout.RolloutAction;
import org.mathesar.operator.rollout.RolloutAction.ApplyDeployment;
import org.mathesar.operator.rollout.RolloutAction.CreateAdminJob;
import org.mathesar.operator.rollout.RolloutAction.CreateBackup;
import org.mathesar.operator.rollout.RolloutAction.CreateMigrationJob;
import org.mathesar.operator.rollout.RolloutAction.CreateRestoreJob;
import org.mathesar.operator.rollout.RolloutAction.DeleteJob;
import org.mathesar.operator.rollout.RolloutAction.RecordEvent;
import org.mathesar.operator.rollout.RolloutAction.RecordMigrationMetric;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes the writes a rollout plan asks for, in its order. */
final class RolloutExecutor {
  private static final Logger log = LoggerFactory.getLogger(RolloutExecutor.class);

  private final MigrationJobDependentResource migrationJob;
  private final AdminJobDependentResource adminJob;
  private final RestoreJobDependentResource restoreJob;
  private final DeploymentDependentResource deployment;
  private final EventRecorder events;
  private final OperatorMetrics metrics;

  RolloutExecutor(
      MigrationJobDependentResource migrationJob,
      AdminJobDependentResource adminJob,
      RestoreJobDependentResource restoreJob,
      DeploymentDependentResource deployment,
      EventRecorder events,
      OperatorMetrics metrics) {
    this.migrationJob = migrationJob;
    this.adminJob = adminJob;
    this.restoreJob = restoreJob;
    this.deployment = deployment;
    this.events = events;
    this.metrics = metrics;
  }

  /**
   * @return the web Deployment once the actions are done: as written if they applied it, else as
   *     observed
   */
  Optional<Deployment> execute(
      Mathesar m,
      Context<Mathesar> context,
      ResolvedInstance instance,
      RolloutObserver.Observation observed,
      List<RolloutAction> actions) {
    var web = observed.deployment();
    for (var action : actions) {
      if (action instanceof CreateMigrationJob c) {
        DesiredInputs.putMigrationJobSteps(context, new MigrationJobSteps(c.createsAdmin()));
        migrationJob.reconcile(m, context);
      } else if (action instanceof CreateAdminJob) {
        adminJob.reconcile(m, context);
      } else if (action instanceof CreateRestoreJob) {
        DesiredInputs.putRestorePoint(context, instance.pendingRestore().orElseThrow());
        restoreJob.reconcile(m, context);
      } else if (action instanceof CreateBackup b) {
        PreUpgradeBackup.create(context.getClient(), instance, b.name(), observed.databaseCluster())
            .ifPresent(
                legacy ->
                    events.record(
                        m,
                        "Warning",
                        "DeprecatedBackupMethod",
                        "Backup "
                            + b.name()
                            + " uses the Cluster's spec.backup.barmanObjectStore, which"
                            + " CloudNativePG deprecated in 1.26: set"
                            + " spec.database.cloudNativePG.backup.barmanCloud (the Barman Cloud"
                            + " plugin) or .volumeSnapshot, and remove it from the Cluster"));
      } else if (action instanceof DeleteJob d) {
        if (d.why() == DeleteJob.Why.RETRY) {
          log.info(
              "retrying migration to {}: deleting failed Job {}", instance.version(), d.name());
        }
        context.getClient().resource(job(observed, d.name())).delete();
      } else if (action instanceof RecordEvent e) {
        events.record(m, e.type(), e.reason(), e.message());
      } else if (action instanceof RecordMigrationMetric r) {
        metrics.migrationFinished(job(observed, r.job()), r.succeeded());
      } else if (action instanceof ApplyDeployment a) {
        DesiredInputs.putDeployedVersion(context, new DeployedVersion(a.version(), a.image()));
        web = deployment.reconcile(m, context).getSingleResource();
      } else {
        throw new IllegalArgumentException("unknown rollout action " + action);
      }
    }
    return web;
  }

  private static Job job(RolloutObserver.Observation observed, String name) {
    var job = observed.jobs().get(name);
    if (job == null) {
      throw new IllegalStateException("the plan names Job " + name + ", which was not observed");
    }
    return job;
  }
}
