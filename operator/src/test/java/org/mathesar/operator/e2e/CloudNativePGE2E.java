package org.mathesar.operator.e2e;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mathesar.operator.customresource.CloudNativePGSpec;
import org.mathesar.operator.customresource.DatabaseSpec;

/**
 * An instance whose database is a CloudNativePG Cluster becomes Ready, its admin logs in, and
 * "Create a new database" works in it (the Cluster's owner role has CREATEDB). Runs where
 * CloudNativePG is installed (the kind workflow, -De2e.cloudNativePG=true); the project's own
 * cluster has no CloudNativePG image.
 */
@EnabledIfSystemProperty(named = "e2e.cloudNativePG", matches = "true")
class CloudNativePGE2E extends E2ESupport {

  @Test
  void aCloudNativePGInstanceServesItsAdmin() throws Exception {
    var ns = RealCluster.newNamespace("cnpg");
    var m = mathesar(ns, "cnpg", RealCluster.VERSION);
    var database = new DatabaseSpec();
    database.setCloudNativePG(new CloudNativePGSpec());
    m.getSpec().setDatabase(database);
    client().resource(m).create();
    awaitMathesar(ns, "cnpg", Duration.ofMinutes(10), ready());
    try (var endpoint = ServiceEndpoint.open(client(), ns, "cnpg")) {
      var web = loggedIn(endpoint, ns, "cnpg");
      // What the UI's "Create a new database" sends: without CREATEDB the server refuses it.
      var data = UserData.create(web, "created", "things");
      org.assertj.core.api.Assertions.assertThat(data.tables(web)).contains("things");
    }
    report(
        "cloudnativepg",
        "Cluster cnpg-db made, instance Ready, admin logged in, database created through the UI's RPC");
  }

  /**
   * An upgrade of a CloudNativePG instance whose Cluster is backed up by the Barman Cloud plugin
   * (spec.database.cloudNativePG.backup.barmanCloud), to an ObjectStore on s3proxy: the Backup
   * taken before the migration has method plugin and completes, then the new version serves. Needs
   * cert-manager and the plugin (the kind workflow installs both; -De2e.barmanCloud=true).
   */
  @Test
  @EnabledIfSystemProperty(named = "e2e.barmanCloud", matches = "true")
  void anUpgradeIsBackedUpFirstByTheBarmanCloudPlugin() throws Exception {
    var ns = RealCluster.newNamespace("barman");
    var s3 = S3Server.start(client(), ns);
    var store =
        new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder()
            .withApiVersion("barmancloud.cnpg.io/v1")
            .withKind("ObjectStore")
            .withNewMetadata()
            .withName("mathesar-store")
            .withNamespace(ns)
            .endMetadata()
            .withAdditionalProperties(
                java.util.Map.of(
                    "spec",
                    java.util.Map.of(
                        "configuration",
                        java.util.Map.of(
                            "destinationPath",
                            "s3://" + S3Server.BUCKET + "/cnpg",
                            "endpointURL",
                            s3.endpoint(),
                            "s3Credentials",
                            java.util.Map.of(
                                "accessKeyId",
                                java.util.Map.of(
                                    "name", S3Server.CREDENTIALS, "key", "AWS_ACCESS_KEY_ID"),
                                "secretAccessKey",
                                java.util.Map.of(
                                    "name",
                                    S3Server.CREDENTIALS,
                                    "key",
                                    "AWS_SECRET_ACCESS_KEY"))))))
            .build();
    client().resource(store).create();
    var m = mathesar(ns, "barman", RealCluster.OLD_VERSION);
    var cnpg = new CloudNativePGSpec();
    var backup = new org.mathesar.operator.customresource.CloudNativePGBackupSpec();
    var barman = new org.mathesar.operator.customresource.CloudNativePGBackupSpec.BarmanCloud();
    barman.setObjectStore("mathesar-store");
    backup.setBarmanCloud(barman);
    cnpg.setBackup(backup);
    var database = new DatabaseSpec();
    database.setCloudNativePG(cnpg);
    m.getSpec().setDatabase(database);
    client().resource(m).create();
    awaitMathesar(ns, "barman", Duration.ofMinutes(10), ready());
    var started = java.time.Instant.now();
    edit(
        ns,
        "barman",
        r -> {
          r.getSpec().setVersion(RealCluster.VERSION);
          return r;
        });
    awaitMathesar(
        ns,
        "barman",
        Duration.ofMinutes(10),
        r -> ready().test(r) && RealCluster.VERSION.equals(r.getStatus().getMigratedVersion()));
    var took = Duration.between(started, java.time.Instant.now());
    var taken =
        client()
            .genericKubernetesResources("postgresql.cnpg.io/v1", "Backup")
            .inNamespace(ns)
            .list()
            .getItems();
    org.assertj.core.api.Assertions.assertThat(taken)
        .singleElement()
        .satisfies(
            b -> {
              @SuppressWarnings("unchecked")
              var spec = (java.util.Map<String, Object>) b.getAdditionalProperties().get("spec");
              @SuppressWarnings("unchecked")
              var status =
                  (java.util.Map<String, Object>) b.getAdditionalProperties().get("status");
              org.assertj.core.api.Assertions.assertThat(spec).containsEntry("method", "plugin");
              org.assertj.core.api.Assertions.assertThat(status)
                  .containsEntry("phase", "completed");
            });
    org.assertj.core.api.Assertions.assertThat(s3.keys())
        .as("the plugin wrote to the bucket")
        .anyMatch(k -> k.startsWith("cnpg/"));
    report(
        "cloudnativepg",
        "Barman Cloud plugin: the upgrade "
            + RealCluster.OLD_VERSION
            + " to "
            + RealCluster.VERSION
            + " took a Backup with method plugin (completed) before migrating; Ready at "
            + RealCluster.VERSION
            + " "
            + took.toSeconds()
            + " s after the edit");
  }
}
