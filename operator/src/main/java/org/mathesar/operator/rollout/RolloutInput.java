package org.mathesar.operator.rollout;

import java.util.List;
import java.util.Optional;
import org.mathesar.operator.customresource.FailedMigration;

/** Everything the rollout's next step depends on, as plain data. */
public record RolloutInput(Target target, Recorded recorded, Observed observed) {

  /**
   * What the resource decides.
   *
   * @param image the target version's image
   * @param imageRepository where the image of another version is, when no Deployment says which it
   *     is
   * @param generation the resource's metadata.generation
   * @param retryToken the value of the annotation mathesar.org/retry-migration, if any
   * @param databaseBlocksJobs the database cannot take a Job now (see
   *     ExternalDatabaseCondition.blocksJobs)
   * @param backupBeforeUpgrade CloudNativePG mode, its Cluster exists and spec.upgrade.backup is
   *     not false
   * @param restoreFrom what spec.restoreFrom names, while that restore is to run; else null
   * @param releaseChecks spec.upgrade.preflight is not false: the {@link ReleaseChecks} run
   * @param djangoAdminChosen the spec says whether /admin/ is served (see
   *     ResolvedInstance.djangoAdminChosen)
   */
  public record Target(
      String version,
      String image,
      String imageRepository,
      Long generation,
      String retryToken,
      boolean databaseBlocksJobs,
      boolean backupBeforeUpgrade,
      Names names,
      String restoreFrom,
      boolean releaseChecks,
      boolean djangoAdminChosen) {}

  /**
   * The objects' names, as ObjectNames makes them.
   *
   * @param migrationJob the target version's migration Job
   * @param backup the target version's pre-upgrade Backup
   * @param adminSecret the Secret the first admin's credentials are in
   */
  public record Names(
      String migrationJob, String adminJob, String backup, String adminSecret, String restoreJob) {}

  /**
   * What the status read says has happened, for the database the spec names now.
   *
   * @param migratedImage the image that migrated migratedVersion, if recorded
   * @param restored status.restoredFrom is set: the restore ran
   */
  public record Recorded(
      String migratedVersion,
      String migratedImage,
      boolean adminCreated,
      FailedMigration failedMigration,
      boolean restored) {}

  /**
   * What exists in the cluster.
   *
   * @param migrationJob the target version's migration Job
   * @param migrationJobCreatesAdmin that Job also creates the first admin
   * @param otherMigrationJobs the migration Jobs of other versions
   * @param deployedImage the image the web Deployment runs, if it exists
   * @param restoreJob the restore Job, if it exists
   * @param restoreJobMessage what the restore Job's container said when it ended, if it failed
   * @param users what the running instance said of its users, when a release check needs them
   */
  public record Observed(
      Optional<JobState> migrationJob,
      boolean migrationJobCreatesAdmin,
      List<ObservedJob> otherMigrationJobs,
      Optional<JobState> adminJob,
      BackupState backup,
      Optional<String> deployedImage,
      Optional<JobState> restoreJob,
      Optional<String> restoreJobMessage,
      InstanceUsers users) {
    public Observed {
      otherMigrationJobs = List.copyOf(otherMigrationJobs);
    }
  }

  public record ObservedJob(String name, JobState state) {}

  public RolloutInput withBackup(BackupState backup) {
    return with(backup, observed.users());
  }

  public RolloutInput withUsers(InstanceUsers users) {
    return with(observed.backup(), users);
  }

  private RolloutInput with(BackupState backup, InstanceUsers users) {
    var o = observed;
    return new RolloutInput(
        target,
        recorded,
        new Observed(
            o.migrationJob(),
            o.migrationJobCreatesAdmin(),
            o.otherMigrationJobs(),
            o.adminJob(),
            backup,
            o.deployedImage(),
            o.restoreJob(),
            o.restoreJobMessage(),
            users));
  }

  /** After the restore Job succeeded: restored, with the backup's admin. */
  public RolloutInput restored() {
    var r = recorded;
    return new RolloutInput(
        target,
        new Recorded(r.migratedVersion(), r.migratedImage(), true, r.failedMigration(), true),
        observed);
  }
}
