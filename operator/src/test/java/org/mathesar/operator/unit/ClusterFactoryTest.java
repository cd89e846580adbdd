package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.ClusterFactory;
import org.mathesar.operator.desired.ObjectNames;

class ClusterFactoryTest {
  private static GenericKubernetesResource build(Mathesar m) {
    return ClusterFactory.build(TestResources.resolved(m));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource resource) {
    return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    assertThat(o).isInstanceOf(Map.class);
    return (Map<String, Object>) o;
  }

  @Test
  void clusterIsAnUntypedCloudNativePGClusterNamedAfterTheInstance() {
    var cluster = build(TestResources.cloudNativePG("shop"));

    assertThat(cluster.getApiVersion()).isEqualTo("postgresql.cnpg.io/v1");
    assertThat(cluster.getKind()).isEqualTo("Cluster");
    assertThat(cluster.getMetadata().getName())
        .isEqualTo("shop-db")
        .isEqualTo(ObjectNames.databaseCluster(TestResources.cloudNativePG("shop")));
    assertThat(cluster.getMetadata().getNamespace()).isEqualTo(TestResources.NAMESPACE);
    assertThat(cluster.getMetadata().getOwnerReferences()).isNullOrEmpty();
  }

  @Test
  void clusterIsLabelledAsTheDatabaseComponent() {
    var cluster = build(TestResources.cloudNativePG("shop"));

    assertThat(cluster.getMetadata().getLabels())
        .containsOnly(
            entry("app.kubernetes.io/name", "mathesar"),
            entry("app.kubernetes.io/instance", "shop"),
            entry("app.kubernetes.io/managed-by", "mathesar-operator"),
            entry("app.kubernetes.io/component", "database"));
  }

  @Test
  void defaultsAreOneInstanceOfFiveGiWithTheDefaultImageAndClass() {
    var spec = spec(build(TestResources.cloudNativePG()));

    assertThat(spec).containsOnlyKeys("instances", "storage", "bootstrap", "managed");
    assertThat(spec.get("instances")).isEqualTo(1);
    assertThat(map(spec.get("storage"))).containsOnly(entry("size", "5Gi"));
  }

  @Test
  void theOwnerMayCreateDatabasesButNotRoles() {
    var spec = map(build(TestResources.cloudNativePG()).getAdditionalProperties().get("spec"));

    var roles = (java.util.List<?>) map(spec.get("managed")).get("roles");
    assertThat(roles).hasSize(1);
    var owner = map(roles.get(0));
    assertThat(owner)
        .containsEntry("name", "mathesar")
        .containsEntry("ensure", "present")
        .containsEntry("login", true)
        .containsEntry("createdb", true)
        .doesNotContainKeys("createrole", "superuser", "passwordSecret");
  }

  @Test
  void bootstrapMakesTheMathesarDatabaseOwnedByMathesar() {
    var spec = spec(build(TestResources.cloudNativePG()));

    var bootstrap = map(spec.get("bootstrap"));
    assertThat(bootstrap).containsOnlyKeys("initdb");
    assertThat(map(bootstrap.get("initdb")))
        .containsOnly(entry("database", "mathesar_django"), entry("owner", "mathesar"));
  }

  @Test
  void instancesComeFromTheSpec() {
    var m = TestResources.cloudNativePG();
    TestResources.cnpg(m).setInstances(3);

    assertThat(spec(build(m)).get("instances")).isEqualTo(3);

    TestResources.cnpg(m).setInstances(null);
    assertThat(spec(build(m)).get("instances")).isEqualTo(1);
  }

  @Test
  void imageNameIsSetOnlyWhenGiven() {
    var m = TestResources.cloudNativePG();
    TestResources.cnpg(m).setImageName("ghcr.io/cloudnative-pg/postgresql:16.4");

    assertThat(spec(build(m))).containsEntry("imageName", "ghcr.io/cloudnative-pg/postgresql:16.4");
    assertThat(spec(build(TestResources.cloudNativePG()))).doesNotContainKey("imageName");
  }

  @Test
  void storageSizeAndClassComeFromTheSpec() {
    var m = TestResources.cloudNativePG();
    TestResources.cnpg(m).getStorage().setSize("20Gi");
    TestResources.cnpg(m).getStorage().setStorageClassName("fast-ssd");

    // CloudNativePG calls it storageClass.
    assertThat(map(spec(build(m)).get("storage")))
        .containsOnly(entry("size", "20Gi"), entry("storageClass", "fast-ssd"));
  }

  @Test
  void missingStorageFallsBackToTheDefaults() {
    var m = TestResources.cloudNativePG();
    TestResources.cnpg(m).setStorage(null);

    assertThat(map(spec(build(m)).get("storage"))).containsOnly(entry("size", "5Gi"));
  }

  @Test
  void resourcesAreCopiedAsPlainMaps() {
    var m = TestResources.cloudNativePG();
    TestResources.cnpg(m)
        .setResources(
            new ResourceRequirementsBuilder()
                .withRequests(Map.of("memory", new Quantity("512Mi"), "cpu", new Quantity("250m")))
                .withLimits(Map.of("memory", new Quantity("1Gi")))
                .build());

    var resources = map(spec(build(m)).get("resources"));

    assertThat(map(resources.get("requests")))
        .containsOnly(entry("memory", "512Mi"), entry("cpu", "250m"));
    assertThat(map(resources.get("limits"))).containsOnly(entry("memory", "1Gi"));
  }

  @Test
  void noResourcesMeansCloudNativePGsDefaults() {
    assertThat(spec(build(TestResources.cloudNativePG()))).doesNotContainKey("resources");
  }

  @Test
  void clusterSerializesToTheCloudNativePGShape() {
    var m = TestResources.cloudNativePG();
    TestResources.cnpg(m).setInstances(2);
    TestResources.cnpg(m).getStorage().setStorageClassName("fast");
    var json = new KubernetesSerialization().asJson(build(m));

    var parsed = new KubernetesSerialization().unmarshal(json, GenericKubernetesResource.class);

    assertThat(parsed.getApiVersion()).isEqualTo("postgresql.cnpg.io/v1");
    assertThat(parsed.getKind()).isEqualTo("Cluster");
    assertThat(json)
        .contains("\"instances\":2")
        .contains("\"storage\":{\"size\":\"5Gi\",\"storageClass\":\"fast\"}")
        .contains("\"initdb\":{")
        .contains("\"database\":\"mathesar_django\"")
        .contains("\"owner\":\"mathesar\"");
  }

  @Test
  void sameSpecBuildsAnEqualCluster() {
    assertThat(build(TestResources.cloudNativePG()))
        .isEqualTo(build(TestResources.cloudNativePG()));
  }

  // --- pre-upgrade Backup

  @Test
  void backupNamesTheInstancesCluster() {
    var m = TestResources.cloudNativePG("shop");
    var name = ObjectNames.preUpgradeBackup(m, "0.12.0");

    var backup =
        ClusterFactory.backup(
            TestResources.resolved(m),
            name,
            new org.mathesar.operator.desired.ClusterBackupMethod("barmanObjectStore", null));

    assertThat(backup.getApiVersion()).isEqualTo("postgresql.cnpg.io/v1");
    assertThat(backup.getKind()).isEqualTo("Backup");
    assertThat(backup.getMetadata().getName()).isEqualTo("shop-db-pre-0-12-0");
    assertThat(backup.getMetadata().getNamespace()).isEqualTo(TestResources.NAMESPACE);
    assertThat(backup.getMetadata().getOwnerReferences()).isNullOrEmpty();
    var spec = spec(backup);
    assertThat(spec).containsOnlyKeys("method", "cluster");
    assertThat(spec).containsEntry("method", "barmanObjectStore");
    assertThat(map(spec.get("cluster"))).containsOnly(entry("name", "shop-db"));
  }

  @Test
  void backupIsLabelledAsTheDatabaseComponent() {
    var m = TestResources.cloudNativePG("shop");

    var backup =
        ClusterFactory.backup(
            TestResources.resolved(m),
            "shop-db-pre-0-12-0",
            new org.mathesar.operator.desired.ClusterBackupMethod("volumeSnapshot", null));

    assertThat(backup.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/instance", "shop")
        .containsEntry("app.kubernetes.io/managed-by", "mathesar-operator")
        .containsEntry("app.kubernetes.io/component", "database");
  }

  @Test
  void backupTakesTheGivenName() {
    var backup =
        ClusterFactory.backup(
            TestResources.resolved(TestResources.cloudNativePG()),
            "anything",
            new org.mathesar.operator.desired.ClusterBackupMethod("volumeSnapshot", null));

    assertThat(backup.getMetadata().getName()).isEqualTo("anything");
    assertThat(map(spec(backup).get("cluster"))).containsEntry("name", "demo-db");
  }

  @Test
  void backupTakesTheGivenMethod() {
    var instance = TestResources.resolved(TestResources.cloudNativePG());

    assertThat(
            spec(
                ClusterFactory.backup(
                    instance,
                    "b",
                    new org.mathesar.operator.desired.ClusterBackupMethod("volumeSnapshot", null))))
        .containsEntry("method", "volumeSnapshot");
    assertThat(
            spec(
                ClusterFactory.backup(
                    instance,
                    "b",
                    new org.mathesar.operator.desired.ClusterBackupMethod(
                        "barmanObjectStore", null))))
        .containsEntry("method", "barmanObjectStore");
  }

  @Test
  void aPluginBackupNamesThePlugin() {
    var instance = TestResources.resolved(TestResources.cloudNativePG());
    var spec =
        spec(
            ClusterFactory.backup(
                instance,
                "b",
                new org.mathesar.operator.desired.ClusterBackupMethod(
                    "plugin", "barman-cloud.cloudnative-pg.io")));
    assertThat(spec).containsEntry("method", "plugin");
    assertThat(map(spec.get("pluginConfiguration")))
        .containsOnly(entry("name", "barman-cloud.cloudnative-pg.io"));
  }

  @Test
  void backupMethodSurvivesSerialization() {
    var backup =
        ClusterFactory.backup(
            TestResources.resolved(TestResources.cloudNativePG()),
            "b",
            new org.mathesar.operator.desired.ClusterBackupMethod("volumeSnapshot", null));

    var json = new KubernetesSerialization().asJson(backup);

    assertThat(json).contains("\"method\":\"volumeSnapshot\"");
  }
}
