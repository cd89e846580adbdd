package org.mathesar.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Scenario 3: an upgrade runs Mathesar's real migrations. A migration that fails (an image whose
 * `migrate` exits non-zero) leaves the old version serving with MigrationFailed; pointing
 * spec.image back at the good image migrates and rolls, and the connected database and its table
 * are still there.
 */
class UpgradeE2E extends E2ESupport {
  private static final String NAME = "upgrade";

  @Test
  void failedMigrationKeepsTheOldVersionThenTheUpgradeKeepsTheData() throws Exception {
    var ns = RealCluster.newNamespace("upgrade");
    PostgresServer.start(client(), ns);
    var jobs = new JobLog(client(), ns);
    client().resource(mathesar(ns, NAME, RealCluster.OLD_VERSION)).create();
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

      // The new version's migration fails: the old pods keep serving.
      try (var poller = new Poller(new MathesarWeb(endpoint), "/auth/login/", 1000)) {
        edit(
            ns,
            NAME,
            m -> {
              m.getSpec().setVersion(RealCluster.VERSION);
              m.getSpec().setImage(RealCluster.BROKEN_IMAGE);
              return m;
            });
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
      var data = new UserData(-1, -1, "");
      for (var database : web.rpc("databases.configured.list", java.util.Map.of())) {
        if (database.get("name").asText().equals("userdata")) {
          data = new UserData(database.get("id").asLong(), -1, "");
        }
      }
      assertThat(data.databaseId()).as("userdata still connected after the upgrade").isPositive();
      long schemaOid = -1;
      for (var schema :
          web.rpc("schemas.list", java.util.Map.of("database_id", data.databaseId()))) {
        if (schema.get("name").asText().equals("public")) {
          schemaOid = schema.get("oid").asLong();
        }
      }
      assertThat(new UserData(data.databaseId(), schemaOid, "").tables(web))
          .contains("before_upgrade");
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
  }
}
