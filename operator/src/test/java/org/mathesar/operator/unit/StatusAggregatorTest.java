package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.FailedMigration;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MathesarStatus;
import org.mathesar.operator.customresource.Phase;
import org.mathesar.operator.desired.ResolvedInstance;
import org.mathesar.operator.rollout.RolloutProgress;
import org.mathesar.operator.rollout.RolloutProgress.Stage;
import org.mathesar.operator.status.Conditions;
import org.mathesar.operator.status.StatusAggregator;
import org.mathesar.operator.status.StatusAggregator.Observation;
import org.mathesar.operator.validation.SpecProblem;

class StatusAggregatorTest {
  private static final String NOW = "2024-05-01T10:00:00Z";
  private static final String LATER = "2024-05-01T11:00:00Z";
  private static final String TARGET = "0.11.0";
  private static final String OLD = "0.10.0";
  private static final String MIGRATE_JOB = "demo-migrate-0-11-0";
  private static final String ADMIN_JOB = "demo-admin";
  private static final String ADMIN_SECRET = "demo-admin";
  private static final SpecProblem CREDS_MISSING =
      new SpecProblem(
          "CredentialsSecretNotFound",
          "spec.database.external.credentialsSecret.name",
          "create it");
  private static final SpecProblem BAD_VERSION =
      new SpecProblem("InvalidVersion", "spec.version", "bad");

  /** The target is migrated and the admin exists: only the Deployment's rollout is left. */
  private static final RolloutProgress DEPLOYED =
      new RolloutProgress(Stage.DEPLOYED, TARGET, true, null, null);

  private static RolloutProgress migrating(String migrated) {
    return new RolloutProgress(Stage.MIGRATING, migrated, migrated != null, null, MIGRATE_JOB);
  }

  private static RolloutProgress migrationFailed(String migrated) {
    return new RolloutProgress(
        Stage.MIGRATION_FAILED,
        migrated,
        migrated != null,
        new FailedMigration(TARGET, MIGRATE_JOB, 1L, null),
        MIGRATE_JOB);
  }

  private static final RolloutProgress CREATING_ADMIN =
      new RolloutProgress(Stage.CREATING_ADMIN, TARGET, false, null, ADMIN_JOB);
  private static final RolloutProgress ADMIN_FAILED =
      new RolloutProgress(Stage.ADMIN_FAILED, TARGET, false, null, ADMIN_JOB);

  /** CloudNativePG mode: the pre-upgrade Backup of an instance that runs {@link #OLD}. */
  private static final String BACKUP = "demo-db-pre-0-11-0";

  private static final RolloutProgress BACKING_UP =
      new RolloutProgress(Stage.BACKING_UP, OLD, true, null, BACKUP);
  private static final RolloutProgress BACKUP_FAILED =
      new RolloutProgress(Stage.BACKUP_FAILED, OLD, true, null, BACKUP);

  /** DatabaseReady as the reconciler computes it in CloudNativePG mode. */
  private static final Condition CLUSTER_READY =
      Conditions.of(
          Conditions.DATABASE_READY,
          Conditions.TRUE,
          "ClusterReady",
          "CloudNativePG Cluster demo-db: 1/1 instances ready, phase: Cluster in healthy state");

  private static final Condition CLUSTER_NOT_READY =
      Conditions.of(
          Conditions.DATABASE_READY,
          Conditions.FALSE,
          "ClusterNotReady",
          "CloudNativePG Cluster demo-db: 0/1 instances ready, phase: Setting up primary");

  /** What the reconciler reports when it stops before running anything: the recorded progress. */
  private static RolloutProgress waiting(Mathesar m) {
    var s = m.getStatus();
    return s == null
        ? new RolloutProgress(Stage.WAITING, null, false, null, null)
        : new RolloutProgress(
            Stage.WAITING,
            s.getMigratedVersion(),
            Boolean.TRUE.equals(s.getAdminCreated()),
            s.getFailedMigration(),
            null);
  }

  private static MathesarStatus aggregate(Mathesar m, Deployment d) {
    return aggregate(m, List.of(), List.of(), d, "demo-secret-key");
  }

  private static MathesarStatus aggregate(
      Mathesar m,
      List<SpecProblem> problems,
      List<SpecProblem> warnings,
      Deployment d,
      String keySecret) {
    var progress = problems.isEmpty() ? DEPLOYED : waiting(m);
    return StatusAggregator.aggregate(
        new Observation(
            m,
            Optional.of(TestResources.resolved(m)),
            problems,
            warnings,
            Optional.ofNullable(d),
            keySecret,
            progress,
            null,
            problems.isEmpty() ? ResolvedInstance.databaseIdentity(m) : null),
        NOW);
  }

  private static MathesarStatus aggregate(Mathesar m, RolloutProgress progress, Deployment d) {
    return StatusAggregator.aggregate(observation(m, progress, d), NOW);
  }

  private static Observation observation(Mathesar m, RolloutProgress progress, Deployment d) {
    return observation(m, progress, d, null);
  }

  private static Observation observation(
      Mathesar m, RolloutProgress progress, Deployment d, Condition database) {
    return new Observation(
        m,
        Optional.of(TestResources.resolved(m)),
        List.of(),
        List.of(),
        Optional.ofNullable(d),
        "demo-secret-key",
        progress,
        database,
        ResolvedInstance.databaseIdentity(m));
  }

  /** An instance with a CloudNativePG database, as the reconciler observes it. */
  private static MathesarStatus aggregateCnpg(
      Mathesar m, RolloutProgress progress, Deployment d, Condition database) {
    return StatusAggregator.aggregate(observation(m, progress, d, database), NOW);
  }

  /** A CloudNativePG instance that runs {@code version}, migrated and with its admin created. */
  private static Mathesar runningCnpg(String version) {
    var m = TestResources.cloudNativePG();
    var previous = new MathesarStatus();
    previous.setVersion(version);
    previous.setMigratedVersion(version);
    previous.setAdminCreated(true);
    m.setStatus(previous);
    return m;
  }

  private static Condition condition(MathesarStatus s, String type) {
    return Conditions.find(s.getConditions(), type)
        .orElseThrow(() -> new AssertionError("no condition " + type));
  }

  private static void assertCondition(MathesarStatus s, String type, String status, String reason) {
    var c = condition(s, type);
    assertThat(c.getStatus()).as(type + " status").isEqualTo(status);
    assertThat(c.getReason()).as(type + " reason").isEqualTo(reason);
  }

  private static Mathesar withPreviousVersion(String version) {
    var m = TestResources.mathesar();
    var previous = new MathesarStatus();
    previous.setVersion(version);
    m.setStatus(previous);
    return m;
  }

  /** An instance that runs {@code version}, migrated and with its admin created. */
  private static Mathesar running(String version) {
    var m = withPreviousVersion(version);
    m.getStatus().setMigratedVersion(version);
    m.getStatus().setAdminCreated(true);
    return m;
  }

  // --- phases of the rollout of the migrated version

  @Test
  void noDeploymentYetAfterMigrationIsProvisioning() {
    // Pending now means waiting before any Job runs; once migrated, creating the Deployment is
    // Provisioning.
    var s = aggregate(TestResources.mathesar(), null);

    assertThat(s.getPhase()).isEqualTo(Phase.Provisioning);
    assertCondition(s, "Ready", "False", "Creating");
    assertThat(condition(s, "Ready").getMessage())
        .isEqualTo("the web Deployment does not exist yet");
    assertCondition(s, "Progressing", "True", "Creating");
    assertCondition(s, "Degraded", "False", "AsExpected");
    assertThat(s.getReplicas()).isZero();
    assertThat(s.getReadyReplicas()).isZero();
    assertThat(s.getVersion()).isNull();
  }

  @Test
  void deploymentNotYetObservedIsProvisioning() {
    // generation 3, controller has seen only 2: even "all ready" counts are stale.
    var s =
        aggregate(TestResources.mathesar(), TestResources.deployment("0.11.0", 1, 3, 2, 1, 1, 1));

    assertThat(s.getPhase()).isEqualTo(Phase.Provisioning);
    assertCondition(s, "Ready", "False", "PodsNotReady");
    assertCondition(s, "Progressing", "True", "RollingOut");
  }

  @Test
  void podsNotReadyIsProvisioning() {
    var s =
        aggregate(TestResources.mathesar(), TestResources.deployment("0.11.0", 2, 1, 1, 2, 1, 2));

    assertThat(s.getPhase()).isEqualTo(Phase.Provisioning);
    assertCondition(s, "Ready", "False", "PodsNotReady");
    assertThat(condition(s, "Ready").getMessage()).isEqualTo("1 of 2 pods ready, 2 up to date");
    assertThat(condition(s, "Progressing").getMessage())
        .isEqualTo("1 of 2 pods ready, 2 up to date");
    assertThat(s.getReplicas()).isEqualTo(2);
    assertThat(s.getReadyReplicas()).isEqualTo(1);
  }

  @Test
  void podsNotUpdatedIsProvisioning() {
    var s =
        aggregate(TestResources.mathesar(), TestResources.deployment("0.11.0", 1, 1, 1, 1, 1, 0));

    assertThat(s.getPhase()).isEqualTo(Phase.Provisioning);
  }

  @Test
  void oldPodsStillPresentIsProvisioning() {
    // one new pod ready, an old one not yet gone
    var s =
        aggregate(TestResources.mathesar(), TestResources.deployment("0.11.0", 1, 1, 1, 2, 1, 1));

    assertThat(s.getPhase()).isEqualTo(Phase.Provisioning);
    assertCondition(s, "Progressing", "True", "RollingOut");
  }

  @Test
  void deploymentWithoutStatusIsProvisioning() {
    var d = TestResources.completeDeployment("0.11.0", 1);
    d.setStatus(null);

    var s = aggregate(TestResources.mathesar(), d);

    assertThat(s.getPhase()).isEqualTo(Phase.Provisioning);
    assertThat(s.getReplicas()).isZero();
  }

  @Test
  void completeRolloutIsRunningAndReady() {
    var s = aggregate(TestResources.mathesar(), TestResources.completeDeployment("0.11.0", 2));

    assertThat(s.getPhase()).isEqualTo(Phase.Running);
    assertCondition(s, "Ready", "True", "Running");
    // The message now names the version that is ready.
    assertThat(condition(s, "Ready").getMessage())
        .isEqualTo("version 0.11.0: 2 of 2 pods ready, 2 up to date");
    assertCondition(s, "Progressing", "False", "Complete");
    assertCondition(s, "Degraded", "False", "AsExpected");
    assertThat(s.getReplicas()).isEqualTo(2);
    assertThat(s.getReadyReplicas()).isEqualTo(2);
  }

  @Test
  void scaledToZeroIsRunningButNotReady() {
    var s = aggregate(TestResources.mathesar(), TestResources.completeDeployment("0.11.0", 0));

    assertThat(s.getPhase()).isEqualTo(Phase.Running);
    assertCondition(s, "Ready", "False", "ScaledToZero");
    assertCondition(s, "Progressing", "False", "Complete");
  }

  @Test
  void anyProblemIsFailedAndBlocked() {
    var s =
        aggregate(
            TestResources.mathesar(),
            List.of(BAD_VERSION, CREDS_MISSING),
            List.of(),
            TestResources.completeDeployment("0.11.0", 1),
            null);

    assertThat(s.getPhase()).isEqualTo(Phase.Failed);
    assertCondition(s, "Ready", "False", "InvalidVersion");
    assertCondition(s, "Degraded", "True", "InvalidVersion");
    assertThat(condition(s, "Degraded").getMessage())
        .isEqualTo("spec.version: bad; spec.database.external.credentialsSecret.name: create it");
    assertThat(condition(s, "Ready").getMessage()).isEqualTo(condition(s, "Degraded").getMessage());
    assertCondition(s, "Progressing", "False", "Blocked");
  }

  @Test
  void problemWithoutDeploymentIsFailedNotPending() {
    var s = aggregate(TestResources.mathesar(), List.of(CREDS_MISSING), List.of(), null, null);

    assertThat(s.getPhase()).isEqualTo(Phase.Failed);
  }

  @Test
  void problemOutranksEveryStage() {
    for (var progress :
        List.of(
            DEPLOYED,
            migrating(null),
            migrationFailed(OLD),
            CREATING_ADMIN,
            ADMIN_FAILED,
            BACKING_UP,
            BACKUP_FAILED)) {
      var s =
          StatusAggregator.aggregate(
              new Observation(
                  TestResources.mathesar(),
                  Optional.of(TestResources.resolved(TestResources.mathesar())),
                  List.of(CREDS_MISSING),
                  List.of(),
                  Optional.empty(),
                  null,
                  progress,
                  null,
                  null),
              NOW);

      assertThat(s.getPhase()).as(progress.stage().name()).isEqualTo(Phase.Failed);
      assertCondition(s, "Ready", "False", "CredentialsSecretNotFound");
      assertCondition(s, "Degraded", "True", "CredentialsSecretNotFound");
      assertCondition(s, "Progressing", "False", "Blocked");
    }
  }

  // --- stages of the migration and admin steps

  @Test
  void waitingIsPending() {
    var m = TestResources.mathesar();

    var s = aggregate(m, waiting(m), null);

    assertThat(s.getPhase()).isEqualTo(Phase.Pending);
    assertCondition(s, "Ready", "False", "Waiting");
    assertCondition(s, "Progressing", "True", "Waiting");
    assertThat(condition(s, "Ready").getMessage()).contains("database");
    assertCondition(s, "Degraded", "False", "AsExpected");
  }

  @Test
  void firstInstallMigrationIsMigrating() {
    var s = aggregate(TestResources.mathesar(), migrating(null), null);

    assertThat(s.getPhase()).isEqualTo(Phase.Migrating);
    assertCondition(s, "Ready", "False", "Migrating");
    assertThat(condition(s, "Ready").getMessage())
        .contains("Job " + MIGRATE_JOB)
        .contains(TARGET)
        .contains("nothing is serving yet");
    assertCondition(s, "Progressing", "True", "Migrating");
    assertThat(condition(s, "Progressing").getMessage()).contains(MIGRATE_JOB).contains(TARGET);
    assertCondition(s, "Degraded", "False", "AsExpected");
    assertThat(s.getMigratedVersion()).isNull();
    assertThat(s.getVersion()).isNull();
    assertThat(s.getFailedMigration()).isNull();
  }

  @Test
  void upgradeMigrationIsUpgradingWhileTheOldVersionServes() {
    var m = running(OLD);

    var s = aggregate(m, migrating(OLD), TestResources.completeDeployment(OLD, 1));

    assertThat(s.getPhase()).isEqualTo(Phase.Upgrading);
    assertCondition(s, "Ready", "False", "Upgrading");
    assertThat(condition(s, "Ready").getMessage())
        .contains("Job " + MIGRATE_JOB)
        .contains(TARGET)
        .contains("version 0.10.0 keeps serving");
    assertCondition(s, "Progressing", "True", "Migrating");
    assertCondition(s, "Degraded", "False", "AsExpected");
    assertThat(s.getVersion()).isEqualTo(OLD);
    assertThat(s.getMigratedVersion()).isEqualTo(OLD);
    assertThat(s.getReadyReplicas()).isEqualTo(1);
  }

  @Test
  void runningVersionWithoutMigratedVersionCountsAsAnUpgrade() {
    // An instance from before migrations were tracked: status.version alone says something runs.
    var m = withPreviousVersion(OLD);

    var s = aggregate(m, migrating(null), TestResources.completeDeployment(OLD, 1));

    assertThat(s.getPhase()).isEqualTo(Phase.Upgrading);
    assertCondition(s, "Ready", "False", "Upgrading");
    assertThat(condition(s, "Ready").getMessage()).contains("version 0.10.0 keeps serving");
  }

  @Test
  void failedFirstMigrationIsFailedWithTheJobsLogs() {
    var s = aggregate(TestResources.mathesar(), migrationFailed(null), null);

    assertThat(s.getPhase()).isEqualTo(Phase.Failed);
    assertCondition(s, "Ready", "False", "MigrationFailed");
    assertCondition(s, "Progressing", "False", "MigrationFailed");
    assertCondition(s, "Degraded", "True", "MigrationFailed");
    var message = condition(s, "Degraded").getMessage();
    assertThat(message)
        .contains("Job " + MIGRATE_JOB)
        .contains(TARGET)
        .contains("nothing is serving yet")
        .contains("kubectl -n team-a logs job/" + MIGRATE_JOB)
        .contains("kubectl -n team-a annotate mathesar demo mathesar.org/retry-migration=");
    assertThat(condition(s, "Ready").getMessage()).isEqualTo(message);
    assertThat(condition(s, "Progressing").getMessage()).isEqualTo(message);
    assertThat(s.getFailedMigration())
        .isEqualTo(new FailedMigration(TARGET, MIGRATE_JOB, 1L, null));
  }

  @Test
  void failedUpgradeMigrationIsFailedWhileTheOldVersionServes() {
    var m = running(OLD);

    var s = aggregate(m, migrationFailed(OLD), TestResources.completeDeployment(OLD, 1));

    assertThat(s.getPhase()).isEqualTo(Phase.Failed);
    assertCondition(s, "Ready", "False", "MigrationFailed");
    assertCondition(s, "Degraded", "True", "MigrationFailed");
    assertThat(condition(s, "Degraded").getMessage())
        .contains("version 0.10.0 keeps serving")
        .contains("kubectl -n team-a logs job/" + MIGRATE_JOB);
    assertThat(s.getVersion()).isEqualTo(OLD);
    assertThat(s.getMigratedVersion()).isEqualTo(OLD);
    assertThat(s.getFailedMigration().getJob()).isEqualTo(MIGRATE_JOB);
    assertThat(s.getFailedMigration().getVersion()).isEqualTo(TARGET);
  }

  @Test
  void creatingTheAdminIsProvisioning() {
    var s = aggregate(TestResources.mathesar(), CREATING_ADMIN, null);

    assertThat(s.getPhase()).isEqualTo(Phase.Provisioning);
    assertCondition(s, "Ready", "False", "CreatingAdmin");
    assertThat(condition(s, "Ready").getMessage()).contains("Job " + ADMIN_JOB);
    assertCondition(s, "Progressing", "True", "CreatingAdmin");
    assertThat(condition(s, "Progressing").getMessage()).contains(ADMIN_JOB);
    assertCondition(s, "Degraded", "False", "AsExpected");
    assertThat(s.getMigratedVersion()).isEqualTo(TARGET);
    assertThat(s.getAdminCreated()).isNull();
  }

  @Test
  void failedAdminJobIsFailedWithTheJobsLogs() {
    var s = aggregate(TestResources.mathesar(), ADMIN_FAILED, null);

    assertThat(s.getPhase()).isEqualTo(Phase.Failed);
    assertCondition(s, "Ready", "False", "AdminCreationFailed");
    assertCondition(s, "Progressing", "False", "AdminCreationFailed");
    assertCondition(s, "Degraded", "True", "AdminCreationFailed");
    var message = condition(s, "Degraded").getMessage();
    assertThat(message)
        .contains("Job " + ADMIN_JOB)
        .contains("kubectl -n team-a logs job/" + ADMIN_JOB)
        .contains("kubectl -n team-a delete job " + ADMIN_JOB);
    assertThat(condition(s, "Ready").getMessage()).isEqualTo(message);
    assertThat(s.getAdminCreated()).isNull();
    assertThat(s.getMigratedVersion()).isEqualTo(TARGET);
  }

  @Test
  void failureMessagesNameTheResourcesOwnNamespaceAndJob() {
    var m = TestResources.mathesar("shop");
    m.getMetadata().setNamespace("data");
    var progress =
        new RolloutProgress(Stage.MIGRATION_FAILED, null, false, null, "shop-migrate-0-11-0");

    var s = aggregate(m, progress, null);

    assertThat(condition(s, "Degraded").getMessage())
        .contains("kubectl -n data logs job/shop-migrate-0-11-0")
        .contains("kubectl -n data annotate mathesar shop ");
  }

  @Test
  void upgradedDeploymentStillAtTheOldVersionIsUpgradingNotReady() {
    // Migrated to the target, but the Deployment seen still carries the old version: not Ready yet.
    var m = running(OLD);
    m.getStatus().setMigratedVersion(TARGET);

    var s = aggregate(m, DEPLOYED, TestResources.completeDeployment(OLD, 1));

    assertThat(s.getPhase()).isEqualTo(Phase.Upgrading);
    assertCondition(s, "Ready", "False", "RollingOut");
    assertThat(condition(s, "Ready").getMessage()).isEqualTo("rolling out version 0.11.0");
    assertCondition(s, "Degraded", "False", "AsExpected");
    assertThat(s.getVersion()).isEqualTo(OLD);
    assertThat(s.getMigratedVersion()).isEqualTo(TARGET);
  }

  @Test
  void upgradeRollingOutIsUpgrading() {
    var m = running(OLD);

    var s = aggregate(m, DEPLOYED, TestResources.deployment(TARGET, 1, 3, 2, 2, 1, 1));

    assertThat(s.getPhase()).isEqualTo(Phase.Upgrading);
    assertCondition(s, "Ready", "False", "PodsNotReady");
    assertCondition(s, "Progressing", "True", "RollingOut");
    assertThat(s.getVersion()).isEqualTo(OLD);
  }

  @Test
  void completedUpgradeIsRunningAtTheTarget() {
    var m = running(OLD);

    var s = aggregate(m, DEPLOYED, TestResources.completeDeployment(TARGET, 1));

    assertThat(s.getPhase()).isEqualTo(Phase.Running);
    assertCondition(s, "Ready", "True", "Running");
    assertThat(condition(s, "Ready").getMessage()).startsWith("version 0.11.0: ");
    assertThat(s.getVersion()).isEqualTo(TARGET);
    assertThat(s.getMigratedVersion()).isEqualTo(TARGET);
  }

  @Test
  void completeDeploymentWithoutVersionLabelIsNotReady() {
    var s = aggregate(TestResources.mathesar(), TestResources.completeDeployment(null, 1));

    assertThat(s.getPhase()).isNotEqualTo(Phase.Running);
    assertThat(condition(s, "Ready").getStatus()).isEqualTo("False");
  }

  // --- an instance that ran and lost readiness without any rollout (a database outage)

  private static final Condition DATABASE_UNREACHABLE =
      Conditions.of(
          Conditions.DATABASE_READY,
          Conditions.UNKNOWN,
          "ConnectionRefused",
          "pg.demo.svc:5432/mathesar_django as mathesar: connection refused or no route from the operator");
  private static final Condition DATABASE_CONNECTED =
      Conditions.of(Conditions.DATABASE_READY, Conditions.TRUE, "Connected", "connected");

  @Test
  void runningInstanceLosingReadinessWithTheDatabaseDownIsDegradedNotRollingOut() {
    var d = TestResources.deployment(TARGET, 2, 1, 1, 2, 0, 2);

    var s =
        StatusAggregator.aggregate(
            observation(running(TARGET), DEPLOYED, d, DATABASE_UNREACHABLE), NOW);

    assertThat(s.getPhase()).isEqualTo(Phase.Degraded);
    assertCondition(s, "Ready", "False", "DatabaseUnavailable");
    assertThat(condition(s, "Ready").getMessage())
        .startsWith("0 of 2 pods ready, 2 up to date; nothing is rolling out")
        .contains("connection refused");
    assertCondition(s, "Progressing", "False", "Complete");
    assertThat(s.getVersion()).isEqualTo(TARGET);
  }

  @Test
  void runningInstanceLosingReadinessWithTheDatabaseAnsweringIsDegradedWithPodsNotReady() {
    var d = TestResources.deployment(TARGET, 2, 1, 1, 2, 1, 2);

    var s =
        StatusAggregator.aggregate(
            observation(running(TARGET), DEPLOYED, d, DATABASE_CONNECTED), NOW);

    assertThat(s.getPhase()).isEqualTo(Phase.Degraded);
    assertCondition(s, "Ready", "False", "PodsNotReady");
    assertCondition(s, "Progressing", "False", "Complete");
  }

  @Test
  void degradedInstanceIsRunningAgainOnceItsPodsAreReady() {
    var m = running(TARGET);
    m.getStatus().setPhase(Phase.Degraded);

    var s =
        StatusAggregator.aggregate(
            observation(
                m, DEPLOYED, TestResources.completeDeployment(TARGET, 2), DATABASE_CONNECTED),
            NOW);

    assertThat(s.getPhase()).isEqualTo(Phase.Running);
    assertCondition(s, "Ready", "True", "Running");
  }

  @Test
  void podsNotReadyDuringAFirstInstallAreNotAnOutage() {
    // Never ran (no status.version): not ready yet is provisioning, whatever the database check
    // says.
    var s =
        StatusAggregator.aggregate(
            observation(
                TestResources.mathesar(),
                DEPLOYED,
                TestResources.deployment(TARGET, 1, 1, 1, 1, 0, 1),
                DATABASE_UNREACHABLE),
            NOW);

    assertThat(s.getPhase()).isEqualTo(Phase.Provisioning);
    assertCondition(s, "Ready", "False", "PodsNotReady");
    assertCondition(s, "Progressing", "True", "RollingOut");
  }

  @Test
  void podsNotReadyDuringASpecChangeRolloutAreARollout() {
    // Not every pod runs the current template yet: that is a rollout, not an outage.
    var s =
        StatusAggregator.aggregate(
            observation(
                running(TARGET),
                DEPLOYED,
                TestResources.deployment(TARGET, 2, 2, 2, 3, 1, 1),
                DATABASE_CONNECTED),
            NOW);

    assertThat(s.getPhase()).isNotEqualTo(Phase.Degraded);
    assertCondition(s, "Progressing", "True", "RollingOut");
  }

  // --- DatabaseReady

  @Test
  void externalDatabaseConditionFromTheCheckIsPassedThrough() {
    var connected =
        Conditions.of(
            Conditions.DATABASE_READY, Conditions.TRUE, "Connected", "connected to pg:5432/m as u");
    var s =
        StatusAggregator.aggregate(
            observation(TestResources.mathesar(), DEPLOYED, null, connected), NOW);

    assertCondition(s, "DatabaseReady", "True", "Connected");
  }

  @Test
  void databaseProblemMakesDatabaseNotReady() {
    var s =
        aggregate(
            TestResources.mathesar(), List.of(BAD_VERSION, CREDS_MISSING), List.of(), null, null);

    assertCondition(s, "DatabaseReady", "False", "CredentialsSecretNotFound");
    assertThat(condition(s, "DatabaseReady").getMessage())
        .isEqualTo("spec.database.external.credentialsSecret.name: create it");
  }

  @Test
  void nonDatabaseProblemLeavesTheExternalDatabaseUnchecked() {
    var s = aggregate(TestResources.mathesar(), List.of(BAD_VERSION), List.of(), null, null);

    assertCondition(s, "DatabaseReady", "Unknown", "NotChecked");
  }

  @Test
  void noDatabaseConfiguredIsUnknown() {
    var m = TestResources.mathesar();
    m.getSpec().setDatabase(null);

    var s = aggregate(m, List.of(BAD_VERSION), List.of(), null, null);

    assertCondition(s, "DatabaseReady", "Unknown", "NotConfigured");
  }

  // --- DatabaseReady in CloudNativePG mode: the reconciler's condition is passed through

  @Test
  void cloudNativePGDatabaseConditionIsPassedThrough() {
    var m = TestResources.cloudNativePG();

    var s = aggregateCnpg(m, DEPLOYED, TestResources.completeDeployment(TARGET, 1), CLUSTER_READY);

    assertCondition(s, "DatabaseReady", "True", "ClusterReady");
    assertThat(condition(s, "DatabaseReady").getMessage()).isEqualTo(CLUSTER_READY.getMessage());
    assertThat(s.getPhase()).isEqualTo(Phase.Running);
    assertCondition(s, "Ready", "True", "Running");
  }

  @Test
  void cloudNativePGDatabaseNotReadyIsPassedThrough() {
    var m = TestResources.cloudNativePG();

    var s = aggregateCnpg(m, waiting(m), null, CLUSTER_NOT_READY);

    assertCondition(s, "DatabaseReady", "False", "ClusterNotReady");
    assertThat(condition(s, "DatabaseReady").getMessage())
        .isEqualTo(CLUSTER_NOT_READY.getMessage());
  }

  @Test
  void givenDatabaseConditionWinsOverTheExternalDescription() {
    // The aggregator describes an external database only when the reconciler did not say more.
    var s = aggregateCnpg(TestResources.mathesar(), DEPLOYED, null, CLUSTER_NOT_READY);

    assertCondition(s, "DatabaseReady", "False", "ClusterNotReady");
  }

  @Test
  void databaseProblemOutranksTheGivenDatabaseCondition() {
    var notInstalled =
        new SpecProblem(
            "CloudNativePGNotInstalled", "spec.database.cloudNativePG", "install CloudNativePG");

    var s =
        StatusAggregator.aggregate(
            new Observation(
                TestResources.cloudNativePG(),
                Optional.of(TestResources.resolved(TestResources.cloudNativePG())),
                List.of(notInstalled),
                List.of(),
                Optional.empty(),
                null,
                waiting(TestResources.cloudNativePG()),
                CLUSTER_READY,
                null),
            NOW);

    assertThat(s.getPhase()).isEqualTo(Phase.Failed);
    assertCondition(s, "DatabaseReady", "False", "CloudNativePGNotInstalled");
    assertThat(condition(s, "DatabaseReady").getMessage())
        .isEqualTo("spec.database.cloudNativePG: install CloudNativePG");
    assertCondition(s, "Degraded", "True", "CloudNativePGNotInstalled");
  }

  @Test
  void databaseStorageProblemIsADatabaseProblem() {
    var shrink =
        new SpecProblem(
            "DatabaseStorageShrink",
            "spec.database.cloudNativePG.storage.size",
            "set it back to 10Gi");

    var s =
        StatusAggregator.aggregate(
            new Observation(
                runningCnpg(TARGET),
                Optional.of(TestResources.resolved(runningCnpg(TARGET))),
                List.of(shrink),
                List.of(),
                Optional.of(TestResources.completeDeployment(TARGET, 1)),
                null,
                waiting(runningCnpg(TARGET)),
                null,
                null),
            NOW);

    assertThat(s.getPhase()).isEqualTo(Phase.Failed);
    assertCondition(s, "Ready", "False", "DatabaseStorageShrink");
    assertCondition(s, "DatabaseReady", "False", "DatabaseStorageShrink");
    assertCondition(s, "Progressing", "False", "Blocked");
  }

  @Test
  void waitingForTheClusterSaysWhatTheDatabaseConditionSays() {
    var m = TestResources.cloudNativePG();

    var s = aggregateCnpg(m, waiting(m), null, CLUSTER_NOT_READY);

    assertThat(s.getPhase()).isEqualTo(Phase.Pending);
    assertCondition(s, "Ready", "False", "Waiting");
    assertCondition(s, "Progressing", "True", "Waiting");
    assertThat(condition(s, "Ready").getMessage()).isEqualTo(CLUSTER_NOT_READY.getMessage());
    assertThat(condition(s, "Progressing").getMessage()).isEqualTo(CLUSTER_NOT_READY.getMessage());
    assertCondition(s, "Degraded", "False", "AsExpected");
  }

  @Test
  void waitingWithoutADatabaseConditionHasTheGenericMessage() {
    var m = TestResources.mathesar();

    var s = aggregate(m, waiting(m), null);

    assertThat(condition(s, "Ready").getMessage())
        .isEqualTo("waiting for the database before running migrations");
  }

  @Test
  void waitingForTheAppSecretSaysSo() {
    var m = TestResources.cloudNativePG();
    var noSecret =
        Conditions.of(
            Conditions.DATABASE_READY,
            Conditions.FALSE,
            "AppSecretMissing",
            "CloudNativePG Cluster demo-db is ready but its Secret demo-db-app does not exist yet");

    var s = aggregateCnpg(m, waiting(m), null, noSecret);

    assertCondition(s, "DatabaseReady", "False", "AppSecretMissing");
    assertThat(condition(s, "Ready").getMessage()).contains("demo-db-app");
  }

  // --- the pre-upgrade Backup (CloudNativePG mode)

  @Test
  void backingUpIsUpgradingWhileTheOldVersionServes() {
    var m = runningCnpg(OLD);

    var s = aggregateCnpg(m, BACKING_UP, TestResources.completeDeployment(OLD, 1), CLUSTER_READY);

    assertThat(s.getPhase()).isEqualTo(Phase.Upgrading);
    assertCondition(s, "Ready", "False", "Upgrading");
    assertThat(condition(s, "Ready").getMessage())
        .isEqualTo(
            "CloudNativePG Backup "
                + BACKUP
                + " runs before migrating to 0.11.0; version 0.10.0 keeps serving");
    assertCondition(s, "Progressing", "True", "BackingUp");
    assertThat(condition(s, "Progressing").getMessage())
        .isEqualTo("CloudNativePG Backup " + BACKUP + " runs before migrating to 0.11.0");
    assertCondition(s, "Degraded", "False", "AsExpected");
    assertCondition(s, "DatabaseReady", "True", "ClusterReady");
    assertThat(s.getVersion()).isEqualTo(OLD);
    assertThat(s.getMigratedVersion()).isEqualTo(OLD);
    assertThat(s.getAdminCreated()).isTrue();
    assertThat(s.getFailedMigration()).isNull();
    assertThat(s.getReadyReplicas()).isEqualTo(1);
  }

  @Test
  void failedBackupIsFailedAndSaysHowToGoOn() {
    var m = runningCnpg(OLD);

    var s =
        aggregateCnpg(m, BACKUP_FAILED, TestResources.completeDeployment(OLD, 1), CLUSTER_READY);

    assertThat(s.getPhase()).isEqualTo(Phase.Failed);
    assertCondition(s, "Ready", "False", "BackupFailed");
    assertCondition(s, "Progressing", "False", "BackupFailed");
    assertCondition(s, "Degraded", "True", "BackupFailed");
    var message = condition(s, "Degraded").getMessage();
    assertThat(message)
        .contains("CloudNativePG Backup " + BACKUP + " failed")
        .contains("the upgrade to 0.11.0 did not start")
        .contains("version 0.10.0 keeps serving")
        .contains("kubectl -n team-a describe backup " + BACKUP)
        .contains("delete that Backup to try again")
        .contains("spec.upgrade.backup: false");
    assertThat(condition(s, "Ready").getMessage()).isEqualTo(message);
    assertThat(condition(s, "Progressing").getMessage()).isEqualTo(message);
    // The database itself is fine: only the upgrade is held back.
    assertCondition(s, "DatabaseReady", "True", "ClusterReady");
    assertThat(s.getVersion()).isEqualTo(OLD);
    assertThat(s.getMigratedVersion()).isEqualTo(OLD);
    assertThat(s.getFailedMigration()).isNull();
  }

  @Test
  void aRefusedReleaseCheckIsFailedWithItsReasonAndTheOldVersionServing() {
    var m = runningCnpg(OLD);
    var refused =
        new RolloutProgress(
            Stage.RELEASE_CHECK_FAILED,
            OLD,
            true,
            null,
            null,
            false,
            "UsernameTooLong: 1 Mathesar user has a username longer than 63 characters");

    var s = aggregateCnpg(m, refused, TestResources.completeDeployment(OLD, 1), CLUSTER_READY);

    assertThat(s.getPhase()).isEqualTo(Phase.Failed);
    assertCondition(s, "Ready", "False", "UsernameTooLong");
    assertCondition(s, "Progressing", "False", "UsernameTooLong");
    assertCondition(s, "Degraded", "True", "UsernameTooLong");
    assertThat(condition(s, "Degraded").getMessage())
        .isEqualTo("1 Mathesar user has a username longer than 63 characters");
    assertCondition(s, "DatabaseReady", "True", "ClusterReady");
    assertThat(s.getVersion()).isEqualTo(OLD);
    assertThat(s.getMigratedVersion()).isEqualTo(OLD);
  }

  @Test
  void aReleaseCheckWaitingForTheInstanceIsAnUpgradeInProgress() {
    var m = runningCnpg(OLD);
    var waiting =
        new RolloutProgress(
            Stage.CHECKING_RELEASE,
            OLD,
            true,
            null,
            null,
            false,
            "CheckingRelease: no pod of the running version is ready");

    var s = aggregateCnpg(m, waiting, TestResources.completeDeployment(OLD, 1), CLUSTER_READY);

    assertThat(s.getPhase()).isEqualTo(Phase.Upgrading);
    assertCondition(s, "Ready", "False", "CheckingRelease");
    assertCondition(s, "Progressing", "True", "CheckingRelease");
    assertCondition(s, "Degraded", "False", "AsExpected");
    assertThat(condition(s, "Progressing").getMessage())
        .isEqualTo("no pod of the running version is ready");
  }

  @Test
  void failedBackupMessageNamesTheResourcesNamespace() {
    var m = runningCnpg(OLD);
    m.getMetadata().setNamespace("data");

    var s = aggregateCnpg(m, BACKUP_FAILED, null, CLUSTER_READY);

    assertThat(condition(s, "Degraded").getMessage())
        .contains("kubectl -n data describe backup " + BACKUP);
  }

  @Test
  void backupThenMigrationThenRolloutOfACloudNativePGUpgrade() {
    var m = runningCnpg(OLD);
    var old = TestResources.completeDeployment(OLD, 1);

    var backingUp = aggregateCnpg(m, BACKING_UP, old, CLUSTER_READY);
    m.setStatus(backingUp);
    var migrating =
        StatusAggregator.aggregate(observation(m, migrating(OLD), old, CLUSTER_READY), LATER);
    m.setStatus(migrating);
    var done =
        StatusAggregator.aggregate(
            observation(m, DEPLOYED, TestResources.completeDeployment(TARGET, 1), CLUSTER_READY),
            LATER);

    assertThat(backingUp.getPhase()).isEqualTo(Phase.Upgrading);
    assertThat(migrating.getPhase()).isEqualTo(Phase.Upgrading);
    assertThat(condition(migrating, "Ready").getLastTransitionTime())
        .isEqualTo(NOW); // False -> False
    assertThat(condition(migrating, "Progressing").getReason()).isEqualTo("Migrating");
    assertThat(done.getPhase()).isEqualTo(Phase.Running);
    assertThat(done.getVersion()).isEqualTo(TARGET);
    assertThat(condition(done, "DatabaseReady").getLastTransitionTime()).isEqualTo(NOW);
  }

  @Test
  void sameBackupFailureTwiceGivesAnEqualStatus() {
    var m = runningCnpg(OLD);
    var d = TestResources.completeDeployment(OLD, 1);
    var first = aggregateCnpg(m, BACKUP_FAILED, d, CLUSTER_READY);
    m.setStatus(first);

    var second = StatusAggregator.aggregate(observation(m, BACKUP_FAILED, d, CLUSTER_READY), LATER);

    assertThat(second).isEqualTo(first);
  }

  // --- ConfigurationWarning

  @Test
  void noWarnings() {
    assertCondition(
        aggregate(TestResources.mathesar(), null), "ConfigurationWarning", "False", "None");
  }

  @Test
  void warningsAreShownWithoutFailing() {
    var warnings =
        List.of(
            new SpecProblem("EnvOverrideIgnored", "spec.env", "ignored DEBUG"),
            new SpecProblem("MediaNotShared", "spec.media.accessMode", "use RWX"));

    var s =
        aggregate(
            TestResources.mathesar(),
            List.of(),
            warnings,
            TestResources.completeDeployment("0.11.0", 1),
            "k");

    assertThat(s.getPhase()).isEqualTo(Phase.Running);
    assertCondition(s, "Ready", "True", "Running");
    assertCondition(s, "ConfigurationWarning", "True", "EnvOverrideIgnored");
    assertThat(condition(s, "ConfigurationWarning").getMessage())
        .isEqualTo("spec.env: ignored DEBUG; spec.media.accessMode: use RWX");
  }

  @Test
  void allFiveConditionsAreAlwaysPresent() {
    var m = TestResources.mathesar();
    for (var progress :
        List.of(
            waiting(m),
            DEPLOYED,
            migrating(null),
            migrationFailed(null),
            CREATING_ADMIN,
            ADMIN_FAILED,
            BACKING_UP,
            BACKUP_FAILED)) {
      assertThat(aggregate(m, progress, null).getConditions())
          .as(progress.stage().name())
          .extracting(Condition::getType)
          .containsExactly(
              "Ready", "DatabaseReady", "Progressing", "Degraded", "ConfigurationWarning");
    }
  }

  @Test
  void readyIsTrueOnlyWhenDeployedAtTheTarget() {
    var m = running(TARGET);
    var complete = TestResources.completeDeployment(TARGET, 1);
    for (var progress :
        List.of(
            waiting(m),
            migrating(TARGET),
            migrationFailed(TARGET),
            CREATING_ADMIN,
            ADMIN_FAILED,
            BACKING_UP,
            BACKUP_FAILED)) {
      assertThat(condition(aggregate(m, progress, complete), "Ready").getStatus())
          .as(progress.stage().name())
          .isEqualTo("False");
    }
    assertThat(condition(aggregate(m, DEPLOYED, complete), "Ready").getStatus()).isEqualTo("True");
  }

  // --- status.version

  @Test
  void versionIsTakenFromTheDeploymentOnceTheRolloutIsComplete() {
    var s = aggregate(withPreviousVersion("0.10.0"), TestResources.completeDeployment("0.11.0", 1));

    assertThat(s.getVersion()).isEqualTo("0.11.0");
  }

  @Test
  void versionStaysThePreviousOneDuringARollout() {
    var s =
        aggregate(
            withPreviousVersion("0.10.0"), TestResources.deployment("0.11.0", 1, 2, 1, 1, 1, 1));

    assertThat(s.getVersion()).isEqualTo("0.10.0");
    assertThat(s.getPhase()).isEqualTo(Phase.Upgrading);
  }

  @Test
  void versionStaysUnsetBeforeTheFirstCompleteRollout() {
    var s =
        aggregate(TestResources.mathesar(), TestResources.deployment("0.11.0", 1, 1, 1, 1, 0, 1));

    assertThat(s.getVersion()).isNull();
  }

  @Test
  void versionWithoutDeploymentLabelKeepsThePreviousOne() {
    var s = aggregate(withPreviousVersion("0.10.0"), TestResources.completeDeployment(null, 1));

    assertThat(s.getVersion()).isEqualTo("0.10.0");
  }

  @Test
  void versionIsNotTakenFromTheSpec() {
    var m = withPreviousVersion("0.10.0");
    m.getSpec().setVersion("0.12.0");

    assertThat(aggregate(m, null).getVersion()).isEqualTo("0.10.0");
  }

  // --- migration and admin fields

  @Test
  void migratedVersionFailedMigrationAndAdminCreatedComeFromTheProgress() {
    var failed = new FailedMigration("0.12.0", "demo-migrate-0-12-0", 4L, "token");
    var progress =
        new RolloutProgress(Stage.MIGRATION_FAILED, TARGET, true, failed, "demo-migrate-0-12-0");

    var s = aggregate(running(TARGET), progress, TestResources.completeDeployment(TARGET, 1));

    assertThat(s.getMigratedVersion()).isEqualTo(TARGET);
    assertThat(s.getFailedMigration()).isEqualTo(failed);
    assertThat(s.getAdminCreated()).isTrue();
  }

  @Test
  void adminCreatedIsOmittedUntilTheAdminExists() {
    assertThat(aggregate(TestResources.mathesar(), CREATING_ADMIN, null).getAdminCreated())
        .isNull();
    assertThat(aggregate(TestResources.mathesar(), DEPLOYED, null).getAdminCreated()).isTrue();
  }

  @Test
  void successfulMigrationClearsTheRecordedFailure() {
    var m = running(OLD);
    m.getStatus().setFailedMigration(new FailedMigration(TARGET, MIGRATE_JOB, 1L, null));

    var s = aggregate(m, DEPLOYED, TestResources.completeDeployment(OLD, 1));

    assertThat(s.getFailedMigration()).isNull();
  }

  @Test
  void adminSecretIsRecordedAndThenKept() {
    var m = TestResources.mathesar();

    var first = aggregate(m, DEPLOYED, null);
    assertThat(first.getAdminSecret()).isEqualTo(ADMIN_SECRET);

    m.setStatus(first);
    var second =
        StatusAggregator.aggregate(
            new Observation(
                m,
                Optional.empty(),
                List.of(BAD_VERSION),
                List.of(),
                Optional.empty(),
                null,
                waiting(m),
                null,
                null),
            NOW);
    assertThat(second.getAdminSecret()).isEqualTo(ADMIN_SECRET);
    assertThat(second.getMigratedVersion()).isEqualTo(TARGET);
    assertThat(second.getAdminCreated()).isTrue();
  }

  // --- status.database: the database migratedVersion and adminCreated describe

  private static final String EXTERNAL_DB = "postgres.example.internal:5432/mathesar_django";
  private static final String OTHER_DB = "db2.example.internal:5432/mathesar_django";

  private static MathesarStatus aggregateWithIdentity(
      Mathesar m, RolloutProgress progress, String databaseIdentity) {
    return StatusAggregator.aggregate(
        new Observation(
            m,
            Optional.of(TestResources.resolved(m)),
            List.of(),
            List.of(),
            Optional.empty(),
            "demo-secret-key",
            progress,
            null,
            databaseIdentity),
        NOW);
  }

  @Test
  void databaseIsRecordedOnceMigrated() {
    assertThat(aggregate(TestResources.mathesar(), DEPLOYED, null).getDatabase())
        .isEqualTo(EXTERNAL_DB);
    assertThat(aggregate(TestResources.mathesar(), CREATING_ADMIN, null).getDatabase())
        .isEqualTo(EXTERNAL_DB);
    assertThat(aggregate(running(OLD), migrating(OLD), null).getDatabase()).isEqualTo(EXTERNAL_DB);
  }

  @Test
  void cloudNativePGDatabaseIsRecordedOnceMigrated() {
    var s =
        aggregateCnpg(
            runningCnpg(TARGET),
            DEPLOYED,
            TestResources.completeDeployment(TARGET, 1),
            CLUSTER_READY);

    assertThat(s.getDatabase()).isEqualTo("cloudNativePG:demo-db");
  }

  @Test
  void databaseIsNotRecordedBeforeAnyMigration() {
    var m = TestResources.mathesar();

    assertThat(aggregate(m, migrating(null), null).getDatabase()).isNull();
    assertThat(aggregate(m, waiting(m), null).getDatabase()).isNull();
    assertThat(aggregate(m, migrationFailed(null), null).getDatabase()).isNull();
  }

  @Test
  void previousDatabaseIsKeptWhileTheNewOneIsNotMigrated() {
    // spec.database names another database: the reconciler starts over with nothing migrated there.
    var m = running(OLD);
    m.getStatus().setDatabase(OTHER_DB);

    var s = aggregateWithIdentity(m, migrating(null), EXTERNAL_DB);

    assertThat(s.getDatabase()).isEqualTo(OTHER_DB);
    assertThat(s.getMigratedVersion()).isNull();
  }

  @Test
  void databaseSwitchesOnceTheNewOneIsMigrated() {
    var m = running(OLD);
    m.getStatus().setDatabase(OTHER_DB);

    assertThat(aggregateWithIdentity(m, CREATING_ADMIN, EXTERNAL_DB).getDatabase())
        .isEqualTo(EXTERNAL_DB);
    assertThat(aggregateWithIdentity(m, DEPLOYED, EXTERNAL_DB).getDatabase())
        .isEqualTo(EXTERNAL_DB);
  }

  @Test
  void databaseIsKeptWhenTheSpecIsUnusable() {
    // With a problem the reconciler has no identity to give; the migrated database stays recorded.
    var m = TestResources.mathesar();
    var first = aggregate(m, DEPLOYED, null);
    assertThat(first.getDatabase()).isEqualTo(EXTERNAL_DB);
    m.setStatus(first);

    var second =
        StatusAggregator.aggregate(
            new Observation(
                m,
                Optional.empty(),
                List.of(BAD_VERSION),
                List.of(),
                Optional.empty(),
                null,
                waiting(m),
                null,
                null),
            NOW);

    assertThat(second.getMigratedVersion()).isEqualTo(TARGET);
    assertThat(second.getDatabase()).isEqualTo(EXTERNAL_DB);
  }

  @Test
  void databaseWithoutIdentityIsNotInventedOnceMigrated() {
    var s = aggregateWithIdentity(TestResources.mathesar(), DEPLOYED, null);

    assertThat(s.getMigratedVersion()).isEqualTo(TARGET);
    assertThat(s.getDatabase()).isNull();
  }

  @Test
  void databaseTakesPartInStatusEquality() {
    var m = TestResources.mathesar();
    var a = aggregate(m, DEPLOYED, null);
    var b = aggregate(m, DEPLOYED, null);
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);

    b.setDatabase(OTHER_DB);

    assertThat(a).isNotEqualTo(b);
    assertThat(a.hashCode()).isNotEqualTo(b.hashCode());
  }

  // --- other fields

  @Test
  void observedGenerationIsTheResourcesGeneration() {
    var m = TestResources.mathesar();
    m.getMetadata().setGeneration(7L);

    var s = aggregate(m, null);

    assertThat(s.getObservedGeneration()).isEqualTo(7L);
    assertThat(s.getConditions()).extracting(Condition::getObservedGeneration).containsOnly(7L);
  }

  @Test
  void urlIsTheServiceAddressWithoutHostname() {
    assertThat(aggregate(TestResources.mathesar("shop"), null).getUrl())
        .isEqualTo("http://shop.team-a.svc.cluster.local");
  }

  @Test
  void urlIsTheHostnameWhenSet() {
    var m = TestResources.mathesar();
    m.getSpec().setHostname("data.example.com");

    assertThat(aggregate(m, null).getUrl()).isEqualTo("http://data.example.com");
  }

  @Test
  void urlsListEveryPublicHostnameInOrderWithHttpsForTheIngressCertificate() {
    var m = TestResources.mathesar();
    m.getSpec().setHostname("data.example.com");
    m.getSpec().setAdditionalHostnames(List.of("mathesar.example.org", "db.example.net"));
    m.getSpec().getIngress().setEnabled(true);
    m.getSpec().getIngress().setTlsSecretName("tls");

    var s = aggregate(m, null);

    assertThat(s.getUrl()).isEqualTo("https://data.example.com");
    assertThat(s.getUrls())
        .containsExactly(
            "https://data.example.com", "https://mathesar.example.org", "https://db.example.net");
  }

  @Test
  void noUrlsWithoutHostname() {
    assertThat(aggregate(TestResources.mathesar("shop"), null).getUrls()).isNull();
  }

  @Test
  void secretKeySecretIsRecordedAndThenKept() {
    var m = TestResources.mathesar();

    var first = aggregate(m, List.of(), List.of(), null, "demo-secret-key");
    assertThat(first.getSecretKeySecret()).isEqualTo("demo-secret-key");

    m.setStatus(first);
    var second = aggregate(m, List.of(BAD_VERSION), List.of(), null, null);
    assertThat(second.getSecretKeySecret()).isEqualTo("demo-secret-key");
  }

  @Test
  void transitionTimesSurviveAnUnchangedReconciliationAndMoveOnChange() {
    var m = TestResources.mathesar();
    var first = aggregate(m, null);
    m.setStatus(first);

    var second =
        StatusAggregator.aggregate(
            observation(m, DEPLOYED, TestResources.completeDeployment("0.11.0", 1)), LATER);

    assertThat(condition(second, "Ready").getLastTransitionTime())
        .isEqualTo(LATER); // False -> True
    assertThat(condition(second, "Progressing").getLastTransitionTime())
        .isEqualTo(LATER); // True -> False
    assertThat(condition(second, "Degraded").getLastTransitionTime())
        .isEqualTo(NOW); // False -> False
    assertThat(condition(second, "DatabaseReady").getLastTransitionTime()).isEqualTo(NOW);
    assertThat(condition(second, "ConfigurationWarning").getLastTransitionTime()).isEqualTo(NOW);
  }

  @Test
  void migrationStagesMoveTheTransitionTimesOnlyOnAStatusChange() {
    var m = TestResources.mathesar();
    var first = aggregate(m, migrating(null), null);
    m.setStatus(first);

    // Migrating -> creating the admin: Ready stays False, Progressing stays True.
    var second = StatusAggregator.aggregate(observation(m, CREATING_ADMIN, null), LATER);

    assertThat(condition(second, "Ready").getLastTransitionTime()).isEqualTo(NOW);
    assertThat(condition(second, "Ready").getReason()).isEqualTo("CreatingAdmin");
    assertThat(condition(second, "Progressing").getLastTransitionTime()).isEqualTo(NOW);
    assertThat(second.getPhase()).isEqualTo(Phase.Provisioning);
  }

  @Test
  void sameObservationTwiceGivesAnEqualStatus() {
    var m = TestResources.mathesar();
    var d = TestResources.completeDeployment("0.11.0", 1);
    var first = aggregate(m, d);
    m.setStatus(first);

    var second = StatusAggregator.aggregate(observation(m, DEPLOYED, d), LATER);

    assertThat(second).isEqualTo(first);
  }

  @Test
  void sameFailedMigrationTwiceGivesAnEqualStatus() {
    // A failed Job is not retried, so each reconciliation sees the same thing: no status write
    // loop.
    var m = running(OLD);
    var d = TestResources.completeDeployment(OLD, 1);
    var first = aggregate(m, migrationFailed(OLD), d);
    m.setStatus(first);

    var second = StatusAggregator.aggregate(observation(m, migrationFailed(OLD), d), LATER);

    assertThat(second).isEqualTo(first);
  }

  @Test
  void theImageThatMigratedIsRecordedWithItsVersion() {
    var m = TestResources.mathesar();
    assertThat(aggregate(m, migrating(null), null).getMigratedImage())
        .as("nothing migrated")
        .isNull();
    assertThat(aggregate(m, DEPLOYED, null).getMigratedImage())
        .isEqualTo("mathesar/mathesar:" + TARGET);

    var status = new MathesarStatus();
    status.setMigratedVersion(OLD);
    status.setMigratedImage("mirror.example/mathesar:" + OLD);
    m.setStatus(status);
    assertThat(aggregate(m, migrating(OLD), null).getMigratedImage())
        .as("kept while the upgrade runs")
        .isEqualTo("mirror.example/mathesar:" + OLD);
  }

  private static final org.mathesar.operator.desired.RestorePoint RESTORE_POINT =
      new org.mathesar.operator.desired.RestorePoint(
          new org.mathesar.operator.desired.BackupLocation.OnClaim("backups", "team-a/old/nightly"),
          "nightly-keys",
          "postgres:17",
          "MathesarBackup nightly");

  private static Observation restoring(Mathesar m, RolloutProgress progress) {
    return new Observation(
        m,
        Optional.of(TestResources.resolved(m).withRestore(RESTORE_POINT)),
        List.of(),
        List.of(),
        Optional.empty(),
        "demo-secret-key",
        progress,
        null,
        ResolvedInstance.databaseIdentity(m));
  }

  @Test
  void aRestoreRunningIsItsOwnPhaseAndNothingServes() {
    var s =
        StatusAggregator.aggregate(
            restoring(
                TestResources.mathesar(),
                new RolloutProgress(Stage.RESTORING, null, false, null, "demo-restore")),
            NOW);

    assertThat(s.getPhase()).isEqualTo(Phase.Restoring);
    assertCondition(s, "Ready", "False", "Restoring");
    assertCondition(s, "Progressing", "True", "Restoring");
    assertCondition(s, "Degraded", "False", "AsExpected");
    assertThat(condition(s, "Ready").getMessage())
        .contains("Job demo-restore restores")
        .contains("MathesarBackup nightly");
    assertThat(s.getRestoredFrom()).isNull();
  }

  @Test
  void aRefusedRestoreGivesTheJobsReasonAndWhatToDo() {
    var s =
        StatusAggregator.aggregate(
            restoring(
                TestResources.mathesar(),
                new RolloutProgress(
                    Stage.RESTORE_FAILED,
                    null,
                    false,
                    null,
                    "demo-restore",
                    false,
                    "DatabaseNotEmpty: database mathesar_django already holds 12 tables")),
            NOW);

    assertThat(s.getPhase()).isEqualTo(Phase.Failed);
    assertCondition(s, "Ready", "False", "DatabaseNotEmpty");
    assertCondition(s, "Progressing", "False", "DatabaseNotEmpty");
    assertCondition(s, "Degraded", "True", "DatabaseNotEmpty");
    assertThat(condition(s, "Degraded").getMessage())
        .contains("already holds 12 tables")
        .contains("kubectl -n team-a delete job demo-restore");

    var unexplained =
        StatusAggregator.aggregate(
            restoring(
                TestResources.mathesar(),
                new RolloutProgress(
                    Stage.RESTORE_FAILED,
                    null,
                    false,
                    null,
                    "demo-restore",
                    false,
                    "pg_restore:" + " error: could not connect")),
            NOW);
    assertCondition(unexplained, "Ready", "False", "RestoreFailed");
  }

  @Test
  void whereItWasRestoredFromIsRecordedOnceAndKept() {
    var m = TestResources.mathesar();
    var restored =
        StatusAggregator.aggregate(
            restoring(
                m,
                new RolloutProgress(
                    Stage.MIGRATING, null, true, null, "demo-migrate-0-11-0", true, null)),
            NOW);
    assertThat(restored.getRestoredFrom()).isEqualTo("pvc://backups/team-a/old/nightly/");
    assertThat(restored.getAdminCreated()).isTrue();

    // Later reconciliations no longer resolve spec.restoreFrom; the record stays.
    m.setStatus(restored);
    var later = aggregate(m, DEPLOYED, null);
    assertThat(later.getRestoredFrom()).isEqualTo("pvc://backups/team-a/old/nightly/");
  }
}
