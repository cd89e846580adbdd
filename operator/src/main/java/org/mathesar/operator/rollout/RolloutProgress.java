package org.mathesar.operator.rollout;

import org.mathesar.operator.customresource.FailedMigration;

/**
 * Where an instance stands between its target version and what runs: the outcome of the migration
 * and admin steps of one reconciliation.
 *
 * @param job the Job the stage is about, if any
 */
public record RolloutProgress(
    Stage stage,
    String migratedVersion,
    boolean adminCreated,
    FailedMigration failedMigration,
    String job) {

  public enum Stage {
    /** Waiting for something outside the operator (the database) before anything can run. */
    WAITING,
    /** CloudNativePG mode: the pre-upgrade Backup runs. */
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
