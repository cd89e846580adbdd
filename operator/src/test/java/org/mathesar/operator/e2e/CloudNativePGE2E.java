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
}
