package org.mathesar.operator.reconciler;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;

/**
 * A CloudNativePG Cluster's readiness as CloudNativePG reports it: the Ready condition (what
 * `kubectl wait --for=condition=Ready cluster/x` uses), or for versions without conditions,
 * readyInstances; the phase text is for people.
 */
public record DatabaseClusterState(boolean ready, String phase, int readyInstances, int instances) {

  public static DatabaseClusterState of(GenericKubernetesResource cluster) {
    var status = section(cluster, "status");
    var spec = section(cluster, "spec");
    var readyInstances = status.get("readyInstances") instanceof Number n ? n.intValue() : 0;
    var instances = spec.get("instances") instanceof Number n ? n.intValue() : 1;
    var phase = status.get("phase") instanceof String p ? p : "no status yet";
    Boolean readyCondition = null;
    if (status.get("conditions") instanceof List<?> conditions) {
      for (var c : conditions) {
        if (c instanceof Map<?, ?> condition && "Ready".equals(condition.get("type"))) {
          readyCondition = "True".equals(condition.get("status"));
        }
      }
    }
    var ready = readyCondition != null ? readyCondition : readyInstances >= 1;
    return new DatabaseClusterState(ready, phase, readyInstances, instances);
  }

  /**
   * The PostgreSQL major version of the Cluster's data directory, as CloudNativePG 1.26 and later
   * report it (status.pgDataImageInfo.majorVersion); empty from older ones.
   */
  public static java.util.Optional<Integer> majorVersion(GenericKubernetesResource cluster) {
    var status = section(cluster, "status");
    return status.get("pgDataImageInfo") instanceof Map<?, ?> info
            && info.get("majorVersion") instanceof Number n
        ? java.util.Optional.of(n.intValue())
        : java.util.Optional.empty();
  }

  /**
   * What CloudNativePG says when the Cluster's WAL archiving fails (its condition
   * ContinuousArchiving=False): the plugin or object store that the Backup before an upgrade needs
   * too. Empty while it works, or before CloudNativePG reports it.
   */
  public static java.util.Optional<String> archivingFailure(GenericKubernetesResource cluster) {
    var status = section(cluster, "status");
    if (status.get("conditions") instanceof List<?> conditions) {
      for (var c : conditions) {
        if (c instanceof Map<?, ?> condition
            && "ContinuousArchiving".equals(condition.get("type"))
            && "False".equals(condition.get("status"))) {
          var message = String.valueOf(condition.get("message"));
          return java.util.Optional.of(
              message.length() > 300 ? message.substring(0, 300) + "..." : message);
        }
      }
    }
    return java.util.Optional.empty();
  }

  /** The on-demand Backup method the Cluster's configuration allows, if any. */
  public static java.util.Optional<org.mathesar.operator.desired.ClusterBackupMethod> backupMethod(
      GenericKubernetesResource cluster) {
    var spec = section(cluster, "spec");
    return org.mathesar.operator.desired.ClusterBackupMethod.of(spec);
  }

  /** The Cluster's spec or status as a map; empty when it has none. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(GenericKubernetesResource cluster, String name) {
    return cluster.getAdditionalProperties().get(name) instanceof Map<?, ?> m
        ? (Map<String, Object>) m
        : Map.of();
  }

  public String describe() {
    return readyInstances + "/" + instances + " instances ready, phase: " + phase;
  }
}
