package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mathesar.operator.rollout.JobState.FAILED;
import static org.mathesar.operator.rollout.JobState.RUNNING;
import static org.mathesar.operator.rollout.JobState.SUCCEEDED;
import static org.mathesar.operator.rollout.RolloutAction.DeleteJob.Why.RESULT_RECORDED;
import static org.mathesar.operator.rollout.RolloutAction.DeleteJob.Why.RETRY;
import static org.mathesar.operator.rollout.RolloutAction.DeleteJob.Why.SUPERSEDED;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mathesar.operator.customresource.FailedMigration;
import org.mathesar.operator.rollout.BackupState;
import org.mathesar.operator.rollout.InstanceUsers;
import org.mathesar.operator.rollout.JobState;
import org.mathesar.operator.rollout.ReleaseChecks;
import org.mathesar.operator.rollout.RolloutAction;
import org.mathesar.operator.rollout.RolloutAction.ApplyDeployment;
import org.mathesar.operator.rollout.RolloutAction.CreateAdminJob;
import org.mathesar.operator.rollout.RolloutAction.CreateBackup;
import org.mathesar.operator.rollout.RolloutAction.CreateMigrationJob;
import org.mathesar.operator.rollout.RolloutAction.CreateRestoreJob;
import org.mathesar.operator.rollout.RolloutAction.DeleteJob;
import org.mathesar.operator.rollout.RolloutAction.RecordEvent;
import org.mathesar.operator.rollout.RolloutAction.RecordMigrationMetric;
import org.mathesar.operator.rollout.RolloutInput;
import org.mathesar.operator.rollout.RolloutInput.ObservedJob;
import org.mathesar.operator.rollout.RolloutPlan;
import org.mathesar.operator.rollout.RolloutPlanner;
import org.mathesar.operator.rollout.RolloutProgress;
import org.mathesar.operator.rollout.RolloutProgress.Stage;

/** The rollout's transitions: status read × what exists → the writes, in order, and the stage. */
class RolloutPlannerTest {
  private static final String TARGET = "0.12.0";
  private static final String OLD = "0.11.0";
  private static final String JOB = "demo-migrate-0-12-0";
  private static final String OLD_JOB = "demo-migrate-0-11-0";
  private static final String ADMIN_JOB = "demo-admin";
  private static final String BACKUP = "demo-db-pre-0-12-0";
  private static final String ADMIN_SECRET = "demo-admin-credentials";
  private static final String RESTORE_JOB = "demo-restore";
  private static final String SOURCE = "MathesarBackup nightly";
  private static final String REPOSITORY = "mathesar/mathesar";
  private static final String IMAGE = REPOSITORY + ":" + TARGET;

  /** Before 0.11.0, whose migrations keep usernames of up to 63 characters only. */
  private static final String PRE_LIMIT = "0.10.1";

  private static final String PRE_LIMIT_IMAGE = REPOSITORY + ":" + PRE_LIMIT;
  private static final InstanceUsers FITTING =
      new InstanceUsers.Listed(
          List.of(new InstanceUsers.User(1, "admin"), new InstanceUsers.User(2, "a".repeat(63))));
  private static final InstanceUsers ONE_TOO_LONG =
      new InstanceUsers.Listed(
          List.of(new InstanceUsers.User(1, "admin"), new InstanceUsers.User(7, "b".repeat(64))));
  private static final InstanceUsers NOT_ANSWERING =
      new InstanceUsers.Unavailable("no pod of the running version is ready");

  /** Not what the repository would give: the Deployment's own image is kept during an upgrade. */
  private static final String OLD_IMAGE = "mirror.example/mathesar:" + OLD;

  private static final RecordEvent MIGRATED =
      new RecordEvent(
          "Normal", "Migrated", "Job demo-migrate-0-12-0 migrated the database to 0.12.0");
  private static final RecordEvent ADMIN_CREATED =
      new RecordEvent(
          "Normal",
          "AdminCreated",
          "the first admin exists; its credentials are in Secret demo-admin-credentials");
  private static final RecordEvent BACKUP_SKIPPED =
      new RecordEvent(
          "Normal",
          "BackupSkipped",
          "no backup before upgrading to 0.12.0: spec.backup.target is not set, and there is no"
              + " CloudNativePG Cluster with a backup method (set spec.backup.target, or"
              + " spec.database.cloudNativePG.backup, or spec.upgrade.backup: false to silence"
              + " this)");

  /**
   * The failure the status records for the target's Job, failed at generation 1 without a retry
   * token.
   */
  private static final FailedMigration FAILURE = failure(JOB, 1L, null);

  private static FailedMigration failure(String job, Long generation, String retryToken) {
    return new FailedMigration(job.equals(JOB) ? TARGET : OLD, job, generation, retryToken);
  }

  /**
   * One row's input: the status read, the resource's metadata and what exists. Each step returns a
   * changed copy, so a row can start from a shared situation.
   */
  private static final class Given implements Cloneable {
    private String migrated;
    private boolean adminCreated;
    private FailedMigration failed;
    private Long generation = 1L;
    private String retryToken;
    private boolean databaseBlocksJobs;
    private boolean backups;
    private Optional<JobState> migration = Optional.empty();
    private List<ObservedJob> others = List.of();
    private Optional<JobState> admin = Optional.empty();
    private BackupState backup = BackupState.NOT_LOOKED_AT;
    private Optional<String> deployedImage = Optional.empty();
    private boolean migrationCreatesAdmin;
    private Restore restore = Restore.NONE;
    private InstanceUsers users = InstanceUsers.NOT_LOOKED_AT;

    /**
     * The spec chose whether /admin/ is served. So in most rows, which upgrade to 0.12.0 and are
     * not about the choice its release checks ask for.
     */
    private boolean djangoAdminChosen = true;

    private boolean releaseChecks = true;

    /** The restore: what spec.restoreFrom names (null: none), whether it ran, its Job. */
    record Restore(String from, boolean restored, Optional<JobState> job, String message) {
      static final Restore NONE = new Restore(null, false, Optional.empty(), null);
    }

    private Given copy(Consumer<Given> change) {
      try {
        var g = (Given) clone();
        change.accept(g);
        return g;
      } catch (CloneNotSupportedException e) {
        throw new AssertionError(e);
      }
    }

    /** A new instance restored from a backup: the restore to run, its Job in this state. */
    static Given restoring(JobState job, String message) {
      return firstInstall().with(new Restore(SOURCE, false, Optional.ofNullable(job), message));
    }

    Given with(Restore r) {
      return copy(g -> g.restore = r);
    }

    /** Nothing recorded, nothing exists: a new instance, or one re-adopted with an empty status. */
    static Given firstInstall() {
      return new Given();
    }

    /**
     * The old version is migrated and serves, the admin exists; the spec now asks for {@link
     * #TARGET}.
     */
    static Given upgrade() {
      return firstInstall().recorded(OLD, true).deployed(OLD_IMAGE);
    }

    /** An upgrade from before the release whose migrations limit usernames. */
    static Given upgradeAcrossTheUsernameLimit() {
      return firstInstall().recorded(PRE_LIMIT, true).deployed(PRE_LIMIT_IMAGE);
    }

    Given users(InstanceUsers u) {
      return copy(g -> g.users = u);
    }

    Given djangoAdminChosen(boolean chosen) {
      return copy(g -> g.djangoAdminChosen = chosen);
    }

    /** spec.upgrade.preflight: false. */
    Given withoutPreflight() {
      return copy(g -> g.releaseChecks = false);
    }

    /** The target is migrated, the admin exists, the Deployment runs the target. */
    static Given installed() {
      return firstInstall().recorded(TARGET, true).deployed(IMAGE);
    }

    Given recorded(String migratedVersion, boolean adminExists) {
      return copy(
          g -> {
            g.migrated = migratedVersion;
            g.adminCreated = adminExists;
          });
    }

    Given failed(FailedMigration record) {
      return copy(g -> g.failed = record);
    }

    Given generation(long value) {
      return copy(g -> g.generation = value);
    }

    Given retryToken(String token) {
      return copy(g -> g.retryToken = token);
    }

    Given whileDatabaseBlocksJobs() {
      return copy(g -> g.databaseBlocksJobs = true);
    }

    /** CloudNativePG mode with its Cluster, and spec.upgrade.backup not false. */
    Given backups(BackupState state) {
      return copy(
          g -> {
            g.backups = true;
            g.backup = state;
          });
    }

    Given migration(JobState state) {
      return copy(g -> g.migration = Optional.of(state));
    }

    Given other(String job, JobState state) {
      var more = new ArrayList<>(others);
      more.add(new ObservedJob(job, state));
      return copy(g -> g.others = List.copyOf(more));
    }

    Given admin(JobState state) {
      return copy(g -> g.admin = Optional.of(state));
    }

    /** The migration Job is one that also creates the first admin. */
    Given withAdminStep() {
      return copy(g -> g.migrationCreatesAdmin = true);
    }

    Given deployed(String image) {
      return copy(g -> g.deployedImage = Optional.ofNullable(image));
    }

    RolloutInput input() {
      return new RolloutInput(
          new RolloutInput.Target(
              TARGET,
              IMAGE,
              REPOSITORY,
              generation,
              retryToken,
              databaseBlocksJobs,
              backups,
              new RolloutInput.Names(JOB, ADMIN_JOB, BACKUP, ADMIN_SECRET, RESTORE_JOB),
              restore.from(),
              releaseChecks,
              djangoAdminChosen),
          new RolloutInput.Recorded(migrated, null, adminCreated, failed, restore.restored()),
          new RolloutInput.Observed(
              migration,
              migrationCreatesAdmin,
              others,
              admin,
              backup,
              deployedImage,
              restore.job(),
              Optional.ofNullable(restore.message()),
              users));
    }
  }

  private static RolloutPlan expect(
      Stage stage,
      String migrated,
      boolean adminCreated,
      FailedMigration failed,
      String job,
      RolloutAction... actions) {
    return new RolloutPlan(
        Arrays.asList(actions),
        List.of(),
        new RolloutProgress(stage, migrated, adminCreated, failed, job));
  }

  /** The stage of a release check, with the verdict's "Reason: message". */
  private static RolloutProgress releaseCheck(Stage stage, InstanceUsers users) {
    return releaseCheck(stage, PRE_LIMIT, true, users);
  }

  private static RolloutProgress releaseCheck(
      Stage stage, String from, boolean djangoAdminChosen, InstanceUsers users) {
    var verdict = ReleaseChecks.verdict(from, TARGET, djangoAdminChosen, users);
    return new RolloutProgress(
        stage, from, true, null, null, false, verdict.reason() + ": " + verdict.message());
  }

  private static RolloutPlan plan(
      List<RolloutAction> actions, List<RolloutAction> afterStatus, RolloutProgress progress) {
    return new RolloutPlan(actions, afterStatus, progress);
  }

  /** The plan, with the deletion of a Job whose result its status records for the first time. */
  private static RolloutPlan thenDeleting(String job, RolloutPlan plan) {
    return new RolloutPlan(
        plan.actions(), List.of(new DeleteJob(job, RESULT_RECORDED)), plan.progress());
  }

  private static Arguments row(String transition, Given given, RolloutPlan expected) {
    return Arguments.of(transition, given, expected);
  }

  static Stream<Arguments> transitions() {
    var deployOld = new ApplyDeployment(OLD, OLD_IMAGE);
    var deployTarget = new ApplyDeployment(TARGET, IMAGE);
    return Stream.of(
        // The database cannot take a Job: nothing runs, what the status recorded stays and serves.
        row(
            "database blocks Jobs, first install: nothing is written",
            Given.firstInstall().whileDatabaseBlocksJobs(),
            expect(Stage.WAITING, null, false, null, null)),
        row(
            "database blocks Jobs during an upgrade: the Deployment stays at the old version",
            Given.upgrade().whileDatabaseBlocksJobs(),
            expect(Stage.WAITING, OLD, true, null, null, deployOld)),
        row(
            "database blocks Jobs after a failed migration: the failure stays recorded",
            Given.upgrade().failed(FAILURE).migration(FAILED).whileDatabaseBlocksJobs(),
            expect(Stage.WAITING, OLD, true, FAILURE, null, deployOld)),
        row(
            "database blocks Jobs, installed: the recorded admin's Job goes, the Deployment is applied",
            Given.installed().admin(SUCCEEDED).whileDatabaseBlocksJobs(),
            expect(
                Stage.WAITING,
                TARGET,
                true,
                null,
                null,
                new DeleteJob(ADMIN_JOB, RESULT_RECORDED),
                deployTarget)),

        // A new instance restored from a backup (spec.restoreFrom): the restore before anything.
        row(
            "restore to run: its Job is made, and nothing else",
            Given.restoring(null, null),
            plan(
                List.of(new CreateRestoreJob()),
                List.of(),
                new RolloutProgress(Stage.RESTORING, null, false, null, RESTORE_JOB))),
        row(
            "restore Job running: nothing else runs",
            Given.restoring(RUNNING, null),
            expect(Stage.RESTORING, null, false, null, RESTORE_JOB)),
        row(
            "restore Job refused: its message is the stage's, it is kept, nothing is made",
            Given.restoring(FAILED, "DatabaseNotEmpty: database holds 3 tables"),
            plan(
                List.of(),
                List.of(),
                new RolloutProgress(
                    Stage.RESTORE_FAILED,
                    null,
                    false,
                    null,
                    RESTORE_JOB,
                    false,
                    "DatabaseNotEmpty: database holds 3 tables"))),
        row(
            "restore Job succeeded: the backup's admin exists, the migration Job makes no admin",
            Given.restoring(SUCCEEDED, null),
            plan(
                List.of(
                    new RecordEvent(
                        "Normal",
                        "Restored",
                        "Job demo-restore restored the database and media files from"
                            + " MathesarBackup nightly; the migrations of 0.12.0 run next"),
                    new CreateMigrationJob(false)),
                List.of(new DeleteJob(RESTORE_JOB, RESULT_RECORDED)),
                new RolloutProgress(Stage.MIGRATING, null, true, null, JOB, true, null))),
        row(
            "restore recorded, its Job still there: it goes; restored stays recorded",
            Given.firstInstall()
                .recorded(null, true)
                .with(new Given.Restore(null, true, Optional.of(SUCCEEDED), null))
                .migration(RUNNING),
            plan(
                List.of(new DeleteJob(RESTORE_JOB, RESULT_RECORDED)),
                List.of(),
                new RolloutProgress(Stage.MIGRATING, null, true, null, JOB, true, null))),
        row(
            "restore to run while the database blocks Jobs: nothing is made",
            Given.restoring(null, null).whileDatabaseBlocksJobs(),
            expect(Stage.WAITING, null, false, null, null)),

        // First install.
        row(
            "no migration Job (new, or deleted by hand while migrating): it is made",
            Given.firstInstall(),
            expect(Stage.MIGRATING, null, false, null, JOB, new CreateMigrationJob(true))),
        row(
            "re-adopted with an empty status, CloudNativePG Cluster kept: migrated again, no backup",
            Given.firstInstall().backups(BackupState.NOT_LOOKED_AT),
            expect(Stage.MIGRATING, null, false, null, JOB, new CreateMigrationJob(true))),
        row(
            "migration Job runs: wait",
            Given.firstInstall().migration(RUNNING),
            expect(Stage.MIGRATING, null, false, null, JOB)),
        row(
            "migration Job with the admin step succeeded: Migrated, AdminCreated, the Deployment in the same pass",
            Given.firstInstall().migration(SUCCEEDED).withAdminStep(),
            thenDeleting(
                JOB,
                expect(
                    Stage.DEPLOYED,
                    TARGET,
                    true,
                    null,
                    JOB,
                    new RecordMigrationMetric(JOB, true),
                    MIGRATED,
                    ADMIN_CREATED,
                    deployTarget))),
        row(
            "upgrade migrated by a Job with the admin step, admin recorded already: no second AdminCreated",
            Given.upgrade().migration(SUCCEEDED).withAdminStep(),
            thenDeleting(
                JOB,
                expect(
                    Stage.DEPLOYED,
                    TARGET,
                    true,
                    null,
                    JOB,
                    new RecordMigrationMetric(JOB, true),
                    MIGRATED,
                    new ApplyDeployment(TARGET, IMAGE)))),
        row(
            "migration Job without the admin step (made by an earlier operator) succeeded: the admin Job follows",
            Given.firstInstall().migration(SUCCEEDED),
            thenDeleting(
                JOB,
                expect(
                    Stage.CREATING_ADMIN,
                    TARGET,
                    false,
                    null,
                    ADMIN_JOB,
                    new RecordMigrationMetric(JOB, true),
                    MIGRATED,
                    new CreateAdminJob()))),
        row(
            "migration Job failed: counted once, the attempt recorded",
            Given.firstInstall().migration(FAILED),
            expect(
                Stage.MIGRATION_FAILED,
                null,
                false,
                FAILURE,
                JOB,
                new RecordMigrationMetric(JOB, false))),
        row(
            "migration Job failed: the record holds the generation and retry token of the attempt",
            Given.firstInstall().migration(FAILED).generation(3).retryToken("a"),
            expect(
                Stage.MIGRATION_FAILED,
                null,
                false,
                failure(JOB, 3L, "a"),
                JOB,
                new RecordMigrationMetric(JOB, false))),

        // A failed migration waits for the user.
        row(
            "failed and recorded, same generation and token (resync, restart): not retried",
            Given.firstInstall().migration(FAILED).failed(FAILURE),
            expect(Stage.MIGRATION_FAILED, null, false, FAILURE, JOB)),
        row(
            "failed and recorded, generation changed: the failed Job is deleted",
            Given.firstInstall().migration(FAILED).failed(FAILURE).generation(2),
            expect(Stage.MIGRATING, null, false, null, JOB, new DeleteJob(JOB, RETRY))),
        row(
            "failed and recorded, retry annotation set: the failed Job is deleted",
            Given.firstInstall().migration(FAILED).failed(FAILURE).retryToken("1"),
            expect(Stage.MIGRATING, null, false, null, JOB, new DeleteJob(JOB, RETRY))),
        row(
            "failed and recorded with a token, token changed again: the failed Job is deleted",
            Given.firstInstall().migration(FAILED).failed(failure(JOB, 1L, "1")).retryToken("2"),
            expect(Stage.MIGRATING, null, false, null, JOB, new DeleteJob(JOB, RETRY))),
        row(
            "failed, the record names another Job: not this attempt, retried",
            Given.firstInstall().migration(FAILED).failed(failure(OLD_JOB, 1L, null)),
            expect(Stage.MIGRATING, null, false, null, JOB, new DeleteJob(JOB, RETRY))),
        row(
            "after the retry's deletion: the Job is made again",
            Given.firstInstall().failed(FAILURE).generation(2),
            expect(Stage.MIGRATING, null, false, null, JOB, new CreateMigrationJob(true))),

        // The version changed.
        row(
            "version changed during a migration: the other version's running Job finishes first",
            Given.firstInstall().other(OLD_JOB, RUNNING),
            expect(Stage.MIGRATING, null, false, null, OLD_JOB)),
        row(
            "another version's running Job goes before the target's own Job, whatever its state",
            Given.firstInstall().other(OLD_JOB, RUNNING).migration(FAILED),
            expect(Stage.MIGRATING, null, false, null, OLD_JOB)),
        row(
            "the other versions' finished Jobs are deleted, then the target's Job made",
            Given.firstInstall().other(OLD_JOB, SUCCEEDED).other("demo-migrate-0-10-0", FAILED),
            expect(
                Stage.MIGRATING,
                null,
                false,
                null,
                JOB,
                new DeleteJob(OLD_JOB, SUPERSEDED),
                new DeleteJob("demo-migrate-0-10-0", SUPERSEDED),
                new CreateMigrationJob(true))),
        row(
            "version changed after a failed migration: the failure is dropped, the new version migrated",
            Given.firstInstall()
                .failed(failure(OLD_JOB, 1L, null))
                .other(OLD_JOB, FAILED)
                .generation(2),
            expect(
                Stage.MIGRATING,
                null,
                false,
                null,
                JOB,
                new DeleteJob(OLD_JOB, SUPERSEDED),
                new CreateMigrationJob(true))),

        // The admin.
        row(
            "migrated, no admin Job: it is made",
            Given.firstInstall().recorded(TARGET, false),
            expect(Stage.CREATING_ADMIN, TARGET, false, null, ADMIN_JOB, new CreateAdminJob())),
        row(
            "admin Job runs: wait, no Deployment",
            Given.firstInstall().recorded(TARGET, false).admin(RUNNING),
            expect(Stage.CREATING_ADMIN, TARGET, false, null, ADMIN_JOB)),
        row(
            "admin Job failed: waits for the user, no Deployment",
            Given.firstInstall().recorded(TARGET, false).admin(FAILED),
            expect(Stage.ADMIN_FAILED, TARGET, false, null, ADMIN_JOB)),
        row(
            "admin Job succeeded: AdminCreated, the Deployment at the migrated version",
            Given.firstInstall().recorded(TARGET, false).admin(SUCCEEDED),
            thenDeleting(
                ADMIN_JOB,
                expect(
                    Stage.DEPLOYED, TARGET, true, null, ADMIN_JOB, ADMIN_CREATED, deployTarget))),
        row(
            "no admin yet and the version moves on: migrated first, the admin waits",
            Given.firstInstall().recorded(OLD, false).admin(FAILED),
            expect(Stage.MIGRATING, OLD, false, null, JOB, new CreateMigrationJob(true))),

        // Installed.
        row(
            "admin recorded: its succeeded Job is deleted",
            Given.installed().admin(SUCCEEDED),
            expect(
                Stage.DEPLOYED,
                TARGET,
                true,
                null,
                null,
                new DeleteJob(ADMIN_JOB, RESULT_RECORDED),
                deployTarget)),
        row(
            "admin recorded: a failed admin Job is left alone",
            Given.installed().admin(FAILED),
            expect(Stage.DEPLOYED, TARGET, true, null, null, deployTarget)),
        row(
            "target already migrated: its succeeded Job is deleted",
            Given.installed().migration(SUCCEEDED),
            expect(
                Stage.DEPLOYED,
                TARGET,
                true,
                null,
                null,
                new DeleteJob(JOB, RESULT_RECORDED),
                deployTarget)),
        row(
            "target already migrated: a failure recorded before is dropped",
            Given.installed().failed(FAILURE),
            expect(Stage.DEPLOYED, TARGET, true, null, null, deployTarget)),
        row(
            "converged: only the Deployment is applied (which writes nothing when unchanged)",
            Given.installed(),
            expect(Stage.DEPLOYED, TARGET, true, null, null, deployTarget)),

        // An upgrade: the old version serves until the new one is migrated.
        row(
            "upgrade starts (or its Job was deleted by hand): the Job is made, the Deployment keeps the old image",
            Given.upgrade(),
            expect(
                Stage.MIGRATING, OLD, true, null, JOB, new CreateMigrationJob(false), deployOld)),
        row(
            "upgrade runs: the Deployment keeps the old image",
            Given.upgrade().migration(RUNNING),
            expect(Stage.MIGRATING, OLD, true, null, JOB, deployOld)),
        row(
            "upgrade runs, Deployment deleted by hand: the old version's image from the repository",
            Given.upgrade().migration(RUNNING).deployed(null),
            expect(
                Stage.MIGRATING,
                OLD,
                true,
                null,
                JOB,
                new ApplyDeployment(OLD, REPOSITORY + ":" + OLD))),
        row(
            "upgrade runs, the install's admin Job still there: deleted, the migration stays the news",
            Given.upgrade().migration(RUNNING).admin(SUCCEEDED),
            expect(
                Stage.MIGRATING,
                OLD,
                true,
                null,
                JOB,
                new DeleteJob(ADMIN_JOB, RESULT_RECORDED),
                deployOld)),
        row(
            "upgrade migrated: the Deployment moves to the target image",
            Given.upgrade().migration(SUCCEEDED),
            thenDeleting(
                JOB,
                expect(
                    Stage.DEPLOYED,
                    TARGET,
                    true,
                    null,
                    JOB,
                    new RecordMigrationMetric(JOB, true),
                    MIGRATED,
                    deployTarget))),
        row(
            "upgrade failed: the old version keeps serving",
            Given.upgrade().migration(FAILED),
            expect(
                Stage.MIGRATION_FAILED,
                OLD,
                true,
                FAILURE,
                JOB,
                new RecordMigrationMetric(JOB, false),
                deployOld)),

        // An upgrade in CloudNativePG mode: the Backup first.
        row(
            "backup absent: it is requested",
            Given.upgrade().backups(BackupState.ABSENT),
            expect(Stage.BACKING_UP, OLD, true, null, BACKUP, new CreateBackup(BACKUP), deployOld)),
        row(
            "backup running: wait",
            Given.upgrade().backups(BackupState.RUNNING),
            expect(Stage.BACKING_UP, OLD, true, null, BACKUP, deployOld)),
        row(
            "backup failed: the upgrade does not start",
            Given.upgrade().backups(BackupState.FAILED),
            expect(Stage.BACKUP_FAILED, OLD, true, null, BACKUP, deployOld)),
        row(
            "backup completed: the migration Job is made",
            Given.upgrade().backups(BackupState.COMPLETED),
            expect(
                Stage.MIGRATING, OLD, true, null, JOB, new CreateMigrationJob(false), deployOld)),
        row(
            "backup not configured: BackupSkipped, then the migration Job",
            Given.upgrade().backups(BackupState.NOT_CONFIGURED),
            expect(
                Stage.MIGRATING,
                OLD,
                true,
                null,
                JOB,
                BACKUP_SKIPPED,
                new CreateMigrationJob(false),
                deployOld)),
        row(
            "backup not configured, an older Job left: BackupSkipped, older Job deleted, then the Job",
            Given.upgrade().backups(BackupState.NOT_CONFIGURED).other(OLD_JOB, SUCCEEDED),
            expect(
                Stage.MIGRATING,
                OLD,
                true,
                null,
                JOB,
                BACKUP_SKIPPED,
                new DeleteJob(OLD_JOB, SUPERSEDED),
                new CreateMigrationJob(false),
                deployOld)),
        // An upgrade across a release with a check of the running instance's data (ReleaseChecks):
        // before the backup, and nothing runs until it passes.
        row(
            "release check refused: no backup, no Job; the old version keeps serving",
            Given.upgradeAcrossTheUsernameLimit().backups(BackupState.ABSENT).users(ONE_TOO_LONG),
            plan(
                List.of(new ApplyDeployment(PRE_LIMIT, PRE_LIMIT_IMAGE)),
                List.of(),
                releaseCheck(Stage.RELEASE_CHECK_FAILED, ONE_TOO_LONG))),
        row(
            "release check not answered: it waits, no backup, no Job",
            Given.upgradeAcrossTheUsernameLimit().backups(BackupState.ABSENT).users(NOT_ANSWERING),
            plan(
                List.of(new ApplyDeployment(PRE_LIMIT, PRE_LIMIT_IMAGE)),
                List.of(),
                releaseCheck(Stage.CHECKING_RELEASE, NOT_ANSWERING))),
        row(
            "release check passed: the backup comes next",
            Given.upgradeAcrossTheUsernameLimit().backups(BackupState.ABSENT).users(FITTING),
            expect(
                Stage.BACKING_UP,
                PRE_LIMIT,
                true,
                null,
                BACKUP,
                new CreateBackup(BACKUP),
                new ApplyDeployment(PRE_LIMIT, PRE_LIMIT_IMAGE))),
        // The Django admin switch of 0.12.0 needs no user, only the spec's choice.
        row(
            "across 0.12.0 with no Django admin choice: refused, no backup, no Job",
            Given.upgrade().backups(BackupState.ABSENT).djangoAdminChosen(false),
            plan(
                List.of(deployOld),
                List.of(),
                releaseCheck(Stage.RELEASE_CHECK_FAILED, OLD, false, InstanceUsers.NOT_LOOKED_AT))),
        row(
            "across 0.12.0 with the Django admin choice made: the backup comes next",
            Given.upgrade().backups(BackupState.ABSENT).djangoAdminChosen(true),
            expect(Stage.BACKING_UP, OLD, true, null, BACKUP, new CreateBackup(BACKUP), deployOld)),
        row(
            "backup done and the Job made: the Backup is not looked at again",
            Given.upgrade().backups(BackupState.NOT_LOOKED_AT).migration(RUNNING),
            expect(Stage.MIGRATING, OLD, true, null, JOB, deployOld)));
  }

  @Test
  void duringAnUpgradeADeletedDeploymentComesBackWithTheRecordedImageNotTheRepositorys() {
    var in = Given.upgrade().migration(RUNNING).deployed(null).input();
    var mirrored =
        new RolloutInput(
            in.target(),
            new RolloutInput.Recorded(OLD, OLD_IMAGE, true, null, false),
            in.observed());
    assertThat(RolloutPlanner.plan(mirrored).actions())
        .containsExactly(new ApplyDeployment(OLD, OLD_IMAGE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transitions")
  void plansTheTransition(String transition, Given given, RolloutPlan expected) {
    assertThat(RolloutPlanner.plan(given.input())).isEqualTo(expected);
  }

  @Test
  void theTableReachesEveryStageAndEveryAction() {
    var stages = EnumSet.noneOf(Stage.class);
    var actions = new HashSet<Class<?>>();
    transitions()
        .forEach(
            row -> {
              var plan = (RolloutPlan) row.get()[2];
              stages.add(plan.progress().stage());
              plan.actions().forEach(a -> actions.add(a.getClass()));
              plan.afterStatus().forEach(a -> actions.add(a.getClass()));
            });
    assertThat(stages).containsExactlyInAnyOrder(Stage.values());
    assertThat(actions).containsExactlyInAnyOrder(RolloutAction.class.getPermittedSubclasses());
  }

  static Stream<Arguments> backupLookups() {
    return Stream.of(
        Arguments.of(
            "an upgrade whose Job is to be made",
            Given.upgrade().backups(BackupState.NOT_LOOKED_AT),
            true),
        Arguments.of(
            "another version's finished Job does not stop it",
            Given.upgrade().backups(BackupState.NOT_LOOKED_AT).other(OLD_JOB, SUCCEEDED),
            true),
        Arguments.of("spec.upgrade.backup false, or not CloudNativePG", Given.upgrade(), false),
        Arguments.of(
            "a first install: nothing to back up",
            Given.firstInstall().backups(BackupState.NOT_LOOKED_AT),
            false),
        Arguments.of(
            "the target's Job exists",
            Given.upgrade().backups(BackupState.NOT_LOOKED_AT).migration(FAILED),
            false),
        Arguments.of(
            "another version's Job runs",
            Given.upgrade().backups(BackupState.NOT_LOOKED_AT).other(OLD_JOB, RUNNING),
            false),
        Arguments.of(
            "the database blocks Jobs",
            Given.upgrade().backups(BackupState.NOT_LOOKED_AT).whileDatabaseBlocksJobs(),
            false),
        Arguments.of(
            "the target is migrated", Given.installed().backups(BackupState.NOT_LOOKED_AT), false));
  }

  /**
   * Each look at a Backup is a request to the API server: made only when the plan depends on it.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("backupLookups")
  void looksAtTheBackupOnlyWhenThePlanDependsOnIt(String situation, Given given, boolean needed) {
    assertThat(RolloutPlanner.needsBackup(given.input())).isEqualTo(needed);
  }

  static Stream<Arguments> userLookups() {
    var across = Given.upgradeAcrossTheUsernameLimit().backups(BackupState.ABSENT);
    return Stream.of(
        Arguments.of("an upgrade across 0.11.0 whose Job is to be made", across, true),
        Arguments.of(
            "an upgrade after 0.11.0 (0.11.0 to 0.12.0)",
            Given.upgrade().backups(BackupState.ABSENT),
            false),
        Arguments.of("a first install: nobody to check", Given.firstInstall(), false),
        Arguments.of("the target's Job exists", across.migration(FAILED), false),
        Arguments.of("another version's Job runs", across.other(OLD_JOB, RUNNING), false),
        Arguments.of("the database blocks Jobs", across.whileDatabaseBlocksJobs(), false),
        Arguments.of(
            "the target is migrated",
            Given.installed().recorded(TARGET, true).backups(BackupState.ABSENT),
            false));
  }

  /** Each look at the users is a call to the running instance: only when the plan needs it. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("userLookups")
  void asksForTheUsersOnlyWhenThePlanDependsOnThem(String situation, Given given, boolean needed) {
    assertThat(RolloutPlanner.needsInstanceUsers(given.input())).isEqualTo(needed);
  }

  @Test
  void specUpgradePreflightFalseSkipsTheReleaseChecks() {
    var skipping =
        Given.upgradeAcrossTheUsernameLimit()
            .backups(BackupState.ABSENT)
            .djangoAdminChosen(false)
            .withoutPreflight()
            .input();
    assertThat(RolloutPlanner.needsInstanceUsers(skipping)).isFalse();
    assertThat(RolloutPlanner.plan(skipping).progress().stage()).isEqualTo(Stage.BACKING_UP);
  }

  @Test
  void refusesToPlanAnUpgradeAcrossACheckedReleaseWithoutTheUsers() {
    assertThatThrownBy(
            () ->
                RolloutPlanner.plan(
                    Given.upgradeAcrossTheUsernameLimit().backups(BackupState.ABSENT).input()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesToPlanAnUpgradeWithoutLookingAtTheBackup() {
    assertThatThrownBy(
            () -> RolloutPlanner.plan(Given.upgrade().backups(BackupState.NOT_LOOKED_AT).input()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
