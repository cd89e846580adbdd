package org.mathesar.operator.reconciler;

import java.time.Duration;
import java.util.Objects;
import org.mathesar.operator.customresource.MathesarStatus;
import org.mathesar.operator.rollout.RolloutProgress;

/**
 * When the succeeded migration and admin Jobs may go. A Job is deleted only by a reconciliation that
 * reads its result back from status, so that a lost status write can never lead to running it again.
 * That status write brings no event of its own (status changes do not start a reconciliation), and
 * nothing else need happen afterwards: without a look back the Job would stay until some unrelated
 * change, which under load was seen for 11 of 300 instances.
 */
public final class FinishedJobs {
  public static final Duration CLEANUP_DELAY = Duration.ofSeconds(2);

  private FinishedJobs() {}

  /** True when this reconciliation records a Job's result that the status it read did not have yet. */
  public static boolean awaitCleanup(MathesarStatus read, RolloutProgress progress) {
    var newlyMigrated = progress.migratedVersion() != null
        && !Objects.equals(progress.migratedVersion(), read.getMigratedVersion());
    var adminNewlyCreated = progress.adminCreated() && !Boolean.TRUE.equals(read.getAdminCreated());
    return newlyMigrated || adminNewlyCreated;
  }
}
