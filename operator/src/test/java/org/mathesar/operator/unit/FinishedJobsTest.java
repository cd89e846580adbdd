package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.MathesarStatus;
import org.mathesar.operator.reconciler.FinishedJobs;
import org.mathesar.operator.rollout.RolloutProgress;
import org.mathesar.operator.rollout.RolloutProgress.Stage;

class FinishedJobsTest {

  private static MathesarStatus read(String migratedVersion, Boolean adminCreated) {
    var status = new MathesarStatus();
    status.setMigratedVersion(migratedVersion);
    status.setAdminCreated(adminCreated);
    return status;
  }

  private static RolloutProgress progress(String migratedVersion, boolean adminCreated) {
    return new RolloutProgress(Stage.DEPLOYED, migratedVersion, adminCreated, null, null);
  }

  @Test
  void aMigrationRecordedNowIsLookedAtAgain() {
    assertThat(FinishedJobs.awaitCleanup(read(null, null), progress("0.11.0", false))).isTrue();
    assertThat(FinishedJobs.awaitCleanup(read("0.10.0", true), progress("0.11.0", true))).as("an upgrade").isTrue();
  }

  @Test
  void anAdminRecordedNowIsLookedAtAgain() {
    assertThat(FinishedJobs.awaitCleanup(read("0.11.0", false), progress("0.11.0", true))).isTrue();
    assertThat(FinishedJobs.awaitCleanup(read("0.11.0", null), progress("0.11.0", true))).isTrue();
  }

  @Test
  void whatStatusAlreadyHoldsNeedsNoSecondLook() {
    // The reconciliation that read it deletes the Job itself; looking again would poll forever.
    assertThat(FinishedJobs.awaitCleanup(read("0.11.0", true), progress("0.11.0", true))).isFalse();
    assertThat(FinishedJobs.awaitCleanup(read(null, null), progress(null, false))).as("still migrating").isFalse();
    assertThat(FinishedJobs.awaitCleanup(read("0.10.0", true), progress("0.10.0", true)))
        .as("an upgrade whose migration runs").isFalse();
  }
}
