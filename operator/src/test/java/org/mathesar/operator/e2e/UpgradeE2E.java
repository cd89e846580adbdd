package org.mathesar.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Scenario 3: an upgrade runs Mathesar's real migrations, after the backup of the old version it
 * takes first (spec.backup.target). A migration that fails (an image whose `migrate` exits
 * non-zero) leaves the old version serving with MigrationFailed; pointing spec.image back at the
 * good image migrates and rolls, and the connected database and its table are still there. The
 * rollback of docs/upgrades.md then brings the old version back from the pre-upgrade backup.
 */
class UpgradeE2E extends E2ESupport {
  private static final String NAME = "upgrade";

  @Test
  void failedMigrationKeepsTheOldVersionThenTheUpgradeKeepsTheData() throws Exception {
    var ns = RealCluster.newNamespace("upgrade");
    var pg = PostgresServer.start(client(), ns);
    var jobs = new JobLog(client(), ns);
    backupClaim(ns, "backups");
    var instance = mathesar(ns, NAME, RealCluster.OLD_VERSION);
    var own = new org.mathesar.operator.customresource.InstanceBackupSpec();
    own.setTarget(
        new org.mathesar.operator.customresource.BackupTarget(
            new org.mathesar.operator.customresource.ClaimRef("backups")));
    own.setImage(RealCluster.POSTGRES_IMAGE);
    instance.getSpec().setBackup(own);
    client().resource(instance).create();
    awaitMathesar(
        ns,
        NAME,
        RealCluster.READY_TIMEOUT,
        ready().and(m -> RealCluster.OLD_VERSION.equals(m.getStatus().getVersion())));

    try (var endpoint = ServiceEndpoint.open(client(), ns, NAME)) {
      var web = loggedIn(endpoint, ns, NAME);
      var data = UserData.create(web, "userdata", "before_upgrade");
      // A declared database too: the operator upgrades Mathesar's SQL in it after the upgrade.
      var declared = new org.mathesar.operator.customresource.MathesarDatabaseSpec();
      declared.setInstanceRef(new org.mathesar.operator.customresource.InstanceRef(NAME));
      declared.setDatabase("declared");
      declared.setCreate(true);
      client().resource(ConnectedDatabaseE2E.named(ns, "declared", declared)).create();
      ConnectedDatabaseE2E.awaitDatabase(
          ns, "declared", Duration.ofMinutes(2), ConnectedDatabaseE2E.readyDb());

      // A username 0.11.0's migrations cannot keep: the preflight refuses the upgrade before any
      // backup or Job. Renamed in Mathesar, the upgrade goes on by itself.
      var longUser = longUsername(web);
      // The new version's migration fails: the old pods keep serving.
      try (var poller = new Poller(new MathesarWeb(endpoint), "/auth/login/", 1000)) {
        var edited = Instant.now();
        edit(
            ns,
            NAME,
            m -> {
              m.getSpec().setVersion(RealCluster.VERSION);
              m.getSpec().setImage(RealCluster.BROKEN_IMAGE);
              return m;
            });
        var refused =
            awaitMathesar(
                ns, NAME, Duration.ofMinutes(2), condition("Degraded", "True", "UsernameTooLong"));
        var refusedAfter = Duration.between(edited, Instant.now());
        assertThat(
                refused.getStatus().getConditions().stream()
                    .filter(c -> "Degraded".equals(c.getType()))
                    .findFirst()
                    .orElseThrow()
                    .getMessage())
            .contains("id " + longUser + " (64 characters)");
        assertThat(preUpgradeBackup(ns)).as("no backup for a refused upgrade").isNull();
        assertThat(migrationJob(ns).get()).as("no migration Job for a refused upgrade").isNull();
        var renamed = Instant.now();
        web.rpc(
            "users.patch_other",
            Map.of(
                "user_id",
                longUser,
                "username",
                "renamed",
                "is_superuser",
                false,
                "email",
                "renamed@example.org",
                "full_name",
                "Renamed",
                "display_language",
                "en"));
        awaitMathesar(ns, NAME, Duration.ofMinutes(2), m -> preUpgradeBackup(ns) != null);
        report(
            "upgrade",
            "preflight: a 64-character username refused the upgrade to "
                + RealCluster.VERSION
                + " (UsernameTooLong) "
                + refusedAfter.toSeconds()
                + " s after the edit, with no backup and no Job; renamed in Mathesar, the backup"
                + " started "
                + Duration.between(renamed, Instant.now()).toSeconds()
                + " s later");
        var failed =
            awaitMathesar(
                ns,
                NAME,
                RealCluster.READY_TIMEOUT,
                m ->
                    m.getStatus() != null
                        && m.getStatus().getFailedMigration() != null
                        && m.getStatus().getConditions().stream()
                            .anyMatch(c -> "MigrationFailed".equals(c.getReason())));
        assertThat(failed.getStatus().getVersion()).isEqualTo(RealCluster.OLD_VERSION);
        // The backup of the old version came first: the migration Job was made after it ended.
        var backup =
            client()
                .resources(org.mathesar.operator.customresource.MathesarBackup.class)
                .inNamespace(ns)
                .withName(PRE_UPGRADE_BACKUP)
                .require();
        assertThat(backup.getStatus().getPhase())
            .isEqualTo(org.mathesar.operator.customresource.BackupPhase.Completed);
        assertThat(backup.getStatus().getVersion()).isEqualTo(RealCluster.OLD_VERSION);
        var migration = migrationJob(ns).require();
        assertThat(Instant.parse(migration.getMetadata().getCreationTimestamp()))
            .as("the migration Job is made once the backup is done")
            .isAfterOrEqualTo(Instant.parse(backup.getStatus().getCompletedAt()));
        report(
            "upgrade",
            "backup before the upgrade: MathesarBackup "
                + PRE_UPGRADE_BACKUP
                + " of "
                + RealCluster.OLD_VERSION
                + " Completed in "
                + Duration.between(
                        Instant.parse(backup.getStatus().getStartedAt()),
                        Instant.parse(backup.getStatus().getCompletedAt()))
                    .toSeconds()
                + " s, before the migration Job was made");
        assertThat(failed.getStatus().getMigratedVersion()).isEqualTo(RealCluster.OLD_VERSION);
        assertThat(webPods(ns, NAME))
            .extracting(p -> p.getSpec().getContainers().get(0).getImage())
            .as("images of the serving pods")
            .containsOnly("mathesar/mathesar:" + RealCluster.OLD_VERSION);
        assertThat(poller.failures())
            .as("requests failed while the broken migration ran: " + poller)
            .isZero();
        report(
            "upgrade",
            "broken migration image: MigrationFailed, "
                + RealCluster.OLD_VERSION
                + " kept serving: "
                + poller);
      }
      assertThat(data.tables(web)).contains("before_upgrade");

      // Back to the real image: the migration runs and the pods move to the new version.
      var upgradeStarted = Instant.now();
      try (var poller = new Poller(new MathesarWeb(endpoint), "/auth/login/", 1000)) {
        edit(
            ns,
            NAME,
            m -> {
              m.getSpec().setImage(null);
              return m;
            });
        var upgraded =
            awaitMathesar(
                ns,
                NAME,
                RealCluster.READY_TIMEOUT,
                ready().and(m -> RealCluster.VERSION.equals(m.getStatus().getVersion())));
        assertThat(upgraded.getStatus().getMigratedVersion()).isEqualTo(RealCluster.VERSION);
        report(
            "upgrade",
            RealCluster.OLD_VERSION
                + " to "
                + RealCluster.VERSION
                + " Ready after "
                + Duration.between(upgradeStarted, Instant.now()).toSeconds()
                + " s; login page during the upgrade"
                + " (1 replica, ReadWriteOnce media, polled every second): "
                + poller
                + "; migration Jobs: "
                + jobs.summary("migrate"));
        assertNoFailedRequests(endpoint, poller, "the upgrade");
      }

      // A spec change that is not an upgrade rolls the single pod without downtime too.
      var before = webPods(ns, NAME).get(0).getMetadata().getUid();
      try (var poller = new Poller(new MathesarWeb(endpoint), "/auth/login/", 1000)) {
        edit(
            ns,
            NAME,
            m -> {
              m.getSpec()
                  .setEnv(
                      java.util.List.of(
                          new io.fabric8.kubernetes.api.model.EnvVar("E2E_ROLL", "1", null)));
              return m;
            });
        awaitMathesar(
            ns,
            NAME,
            RealCluster.READY_TIMEOUT,
            ready()
                .and(
                    m ->
                        webPods(ns, NAME).stream()
                            .noneMatch(p -> p.getMetadata().getUid().equals(before))));
        report(
            "upgrade",
            "spec change (1 replica, ReadWriteOnce media): login page polled every second: "
                + poller);
        assertNoFailedRequests(endpoint, poller, "the spec change");
      }
    }
    // New pods behind the Service: a new session, as a user would after the upgrade.
    try (var endpoint = ServiceEndpoint.open(client(), ns, NAME)) {
      var web = loggedIn(endpoint, ns, NAME);
      var data = UserData.find(web, "userdata");
      assertThat(data.databaseId()).as("userdata still connected after the upgrade").isPositive();
      assertThat(data.tables(web)).contains("before_upgrade");
      var declared =
          ConnectedDatabaseE2E.awaitDatabase(
              ns, "declared", Duration.ofMinutes(2), ConnectedDatabaseE2E.readyDb());
      assertThat(
              web.rpc(
                  "schemas.list",
                  java.util.Map.of("database_id", declared.getStatus().getDatabaseId())))
          .as("schemas of the declared database after the upgrade")
          .isNotEmpty();
      report(
          "upgrade",
          "MathesarDatabase declared (create: true) on "
              + RealCluster.OLD_VERSION
              + ": Ready after the"
              + " upgrade to "
              + RealCluster.VERSION
              + ", its schemas open ("
              + ConnectedDatabaseE2E.readyMessage(declared)
              + ")");
    }
    jobs.close();
    rollBack(ns, pg);
  }

  /** The target version's migration Job. */
  private static io.fabric8.kubernetes.client.dsl.Resource<
          io.fabric8.kubernetes.api.model.batch.v1.Job>
      migrationJob(String ns) {
    return client()
        .batch()
        .v1()
        .jobs()
        .inNamespace(ns)
        .withName(NAME + "-migrate-" + RealCluster.VERSION.replace('.', '-'));
  }

  private static org.mathesar.operator.customresource.MathesarBackup preUpgradeBackup(String ns) {
    return client()
        .resources(org.mathesar.operator.customresource.MathesarBackup.class)
        .inNamespace(ns)
        .withName(PRE_UPGRADE_BACKUP)
        .get();
  }

  /** A user whose username has 64 characters, added through Mathesar's RPC: its id. */
  private static long longUsername(MathesarWeb web) throws Exception {
    var added =
        web.rpc(
            "users.add",
            Map.of(
                "user_def",
                Map.of(
                    "username",
                    "u".repeat(64),
                    "password",
                    "long-name-passw0rd",
                    "is_superuser",
                    false,
                    "email",
                    "long@example.org")));
    return added.get("id").asLong();
  }

  private static final String PRE_UPGRADE_BACKUP =
      NAME + "-pre-" + RealCluster.VERSION.replace('.', '-');

  /**
   * docs/upgrades.md#rolling-back: the pre-upgrade backup restored into a new instance of the old
   * version and an empty database; the admin logs in and the connected database has its table.
   */
  private static void rollBack(String ns, PostgresServer pg) throws Exception {
    pg.sql("postgres", "CREATE DATABASE rollback_django OWNER " + PostgresServer.USER);
    var rollback = mathesar(ns, "rollback", RealCluster.OLD_VERSION);
    rollback.getSpec().getDatabase().getExternal().setDatabase("rollback_django");
    var from = new org.mathesar.operator.customresource.RestoreSource();
    from.setBackup(PRE_UPGRADE_BACKUP);
    rollback.getSpec().setRestoreFrom(from);
    var started = Instant.now();
    client().resource(rollback).create();
    var back =
        awaitMathesar(
            ns,
            "rollback",
            RealCluster.READY_TIMEOUT,
            ready().and(m -> RealCluster.OLD_VERSION.equals(m.getStatus().getVersion())));
    var took = Duration.between(started, Instant.now());
    assertThat(back.getStatus().getRestoredFrom()).endsWith("/" + PRE_UPGRADE_BACKUP + "/");
    assertThat(back.getStatus().getMigratedVersion()).isEqualTo(RealCluster.OLD_VERSION);
    var keys = client().secrets().inNamespace(ns).withName(PRE_UPGRADE_BACKUP + "-keys").require();
    try (var endpoint = ServiceEndpoint.open(client(), ns, "rollback")) {
      var web = new MathesarWeb(endpoint);
      assertThat(loginAsBackupAdmin(web, keys))
          .as("the admin of the upgraded instance logs in to the rolled-back one")
          .isEqualTo(302);
      var data = UserData.find(web, "userdata");
      assertThat(data.databaseId())
          .as("userdata connected in the rolled-back instance")
          .isPositive();
      assertThat(data.tables(web)).contains("before_upgrade");
    }
    report(
        "upgrade",
        "rollback (docs/upgrades.md): "
            + RealCluster.OLD_VERSION
            + " restored from "
            + PRE_UPGRADE_BACKUP
            + " into a new instance and an empty database, Ready "
            + took.toSeconds()
            + " s after apply; the admin logs in, the connected database has its table");
  }
}
