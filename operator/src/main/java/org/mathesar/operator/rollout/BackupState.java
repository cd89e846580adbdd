package org.mathesar.operator.rollout;

/**
 * The CloudNativePG Backup taken before an upgrade's migrations, as one reconciliation found it.
 */
public enum BackupState {
  /**
   * Nobody asked the API server: Backups are polled, not watched, so each look is a request, made
   * only when {@link RolloutPlanner#needsBackup} says the plan depends on it.
   */
  NOT_LOOKED_AT,
  /** The Cluster has no backup method, so no Backup can be taken. */
  NOT_CONFIGURED,
  ABSENT,
  RUNNING,
  COMPLETED,
  FAILED
}
