package org.mathesar.operator.e2e;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mathesar.operator.customresource.CloudNativePGSpec;
import org.mathesar.operator.customresource.DatabaseSpec;

/**
 * An instance whose database is a CloudNativePG Cluster becomes Ready and its admin logs in. Runs
 * where CloudNativePG is installed (the kind workflow, -De2e.cloudNativePG=true); the project's own
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
      loggedIn(endpoint, ns, "cnpg");
    }
    report("cloudnativepg", "Cluster cnpg-db made, instance Ready, admin logged in");
  }
}
