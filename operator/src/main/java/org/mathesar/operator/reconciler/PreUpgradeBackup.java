package org.mathesar.operator.reconciler;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.mathesar.operator.desired.ClusterFactory;
import org.mathesar.operator.desired.ObjectNames;
import org.mathesar.operator.desired.ResolvedInstance;

/**
 * The CloudNativePG on-demand Backup taken before an upgrade's migrations, when the Cluster has a
 * backup method. Backups are few and short-lived, so they are polled rather than watched.
 */
final class PreUpgradeBackup {
  enum Outcome { NOT_CONFIGURED, RUNNING, COMPLETED, FAILED }

  record Result(Outcome outcome, String backup, String detail) {}

  private PreUpgradeBackup() {}

  @SuppressWarnings("unchecked")
  static Result ensure(KubernetesClient client, ResolvedInstance instance, GenericKubernetesResource cluster) {
    var method = DatabaseClusterState.backupMethod(cluster);
    if (method.isEmpty()) {
      return new Result(Outcome.NOT_CONFIGURED, null,
          "the Cluster has no spec.backup.barmanObjectStore or spec.backup.volumeSnapshot");
    }
    var name = ObjectNames.preUpgradeBackup(instance.resource(), instance.version());
    var backups = client.genericKubernetesResources(ClusterFactory.API_VERSION, ClusterFactory.BACKUP.getKind())
        .inNamespace(instance.namespace());
    var existing = backups.withName(name).get();
    if (existing == null) {
      backups.resource(ClusterFactory.backup(instance, name, method.get())).create();
      return new Result(Outcome.RUNNING, name, "requested");
    }
    var status = existing.getAdditionalProperties().get("status") instanceof Map<?, ?> s ? (Map<String, Object>) s : Map.<String, Object>of();
    var phase = String.valueOf(status.getOrDefault("phase", "pending"));
    return switch (phase) {
      case "completed" -> new Result(Outcome.COMPLETED, name, phase);
      case "failed" -> new Result(Outcome.FAILED, name, String.valueOf(status.getOrDefault("error", "no error message")));
      default -> new Result(Outcome.RUNNING, name, phase);
    };
  }
}
