package org.mathesar.operator.rollout;

/** A write the rollout asks for. A plan lists them in the order they must be made. */
public sealed interface RolloutAction {

  /**
   * The target version's migration Job.
   *
   * @param createsAdmin the Job also creates the first admin once migrated: on a first install, one
   *     Job (one pod start, three writes fewer) instead of two in a row
   */
  record CreateMigrationJob(boolean createsAdmin) implements RolloutAction {}

  /** The Job that creates the first admin, where a migration Job did not. */
  record CreateAdminJob() implements RolloutAction {}

  /** The Job that restores a new instance from spec.restoreFrom. */
  record CreateRestoreJob() implements RolloutAction {}

  /** The pre-upgrade Backup of the CloudNativePG Cluster. */
  record CreateBackup(String name) implements RolloutAction {}

  record DeleteJob(String name, Why why) implements RolloutAction {
    public enum Why {
      /**
       * Its result is in the status: the one read, or, for {@link RolloutPlan#afterStatus()}, the
       * one this reconciliation has just written. Deleting it any earlier could, after a lost
       * status write, run it a second time.
       */
      RESULT_RECORDED,
      /** A migration Job of another version: only the newest attempt is kept, for its logs. */
      SUPERSEDED,
      /** The failed migration runs again; the Job is made anew on the next reconciliation. */
      RETRY
    }
  }

  record RecordEvent(String type, String reason, String message) implements RolloutAction {}

  /** A migration Job ended: counted once, when its result is first recorded. */
  record RecordMigrationMetric(String job, boolean succeeded) implements RolloutAction {}

  /** The web Deployment at this version and image. */
  record ApplyDeployment(String version, String image) implements RolloutAction {}
}
