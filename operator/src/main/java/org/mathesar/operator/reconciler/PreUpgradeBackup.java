package org.mathesar.operator.reconciler;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.Map;
import org.mathesar.operator.desired.ClusterFactory;
import org.mathesar.operator.desired.ResolvedInstance;
import org.mathesar.operator.rollout.BackupState;

/**
 * The CloudNativePG on-demand Backup taken before an upgrade's migrations, when the Cluster has a
 * backup method. Backups are few and short-lived, so they are polled rather than watched.
 */
final class PreUpgradeBackup {
  private PreUpgradeBackup() {}

  @SuppressWarnings("unchecked")
  static BackupState observe(
      KubernetesClient client, String namespace, String name, GenericKubernetesResource cluster) {
    if (DatabaseClusterState.backupMethod(cluster).isEmpty()) {
      return BackupState.NOT_CONFIGURED;
    }
    var existing = backups(client, namespace).withName(name).get();
    if (existing == null) {
      return BackupState.ABSENT;
    }
    var status =
        existing.getAdditionalProperties().get("status") instanceof Map<?, ?> s
            ? (Map<String, Object>) s
            : Map.<String, Object>of();
    return switch (String.valueOf(status.getOrDefault("phase", "pending"))) {
      case "completed" -> BackupState.COMPLETED;
      case "failed" -> BackupState.FAILED;
      default -> BackupState.RUNNING;
    };
  }

  static void create(
      KubernetesClient client,
      ResolvedInstance instance,
      String name,
      GenericKubernetesResource cluster) {
    var method =
        DatabaseClusterState.backupMethod(cluster)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Cluster without a backup method: no Backup " + name));
    backups(client, instance.namespace())
        .resource(ClusterFactory.backup(instance, name, method))
        .create();
  }

  private static NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      backups(KubernetesClient client, String namespace) {
    return client
        .genericKubernetesResources(ClusterFactory.API_VERSION, ClusterFactory.BACKUP.getKind())
        .inNamespace(namespace);
  }
}
