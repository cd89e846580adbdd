package org.mathesar.operator.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mathesar.operator.customresource.FailedMigration;
import org.mathesar.operator.rollout.RolloutAction.ApplyDeployment;
import org.mathesar.operator.rollout.RolloutAction.CreateAdminJob;
import org.mathesar.operator.rollout.RolloutAction.CreateBackup;
import org.mathesar.operator.rollout.RolloutAction.CreateMigrationJob;
import org.mathesar.operator.rollout.RolloutAction.CreateRestoreJob;
import org.mathesar.operator.rollout.RolloutAction.DeleteJob;
import org.mathesar.operator.rollout.RolloutAction.DeleteJob.Why;
import org.mathesar.operator.rollout.RolloutAction.RecordEvent;
import org.mathesar.operator.rollout.RolloutAction.RecordMigrationMetric;
import org.mathesar.operator.rollout.RolloutProgress.Stage;

/**
 * The rollout as a state machine: from what the status recorded and what exists now to the next
 * writes and the stage. Three steps, each only once the one before allows it: the target version's
 * migration, the first admin, the Deployment at the migrated version. Pure: no I/O.
 */
public final class RolloutPlanner {
  private RolloutPlanner() {}

  public static RolloutPlan plan(RolloutInput in) {
    var actions = new ArrayList<RolloutAction>();
    var afterStatus = new ArrayList<RolloutAction>();
    if (in.target().databaseBlocksJobs()) {
      return finish(in, actions, afterStatus, waiting(in.recorded()));
    }
    if (in.target().restoreFrom() != null && !in.recorded().restored()) {
      var restoring = restore(in, actions, afterStatus);
      if (restoring.isPresent()) {
        return new RolloutPlan(actions, afterStatus, restoring.get());
      }
      in = in.restored();
    } else if (in.observed().restoreJob().filter(s -> s == JobState.SUCCEEDED).isPresent()) {
      actions.add(new DeleteJob(in.target().names().restoreJob(), Why.RESULT_RECORDED));
    }
    return finish(in, actions, afterStatus, migrate(in, actions, afterStatus));
  }

  /** The admin and Deployment steps, after the migration step (or the wait for the database). */
  private static RolloutPlan finish(
      RolloutInput in,
      List<RolloutAction> actions,
      List<RolloutAction> afterStatus,
      RolloutProgress migrated) {
    var progress = migrated;
    // The admin Job runs the target image, so only against a database migrated to it.
    if (progress.adminCreated() || progress.stage() == Stage.DEPLOYED) {
      progress = createAdmin(in, progress, actions, afterStatus);
    }
    if (progress.adminCreated() && progress.migratedVersion() != null) {
      actions.add(deploy(in, progress.migratedVersion()));
    }
    return new RolloutPlan(actions, afterStatus, progress.withRestored(in.recorded().restored()));
  }

  /**
   * A new instance's restore, before its first migration: the database and media files from the
   * backup, whose admin then exists. A failed (or refusing) Job is kept for its message and logs,
   * and made again only once deleted: what it refused, a new run refuses too.
   *
   * @return the stage while the restore is not done; empty once the Job succeeded
   */
  private static Optional<RolloutProgress> restore(
      RolloutInput in, List<RolloutAction> actions, List<RolloutAction> afterStatus) {
    var t = in.target();
    var job = t.names().restoreJob();
    var state = in.observed().restoreJob();
    if (state.isEmpty()) {
      actions.add(new CreateRestoreJob());
      return Optional.of(new RolloutProgress(Stage.RESTORING, null, false, null, job));
    }
    return switch (state.get()) {
      case RUNNING -> Optional.of(new RolloutProgress(Stage.RESTORING, null, false, null, job));
      case FAILED ->
          Optional.of(
              new RolloutProgress(
                  Stage.RESTORE_FAILED,
                  null,
                  false,
                  null,
                  job,
                  false,
                  in.observed().restoreJobMessage().orElse(null)));
      case SUCCEEDED -> {
        actions.add(
            new RecordEvent(
                "Normal",
                "Restored",
                "Job "
                    + job
                    + " restored the database and media files from "
                    + t.restoreFrom()
                    + "; the migrations of "
                    + t.version()
                    + " run next"));
        afterStatus.add(new DeleteJob(job, Why.RESULT_RECORDED));
        yield Optional.empty();
      }
    };
  }

  /**
   * Whether the plan depends on the pre-upgrade backup: an upgrade whose migration Job is about to
   * be made.
   */
  public static boolean needsBackup(RolloutInput in) {
    return upgradeJobDue(in) && in.target().backupBeforeUpgrade();
  }

  /**
   * Whether the plan depends on what the running instance says of its users: release checks due,
   * across a release whose check needs them.
   */
  public static boolean needsInstanceUsers(RolloutInput in) {
    return releaseChecksDue(in)
        && ReleaseChecks.needUsers(in.recorded().migratedVersion(), in.target().version());
  }

  /** An upgrade whose migration Job is about to be made, with spec.upgrade.preflight not false. */
  private static boolean releaseChecksDue(RolloutInput in) {
    return upgradeJobDue(in) && in.target().releaseChecks();
  }

  /** An upgrade (a version is migrated, not the target) whose migration Job is to be made next. */
  private static boolean upgradeJobDue(RolloutInput in) {
    var t = in.target();
    var r = in.recorded();
    var o = in.observed();
    return !t.databaseBlocksJobs()
        && r.migratedVersion() != null
        && !t.version().equals(r.migratedVersion())
        && otherRunning(o).isEmpty()
        && o.migrationJob().isEmpty();
  }

  private static RolloutProgress waiting(RolloutInput.Recorded r) {
    return new RolloutProgress(
        Stage.WAITING, r.migratedVersion(), r.adminCreated(), r.failedMigration(), null);
  }

  /**
   * Runs the target version's migration Job unless that version is migrated. A failed Job is kept
   * for its logs and not retried until the spec changes or the retry annotation gets a new value.
   */
  private static RolloutProgress migrate(
      RolloutInput in, List<RolloutAction> actions, List<RolloutAction> afterStatus) {
    var t = in.target();
    var o = in.observed();
    var migrated = in.recorded().migratedVersion();
    var adminCreated = in.recorded().adminCreated();
    var job = t.names().migrationJob();
    if (t.version().equals(migrated)) {
      if (o.migrationJob().filter(s -> s == JobState.SUCCEEDED).isPresent()) {
        actions.add(new DeleteJob(job, Why.RESULT_RECORDED));
      }
      return new RolloutProgress(Stage.DEPLOYED, migrated, adminCreated, null, null);
    }
    // A migration of another version still running (the version changed meanwhile) finishes first:
    // stopping it half-way is not something to do to a database.
    var otherRunning = otherRunning(o);
    if (!otherRunning.isEmpty()) {
      return new RolloutProgress(
          Stage.MIGRATING, migrated, adminCreated, null, otherRunning.get(0).name());
    }
    if (o.migrationJob().isPresent()) {
      switch (o.migrationJob().get()) {
        case SUCCEEDED:
          actions.add(new RecordMigrationMetric(job, true));
          actions.add(
              new RecordEvent(
                  "Normal", "Migrated", "Job " + job + " migrated the database to " + t.version()));
          afterStatus.add(new DeleteJob(job, Why.RESULT_RECORDED));
          if (o.migrationJobCreatesAdmin() && !adminCreated) {
            actions.add(adminCreatedEvent(t));
            return new RolloutProgress(Stage.DEPLOYED, t.version(), true, null, job);
          }
          return new RolloutProgress(Stage.DEPLOYED, t.version(), adminCreated, null, job);
        case RUNNING:
          return new RolloutProgress(Stage.MIGRATING, migrated, adminCreated, null, job);
        case FAILED:
        default:
          var failed = in.recorded().failedMigration();
          if (failed == null) {
            actions.add(new RecordMigrationMetric(job, false));
            var record = new FailedMigration(t.version(), job, t.generation(), t.retryToken());
            return new RolloutProgress(Stage.MIGRATION_FAILED, migrated, adminCreated, record, job);
          }
          if (sameAttempt(failed, job, t)) {
            return new RolloutProgress(Stage.MIGRATION_FAILED, migrated, adminCreated, failed, job);
          }
          actions.add(new DeleteJob(job, Why.RETRY));
          return new RolloutProgress(Stage.MIGRATING, migrated, adminCreated, null, job);
      }
    }
    // Before the backup: a refused upgrade changes nothing, and a backup taken for it would be of
    // use to no one.
    if (releaseChecksDue(in)) {
      var verdict = ReleaseChecks.verdict(migrated, t.version(), t.djangoAdminChosen(), o.users());
      if (verdict.kind() != ReleaseChecks.Verdict.Kind.PASS) {
        var stage =
            verdict.kind() == ReleaseChecks.Verdict.Kind.WAIT
                ? Stage.CHECKING_RELEASE
                : Stage.RELEASE_CHECK_FAILED;
        return new RolloutProgress(
            stage,
            migrated,
            adminCreated,
            null,
            null,
            false,
            verdict.reason() + ": " + verdict.message());
      }
    }
    if (needsBackup(in)) {
      switch (o.backup()) {
        case NOT_LOOKED_AT:
          throw new IllegalArgumentException(
              "the plan depends on the pre-upgrade Backup, which was not looked at");
        case ABSENT:
          actions.add(new CreateBackup(t.names().backup()));
          return new RolloutProgress(
              Stage.BACKING_UP, migrated, adminCreated, null, t.names().backup());
        case RUNNING:
          return new RolloutProgress(
              Stage.BACKING_UP, migrated, adminCreated, null, t.names().backup());
        case FAILED:
          return new RolloutProgress(
              Stage.BACKUP_FAILED, migrated, adminCreated, null, t.names().backup());
        case NOT_CONFIGURED:
          actions.add(
              new RecordEvent(
                  "Normal",
                  "BackupSkipped",
                  "no backup before upgrading to "
                      + t.version()
                      + ": spec.backup.target is not set, and there is no CloudNativePG Cluster with"
                      + " a backup method (set spec.backup.target, or"
                      + " spec.database.cloudNativePG.backup, or spec.upgrade.backup: false to"
                      + " silence this)"));
          break;
        case COMPLETED:
        default:
          break;
      }
    }
    o.otherMigrationJobs()
        .forEach(other -> actions.add(new DeleteJob(other.name(), Why.SUPERSEDED)));
    // Without an admin yet, the same Job creates it once migrated: the admin needs the migrated
    // schema, and a Job that fails at either step is retried as a whole (both steps can run again).
    actions.add(new CreateMigrationJob(!adminCreated));
    return new RolloutProgress(Stage.MIGRATING, migrated, adminCreated, null, job);
  }

  /**
   * The attempt the status recorded, not retried until the generation or the retry annotation
   * moves.
   */
  private static boolean sameAttempt(FailedMigration failed, String job, RolloutInput.Target t) {
    return job.equals(failed.getJob())
        && Objects.equals(t.generation(), failed.getGeneration())
        && Objects.equals(t.retryToken(), failed.getRetryToken());
  }

  private static List<RolloutInput.ObservedJob> otherRunning(RolloutInput.Observed o) {
    return o.otherMigrationJobs().stream()
        .filter(j -> j.state() == JobState.RUNNING)
        .limit(1)
        .toList();
  }

  /**
   * Creates the first admin once; until then no web pod exists, so nobody else can claim it. A
   * running or failed migration of an upgrade (admin already created) keeps its stage: it is the
   * more important news.
   */
  private static RolloutProgress createAdmin(
      RolloutInput in,
      RolloutProgress progress,
      List<RolloutAction> actions,
      List<RolloutAction> afterStatus) {
    var job = in.target().names().adminJob();
    var state = in.observed().adminJob();
    if (progress.adminCreated()) {
      if (state.filter(s -> s == JobState.SUCCEEDED).isPresent()) {
        actions.add(new DeleteJob(job, Why.RESULT_RECORDED));
      }
      return progress;
    }
    if (state.isEmpty()) {
      actions.add(new CreateAdminJob());
      return adminStep(progress, Stage.CREATING_ADMIN, job, false);
    }
    return switch (state.get()) {
      case SUCCEEDED -> {
        actions.add(adminCreatedEvent(in.target()));
        afterStatus.add(new DeleteJob(job, Why.RESULT_RECORDED));
        yield adminStep(progress, Stage.DEPLOYED, job, true);
      }
      case RUNNING -> adminStep(progress, Stage.CREATING_ADMIN, job, false);
      case FAILED -> adminStep(progress, Stage.ADMIN_FAILED, job, false);
    };
  }

  private static RecordEvent adminCreatedEvent(RolloutInput.Target t) {
    return new RecordEvent(
        "Normal",
        "AdminCreated",
        "the first admin exists; its credentials are in Secret " + t.names().adminSecret());
  }

  private static RolloutProgress adminStep(
      RolloutProgress p, Stage stage, String job, boolean adminCreated) {
    return new RolloutProgress(stage, p.migratedVersion(), adminCreated, p.failedMigration(), job);
  }

  /**
   * The Deployment runs the migrated version; during an upgrade that is still the old one, with the
   * image it has, or, if it was deleted, the image recorded with that version (the repository's
   * only for a status from before images were recorded).
   */
  private static ApplyDeployment deploy(RolloutInput in, String version) {
    var t = in.target();
    var recorded =
        version.equals(in.recorded().migratedVersion()) ? in.recorded().migratedImage() : null;
    var image =
        version.equals(t.version())
            ? t.image()
            : in.observed()
                .deployedImage()
                .orElse(recorded != null ? recorded : t.imageRepository() + ":" + version);
    return new ApplyDeployment(version, image);
  }
}
