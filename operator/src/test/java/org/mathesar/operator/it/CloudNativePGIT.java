package org.mathesar.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.mathesar.operator.config.OperatorConfig;
import org.mathesar.operator.customresource.Phase;
import org.mathesar.operator.status.Conditions;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CloudNativePGIT extends OperatorTestBase {

  @Test
  @Order(1)
  void withoutCloudNativePGTheInstanceSaysSoOthersRunAndTheCrdIsPickedUpLater() throws Exception {
    operator.close();
    operator = startOperator(OperatorConfig.defaults().withPollSeconds(1));
    var ns = newNamespace();
    credentials(ns, "db");
    client.resource(cloudNativePGMathesar(ns, "early")).create();
    client.resource(mathesar(ns, "external", "db")).create();

    var waiting =
        awaitMathesar(
            ns,
            "early",
            condition(Conditions.DATABASE_READY, "False", "CloudNativePGNotInstalled"));
    assertThat(
            Conditions.find(waiting.getStatus().getConditions(), Conditions.DATABASE_READY)
                .orElseThrow()
                .getMessage())
        .contains("clusters.postgresql.cnpg.io", "spec.database.external");
    awaitInstalled(ns, "external");

    installCloudNativePGCrds();
    await().atMost(TIMEOUT).until(() -> cluster(ns, "early-db").get() != null);
    awaitMathesar(ns, "early", condition(Conditions.DATABASE_READY, "False", "ClusterNotReady"));
  }

  @Test
  @Order(2)
  void clusterIsMadeAndMathesarWaitsForItThenReadsItsSecret() {
    var ns = newNamespace();
    var m = cloudNativePGMathesar(ns, "pg");
    m.getSpec().getDatabase().getCloudNativePG().setInstances(2);
    m.getSpec().getDatabase().getCloudNativePG().getStorage().setSize("10Gi");
    client.resource(m).create();

    await().atMost(TIMEOUT).until(() -> cluster(ns, "pg-db").get() != null);
    var c = cluster(ns, "pg-db").get();
    assertThat((Map<String, Object>) c.get("spec"))
        .containsEntry("instances", 2)
        .containsEntry("storage", Map.of("size", "10Gi"))
        .containsEntry(
            "bootstrap",
            Map.of("initdb", Map.of("database", "mathesar_django", "owner", "mathesar")));
    assertThat(c.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(r -> assertThat(r.getName()).isEqualTo("pg"));
    var pending =
        awaitMathesar(ns, "pg", condition(Conditions.DATABASE_READY, "False", "ClusterNotReady"));
    assertThat(pending.getStatus().getPhase()).isEqualTo(Phase.Pending);
    assertThat(jobs(ns, "pg", "migrate")).as("nothing runs before the database is ready").isEmpty();
    assertThat(client.apps().deployments().inNamespace(ns).withName("pg").get()).isNull();

    markClusterReady(ns, "pg");
    var job = awaitJob(ns, "pg", "migrate");
    var env = job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
    assertThat(env)
        .filteredOn(
            e ->
                List.of(
                        "POSTGRES_HOST",
                        "POSTGRES_PORT",
                        "POSTGRES_DB",
                        "POSTGRES_USER",
                        "POSTGRES_PASSWORD")
                    .contains(e.getName()))
        .hasSize(5)
        .allSatisfy(
            e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("pg-db-app"));
    var ready =
        awaitMathesar(ns, "pg", condition(Conditions.DATABASE_READY, "True", "ClusterReady"));
    assertThat(
            Conditions.find(ready.getStatus().getConditions(), Conditions.DATABASE_READY)
                .orElseThrow()
                .getMessage())
        .contains("Cluster in healthy state");

    editMathesar(
        ns,
        "pg",
        x -> {
          x.getSpec().getDatabase().getCloudNativePG().setInstances(3);
          x.getSpec().getDatabase().getCloudNativePG().getStorage().setSize("20Gi");
          return x;
        });
    await()
        .atMost(TIMEOUT)
        .until(
            () -> {
              Map<String, Object> spec = cluster(ns, "pg-db").get().get("spec");
              return Integer.valueOf(3).equals(spec.get("instances"))
                  && Map.of("size", "20Gi").equals(spec.get("storage"));
            });

    editMathesar(
        ns,
        "pg",
        x -> {
          x.getSpec().getDatabase().getCloudNativePG().getStorage().setSize("5Gi");
          return x;
        });
    var refused =
        awaitMathesar(ns, "pg", condition(Conditions.DEGRADED, "True", "DatabaseStorageShrink"));
    assertThat(
            Conditions.find(refused.getStatus().getConditions(), Conditions.DEGRADED)
                .orElseThrow()
                .getMessage())
        .contains("spec.database.cloudNativePG.storage.size", "20Gi");
    assertThat((Map<String, Object>) cluster(ns, "pg-db").get().get("spec"))
        .containsEntry("storage", Map.of("size", "20Gi"));
  }

  @Test
  @Order(3)
  void upgradeTakesABackupFirstWhenTheClusterHasBackups() {
    var ns = newNamespace();
    client.resource(cloudNativePGMathesar(ns, "safe")).create();
    markClusterReady(ns, "safe");
    awaitInstalled(ns, "safe");
    awaitMathesar(
        ns,
        "safe",
        m ->
            "0.11.0".equals(m.getStatus().getMigratedVersion())
                && Boolean.TRUE.equals(m.getStatus().getAdminCreated()));
    // The user configured backups on the Cluster (a field the operator does not manage).
    cluster(ns, "safe-db")
        .edit(
            c -> {
              ((Map<String, Object>) c.getAdditionalProperties().get("spec"))
                  .put(
                      "backup",
                      Map.of("barmanObjectStore", Map.of("destinationPath", "s3://backups/")));
              return c;
            });

    editMathesar(ns, "safe", m -> upgradeTo(m, "0.12.0"));
    var backups =
        client.genericKubernetesResources("postgresql.cnpg.io/v1", "Backup").inNamespace(ns);
    await().atMost(TIMEOUT).until(() -> backups.withName("safe-db-pre-0-12-0").get() != null);
    assertThat((Map<String, Object>) backups.withName("safe-db-pre-0-12-0").get().get("spec"))
        .containsEntry("cluster", Map.of("name", "safe-db"))
        .containsEntry("method", "barmanObjectStore");
    var upgrading =
        awaitMathesar(ns, "safe", condition(Conditions.PROGRESSING, "True", "BackingUp"));
    assertThat(upgrading.getStatus().getPhase()).isEqualTo(Phase.Upgrading);
    assertThat(client.batch().v1().jobs().inNamespace(ns).withName("safe-migrate-0-12-0").get())
        .isNull();

    GenericKubernetesResource backup = backups.withName("safe-db-pre-0-12-0").get();
    backup.setAdditionalProperty("status", Map.of("phase", "completed"));
    backup.getMetadata().setResourceVersion(null);
    client.resource(backup).updateStatus();
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client.batch().v1().jobs().inNamespace(ns).withName("safe-migrate-0-12-0").get()
                    != null);
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .as("the legacy object store still works, and says it is deprecated")
        .anySatisfy(
            e -> {
              assertThat(e.getReason()).isEqualTo("DeprecatedBackupMethod");
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getMessage()).contains("barmanCloud");
            });
  }

  /**
   * spec.database.cloudNativePG.backup.barmanCloud: the Cluster gets the plugin as its WAL
   * archiver, and the Backup before an upgrade names it; a Cluster whose PostgreSQL is too old for
   * the target release gets no Backup and no Job.
   */
  @Test
  @Order(4)
  void theBarmanCloudPluginBacksUpAnUpgradeAndAnOldServerIsRefusedFirst() {
    var ns = newNamespace();
    var m = cloudNativePGMathesar(ns, "plugin");
    var backup = new org.mathesar.operator.customresource.CloudNativePGBackupSpec();
    var barman = new org.mathesar.operator.customresource.CloudNativePGBackupSpec.BarmanCloud();
    barman.setObjectStore("mathesar-store");
    backup.setBarmanCloud(barman);
    m.getSpec().getDatabase().getCloudNativePG().setBackup(backup);
    client.resource(m).create();
    markClusterReady(ns, "plugin");
    awaitInstalled(ns, "plugin");
    awaitMathesar(ns, "plugin", mm -> "0.11.0".equals(mm.getStatus().getMigratedVersion()));
    assertThat(((Map<String, Object>) cluster(ns, "plugin-db").get().get("spec")).get("plugins"))
        .isEqualTo(
            List.of(
                Map.of(
                    "name",
                    "barman-cloud.cloudnative-pg.io",
                    "enabled",
                    true,
                    "isWALArchiver",
                    true,
                    "parameters",
                    Map.of("barmanObjectName", "mathesar-store"))));

    // The plugin's WAL archiving fails (no such ObjectStore, say): a warning before any upgrade.
    var c = cluster(ns, "plugin-db").get();
    var status = new java.util.LinkedHashMap<>((Map<String, Object>) c.get("status"));
    var healthy = status.get("conditions");
    status.put(
        "conditions",
        List.of(
            ((List<?>) healthy).get(0),
            Map.of(
                "type",
                "ContinuousArchiving",
                "status",
                "False",
                "reason",
                "ContinuousArchivingFailing",
                "message",
                "objectstores.barmancloud.cnpg.io \"mathesar-store\" not found",
                "lastTransitionTime",
                java.time.Instant.now().toString())));
    clusterStatus(ns, "plugin-db", status);
    var warned =
        awaitMathesar(
            ns,
            "plugin",
            condition(Conditions.CONFIGURATION_WARNING, "True", "ContinuousArchivingFailing"));
    assertThat(
            Conditions.find(warned.getStatus().getConditions(), Conditions.CONFIGURATION_WARNING)
                .orElseThrow()
                .getMessage())
        .contains("spec.database.cloudNativePG.backup")
        .contains("\"mathesar-store\" not found")
        .contains("kubectl describe cluster plugin-db");
    awaitWarning(ns, "ContinuousArchivingFailing", "plugin-db");
    status.put("conditions", healthy);
    clusterStatus(ns, "plugin-db", status);
    awaitMathesar(ns, "plugin", condition(Conditions.CONFIGURATION_WARNING, "False", "None"));

    // CloudNativePG reports the data directory's PostgreSQL: 13 is too old for 0.12.0.
    status.put("pgDataImageInfo", Map.of("image", "postgresql:13.18", "majorVersion", 13));
    clusterStatus(ns, "plugin-db", status);
    editMathesar(ns, "plugin", mm -> upgradeTo(mm, "0.12.0"));
    awaitMathesar(
        ns, "plugin", condition(Conditions.DATABASE_READY, "False", "PostgresVersionUnsupported"));
    var backups =
        client.genericKubernetesResources("postgresql.cnpg.io/v1", "Backup").inNamespace(ns);
    assertThat(backups.list().getItems()).as("no backup before the preflight passes").isEmpty();
    assertThat(client.batch().v1().jobs().inNamespace(ns).withName("plugin-migrate-0-12-0").get())
        .isNull();

    status.put("pgDataImageInfo", Map.of("image", "postgresql:17.5", "majorVersion", 17));
    clusterStatus(ns, "plugin-db", status);
    await().atMost(TIMEOUT).until(() -> backups.withName("plugin-db-pre-0-12-0").get() != null);
    assertThat((Map<String, Object>) backups.withName("plugin-db-pre-0-12-0").get().get("spec"))
        .containsEntry("method", "plugin")
        .containsEntry("pluginConfiguration", Map.of("name", "barman-cloud.cloudnative-pg.io"));
  }

  @Test
  @Order(5)
  void upgradeWithoutBackupConfigurationSaysItSkippedTheBackup() {
    var ns = newNamespace();
    client.resource(cloudNativePGMathesar(ns, "nobackup")).create();
    markClusterReady(ns, "nobackup");
    awaitInstalled(ns, "nobackup");
    awaitMathesar(ns, "nobackup", m -> Boolean.TRUE.equals(m.getStatus().getAdminCreated()));

    editMathesar(ns, "nobackup", m -> upgradeTo(m, "0.12.0"));
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client.batch().v1().jobs().inNamespace(ns).withName("nobackup-migrate-0-12-0").get()
                    != null);
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .anySatisfy(
            e -> {
              assertThat(e.getReason()).isEqualTo("BackupSkipped");
              assertThat(e.getType()).isEqualTo("Normal");
            });
  }

  /**
   * The Cluster as written is what the API server keeps, so a reconciliation finds nothing to
   * apply.
   */
  @Test
  @Order(6)
  void aConvergedInstanceWithItsClusterIsReconciledWithoutAWrite() {
    var ns = newNamespace();
    client.resource(cloudNativePGMathesar(ns, "steady")).create();
    markClusterReady(ns, "steady");
    awaitRunning(ns, "steady");
    awaitFinishedJobsGone(ns, "steady");
    assertAReconciliationWritesNothing(ns, "steady");
  }
}
