package org.mathesar.operator.desired;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mathesar.operator.customresource.CloudNativePGBackupSpec;
import org.mathesar.operator.customresource.CloudNativePGSpec;

/**
 * The CloudNativePG Cluster of an instance's internal database, as an untyped resource: the
 * operator does not carry a copy of CloudNativePG's model, only the fields it sets.
 */
public final class ClusterFactory {
  public static final String GROUP = "postgresql.cnpg.io";
  public static final String API_VERSION = GROUP + "/v1";
  public static final GroupVersionKind CLUSTER = new GroupVersionKind(GROUP, "v1", "Cluster");
  public static final GroupVersionKind BACKUP = new GroupVersionKind(GROUP, "v1", "Backup");
  public static final String CRD_NAME = "clusters." + GROUP;
  public static final String COMPONENT = "database";
  public static final String DATABASE = "mathesar_django";
  public static final String OWNER = "mathesar";

  private ClusterFactory() {}

  public static GenericKubernetesResource build(ResolvedInstance instance) {
    var m = instance.resource();
    CloudNativePGSpec cnpg = ((DatabaseMode.CloudNativePG) instance.database()).spec();
    var spec = new LinkedHashMap<String, Object>();
    spec.put("instances", cnpg.getInstances() == null ? 1 : cnpg.getInstances());
    if (cnpg.getImageName() != null) {
      spec.put("imageName", cnpg.getImageName());
    }
    var storage = new LinkedHashMap<String, Object>();
    var storageSpec =
        cnpg.getStorage() == null ? new CloudNativePGSpec.StorageSpec() : cnpg.getStorage();
    storage.put("size", storageSpec.getSize());
    if (storageSpec.getStorageClassName() != null) {
      storage.put("storageClass", storageSpec.getStorageClassName());
    }
    spec.put("storage", storage);
    if (cnpg.getResources() != null) {
      spec.put("resources", Serialization.asMap(cnpg.getResources()));
    }
    spec.put("bootstrap", Map.of("initdb", Map.of("database", DATABASE, "owner", OWNER)));
    var backup = cnpg.getBackup();
    // Written with CloudNativePG's own defaults: the API server adds them, and a field the operator
    // applies must read back as applied, or every reconciliation would patch the Cluster again.
    if (backup != null && backup.getBarmanCloud() != null) {
      spec.put(
          "plugins",
          List.of(
              Map.of(
                  "name",
                  CloudNativePGBackupSpec.BarmanCloud.PLUGIN,
                  "enabled",
                  true,
                  "isWALArchiver",
                  true,
                  "parameters",
                  Map.of("barmanObjectName", backup.getBarmanCloud().getObjectStore()))));
    } else if (backup != null && backup.getVolumeSnapshot() != null) {
      var snapshot = new LinkedHashMap<String, Object>();
      if (backup.getVolumeSnapshot().getClassName() != null) {
        snapshot.put("className", backup.getVolumeSnapshot().getClassName());
      }
      snapshot.put("online", true);
      snapshot.put(
          "onlineConfiguration", Map.of("immediateCheckpoint", false, "waitForArchive", true));
      snapshot.put("snapshotOwnerReference", "none");
      spec.put("backup", Map.of("volumeSnapshot", snapshot));
    }
    // "Create a new database" in Mathesar's UI needs CREATEDB (seen failing without it on a running
    // Mathesar). A managed role also reaches Clusters made before; with no passwordSecret
    // CloudNativePG leaves the password alone. CREATEROLE stays off (docs/objects.md says why).
    spec.put(
        "managed",
        Map.of(
            "roles",
            List.of(Map.of("name", OWNER, "ensure", "present", "login", true, "createdb", true))));
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(API_VERSION)
        .withKind(CLUSTER.getKind())
        .withNewMetadata()
        .withName(ObjectNames.databaseCluster(m))
        .withNamespace(instance.namespace())
        .withLabels(Labels.forComponent(m, COMPONENT))
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }

  /** The on-demand Backup taken before an upgrade's migrations, by the Cluster's method. */
  public static GenericKubernetesResource backup(
      ResolvedInstance instance, String name, ClusterBackupMethod method) {
    var m = instance.resource();
    var spec = new LinkedHashMap<String, Object>();
    spec.put("method", method.method());
    spec.put("cluster", Map.of("name", ObjectNames.databaseCluster(m)));
    if (method.plugin() != null) {
      spec.put("pluginConfiguration", Map.of("name", method.plugin()));
    }
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(API_VERSION)
        .withKind(BACKUP.getKind())
        .withNewMetadata()
        .withName(name)
        .withNamespace(instance.namespace())
        .withLabels(Labels.forComponent(m, COMPONENT))
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }

  /** Jackson view of a model object as the nested maps an untyped resource holds. */
  static final class Serialization {
    private static final io.fabric8.kubernetes.client.utils.KubernetesSerialization JSON =
        new io.fabric8.kubernetes.client.utils.KubernetesSerialization();

    private Serialization() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
      return JSON.convertValue(o, Map.class);
    }
  }
}
