package org.mathesar.operator.rollout;

import org.mathesar.operator.customresource.FailedMigration;

/**
 * Where an instance stands between its target version and what runs: the outcome of the migration
 * and admin steps of one reconciliation.
 *
 * @param job the Job the stage is about, if any
 * @param restored the instance was restored from spec.restoreFrom (now or before)
 * @param jobMessage what a failed restore Job said (its termination message), or a release check
 *     that stops an upgrade ("Reason: message"), if anything
 */
public record RolloutProgress(
    Stage stage,
    String migratedVersion,
    boolean adminCreated,
    FailedMigration failedMigration,
    String job,
    boolean restored,
    String jobMessage) {

  public RolloutProgress(
      Stage stage,
      String migratedVersion,
      boolean adminCreated,
      FailedMigration failedMigration,
      String job) {
    this(stage, migratedVersion, adminCreated, failedMigration, job, false, null);
  }

  public RolloutProgress withRestored(boolean restored) {
    return new RolloutProgress(
        stage, migratedVersion, adminCreated, failedMigration, job, restored, jobMessage);
  }

  public enum Stage {
    /** Waiting for something outside the operator (the database) before anything can run. */
    WAITING,
    /** A new instance's restore Job (spec.restoreFrom) runs, before any migration. */
    RESTORING,
    /** It failed or refused; nothing runs until it is dealt with. */
    RESTORE_FAILED,
    /** The release checks of an upgrade wait for the running instance's answer. */
    CHECKING_RELEASE,
    /** A release check refused the upgrade: nothing runs, the old version keeps serving. */
    RELEASE_CHECK_FAILED,
    /** The pre-upgrade backup runs. */
    BACKING_UP,
    BACKUP_FAILED,
    MIGRATING,
    MIGRATION_FAILED,
    CREATING_ADMIN,
    ADMIN_FAILED,
    /** The Deployment runs the migrated version. */
    DEPLOYED
  }
}
