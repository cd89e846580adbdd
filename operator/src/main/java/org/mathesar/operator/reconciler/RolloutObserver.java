package org.mathesar.operator.reconciler;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.mathesar.operator.config.OperatorConfig;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MathesarStatus;
import org.mathesar.operator.dependentresource.AdminJobDependentResource;
import org.mathesar.operator.dependentresource.MigrationJobDependentResource;
import org.mathesar.operator.dependentresource.RestoreJobDependentResource;
import org.mathesar.operator.desired.DatabaseMode;
import org.mathesar.operator.desired.JobFactory;
import org.mathesar.operator.desired.MetadataKeys;
import org.mathesar.operator.desired.ObjectNames;
import org.mathesar.operator.desired.ResolvedInstance;
import org.mathesar.operator.desired.RestorePoint;
import org.mathesar.operator.rollout.BackupState;
import org.mathesar.operator.rollout.InstanceUsers;
import org.mathesar.operator.rollout.JobState;
import org.mathesar.operator.rollout.RolloutInput;
import org.mathesar.operator.rollout.RolloutInput.Names;
import org.mathesar.operator.rollout.RolloutInput.ObservedJob;
import org.mathesar.operator.rollout.RolloutPlanner;

/**
 * Gathers the rollout planner's input: the resource, the status read, the Jobs in JOSDK's caches
 * and, only when the plan depends on them, the pre-upgrade Backup (a request to the API server) and
 * the running instance's users (a call to its RPC API).
 */
final class RolloutObserver {
  private final OperatorConfig config;
  private final MigrationJobDependentResource migrationJob;
  private final AdminJobDependentResource adminJob;
  private final RestoreJobDependentResource restoreJob;
  private final InstanceUsersLookup users;

  RolloutObserver(
      OperatorConfig config,
      MigrationJobDependentResource migrationJob,
      AdminJobDependentResource adminJob,
      RestoreJobDependentResource restoreJob,
      InstanceUsersLookup users) {
    this.config = config;
    this.migrationJob = migrationJob;
    this.adminJob = adminJob;
    this.restoreJob = restoreJob;
    this.users = users;
  }

  /**
   * The planner's input, and the objects behind it that the executor acts on.
   *
   * @param jobs the Jobs the input names, by name
   */
  record Observation(
      RolloutInput input,
      Map<String, Job> jobs,
      Optional<GenericKubernetesResource> databaseCluster,
      Optional<Deployment> deployment) {}

  /**
   * @param status the status read, as far as the spec's database is concerned
   * @param databaseCluster the CloudNativePG Cluster, in that mode
   */
  Observation observe(
      Mathesar m,
      Context<Mathesar> context,
      ResolvedInstance instance,
      MathesarStatus status,
      boolean databaseBlocksJobs,
      Optional<GenericKubernetesResource> databaseCluster,
      Optional<Deployment> deployment) {
    var version = instance.version();
    var names =
        new Names(
            ObjectNames.migrationJob(m, version),
            ObjectNames.adminJob(m),
            PreUpgradeBackup.name(instance),
            instance.adminSecretName(),
            ObjectNames.restoreJob(m));
    var annotations = m.getMetadata().getAnnotations();
    var target =
        new RolloutInput.Target(
            version,
            instance.image(),
            config.imageRepository(),
            m.getMetadata().getGeneration(),
            annotations == null ? null : annotations.get(MetadataKeys.RETRY_MIGRATION_ANNOTATION),
            databaseBlocksJobs,
            // A Cluster not made yet has no upgrade to back up; external mode without a target
            // is told so (BackupSkipped).
            instance.backupBeforeUpgrade()
                && (instance.backupTarget().isPresent()
                    || databaseCluster.isPresent()
                    || instance.database() instanceof DatabaseMode.External),
            names,
            instance.pendingRestore().map(RestorePoint::source).orElse(null),
            instance.releaseChecks(),
            instance.djangoAdminChosen());
    var recorded =
        new RolloutInput.Recorded(
            status.getMigratedVersion(),
            status.getMigratedImage(),
            Boolean.TRUE.equals(status.getAdminCreated()),
            status.getFailedMigration(),
            status.getRestoredFrom() != null);

    var jobs = new LinkedHashMap<String, Job>();
    var migration = migrationJob.getSecondaryResource(m, context);
    migration.ifPresent(j -> jobs.put(names.migrationJob(), j));
    // Both Job event sources answer for Job.class; the label tells migrations from the admin Job.
    var others =
        context
            .getSecondaryResourcesAsStream(Job.class)
            .filter(
                j ->
                    JobFactory.MIGRATE_COMPONENT.equals(
                        j.getMetadata().getLabels().get(MetadataKeys.COMPONENT_LABEL)))
            .filter(j -> !names.migrationJob().equals(j.getMetadata().getName()))
            .toList();
    others.forEach(j -> jobs.put(j.getMetadata().getName(), j));
    var admin = adminJob.getSecondaryResource(m, context);
    admin.ifPresent(j -> jobs.put(names.adminJob(), j));
    var restore = restoreJob.getSecondaryResource(m, context);
    restore.ifPresent(j -> jobs.put(names.restoreJob(), j));
    var restoreState = restore.map(JobState::of);
    var restoreMessage =
        restoreState.filter(s -> s == JobState.FAILED).isPresent()
            ? JobTermination.message(context.getClient(), restore.get())
            : Optional.<String>empty();

    var observed =
        new RolloutInput.Observed(
            migration.map(JobState::of),
            migration.map(JobFactory::createsAdmin).orElse(false),
            others.stream()
                .map(j -> new ObservedJob(j.getMetadata().getName(), JobState.of(j)))
                .toList(),
            admin.map(JobState::of),
            BackupState.NOT_LOOKED_AT,
            deployment.map(
                d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()),
            restoreState,
            restoreMessage,
            InstanceUsers.NOT_LOOKED_AT);
    var input = new RolloutInput(target, recorded, observed);
    if (RolloutPlanner.needsInstanceUsers(input)) {
      input = input.withUsers(users.lookUp(m, context.getClient(), deployment));
    }
    if (RolloutPlanner.needsBackup(input)) {
      input =
          input.withBackup(
              PreUpgradeBackup.observe(
                  context.getClient(), instance, names.backup(), databaseCluster));
    }
    return new Observation(input, jobs, databaseCluster, deployment);
  }
}
