package org.mathesar.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.config.OperatorConfig;
import org.mathesar.operator.customresource.CloudNativePGBackupSpec;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.ClusterBackupMethod;
import org.mathesar.operator.desired.ClusterFactory;
import org.mathesar.operator.desired.ResolvedInstance;

/**
 * The Cluster and Backup the operator writes, against CloudNativePG 1.30's own CRDs (not the
 * stand-ins the other tests use): the API server keeps every field (its schema prunes the unknown
 * ones silently, so a misspelt field would vanish) and takes the plugin method. A server of its
 * own: the real schemas must not reach the tests that play CloudNativePG with free-form status.
 */
@EnableKubeAPIServer(kubeAPIVersion = OperatorTestBase.KUBE_VERSION)
class CloudNativePGSchemaIT {
  @io.fabric8.kubeapitest.junit.KubeConfig static String kubeConfigYaml;
  static KubernetesClient client;

  private static final String NS = "cnpg-schema";

  @BeforeAll
  static void realCrds() throws IOException {
    client =
        new io.fabric8.kubernetes.client.KubernetesClientBuilder()
            .withConfig(io.fabric8.kubernetes.client.Config.fromKubeconfig(kubeConfigYaml))
            .build();
    for (var file : List.of("/cnpg/1.30/clusters-crd.yaml", "/cnpg/1.30/backups-crd.yaml")) {
      try (var in = CloudNativePGSchemaIT.class.getResourceAsStream(file)) {
        // 1.20 refuses `default: ""` on the names of a few Secret references (newer servers take
        // it); nothing here touches those fields.
        var yaml =
            new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                .replaceAll("(?m)^\\s+default: \"\"\\n", "");
        CustomResourceDefinition crd =
            client
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .load(
                    new java.io.ByteArrayInputStream(
                        yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .item();
        // 1.20 knows no x-kubernetes-validations: create drops them, as installCrd says.
        client.resource(crd).create();
        await()
            .atMost(OperatorTestBase.TIMEOUT)
            .until(() -> OperatorTestBase.established(client.resource(crd).get()));
      }
    }
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
  }

  private static ResolvedInstance instance(String name, CloudNativePGBackupSpec backup) {
    Mathesar m = OperatorTestBase.mathesar(NS, name, "unused");
    m.getSpec().getDatabase().setExternal(null);
    var cnpg = new org.mathesar.operator.customresource.CloudNativePGSpec();
    cnpg.setBackup(backup);
    m.getSpec().getDatabase().setCloudNativePG(cnpg);
    return ResolvedInstance.resolve(m, OperatorConfig.defaults(), "");
  }

  @org.junit.jupiter.api.AfterAll
  static void close() {
    client.close();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource r) {
    return (Map<String, Object>) r.getAdditionalProperties().get("spec");
  }

  @Test
  void theBarmanCloudPluginIsTheClustersWalArchiverAndItsBackupsMethod() {
    var backup = new CloudNativePGBackupSpec();
    var barman = new CloudNativePGBackupSpec.BarmanCloud();
    barman.setObjectStore("mathesar-store");
    backup.setBarmanCloud(barman);
    var instance = instance("plugin", backup);

    var desired = ClusterFactory.build(instance);
    var stored = client.resource(desired).create();
    assertThat(spec(stored).get("plugins"))
        .as("read back as written, defaults included: nothing to patch on the next look")
        .isEqualTo(spec(desired).get("plugins"));
    assertThat(spec(stored).get("plugins"))
        .as("spec.plugins as the API server keeps it")
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
    var method =
        org.mathesar.operator.reconciler.DatabaseClusterState.backupMethod(stored).orElseThrow();
    assertThat(method)
        .isEqualTo(new ClusterBackupMethod("plugin", "barman-cloud.cloudnative-pg.io"));

    var taken =
        client.resource(ClusterFactory.backup(instance, "plugin-pre-0-11-0", method)).create();
    assertThat(spec(taken))
        .containsEntry("method", "plugin")
        .containsEntry("pluginConfiguration", Map.of("name", "barman-cloud.cloudnative-pg.io"))
        .containsEntry("cluster", Map.of("name", "plugin-db"));
  }

  @Test
  void volumeSnapshotsAreTheClustersMethod() {
    var backup = new CloudNativePGBackupSpec();
    var snapshot = new CloudNativePGBackupSpec.VolumeSnapshot();
    snapshot.setClassName("csi-hostpath-snapclass");
    backup.setVolumeSnapshot(snapshot);
    var instance = instance("snapshots", backup);

    var desired = ClusterFactory.build(instance);
    var stored = client.resource(desired).create();
    // spec.backup is a map of its own fields, so the server's default for backup.target is not
    // the operator's; volumeSnapshot, written whole, must read back whole.
    assertThat(((Map<?, ?>) spec(stored).get("backup")).get("volumeSnapshot"))
        .as("read back as written, defaults included: nothing to patch on the next look")
        .isEqualTo(((Map<?, ?>) spec(desired).get("backup")).get("volumeSnapshot"));
    @SuppressWarnings("unchecked")
    var kept = (Map<String, Object>) spec(stored).get("backup");
    @SuppressWarnings("unchecked")
    var volumeSnapshot = (Map<String, Object>) kept.get("volumeSnapshot");
    assertThat(volumeSnapshot).containsEntry("className", "csi-hostpath-snapclass");
    var method =
        org.mathesar.operator.reconciler.DatabaseClusterState.backupMethod(stored).orElseThrow();
    assertThat(method.method()).isEqualTo("volumeSnapshot");
    var taken =
        client.resource(ClusterFactory.backup(instance, "snapshots-pre-0-11-0", method)).create();
    assertThat(spec(taken)).containsEntry("method", "volumeSnapshot");
  }

  @Test
  void theRealSchemaRefusesAMethodCloudNativePGDoesNotHave() {
    var instance = instance("bogus", null);
    assertThatThrownBy(
            () ->
                client
                    .resource(
                        ClusterFactory.backup(
                            instance, "bogus-pre", new ClusterBackupMethod("tape", null)))
                    .create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec.method");
  }
}
