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

  @SuppressWarnings("unchecked")
  public static DatabaseClusterState of(GenericKubernetesResource cluster) {
    var status = cluster.getAdditionalProperties().get("status") instanceof Map<?, ?> s ? (Map<String, Object>) s : Map.<String, Object>of();
    var spec = cluster.getAdditionalProperties().get("spec") instanceof Map<?, ?> s ? (Map<String, Object>) s : Map.<String, Object>of();
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

  /** Whether the Cluster has a backup method configured (barman object store, volume snapshots, a plugin). */
  @SuppressWarnings("unchecked")
  public static boolean backupConfigured(GenericKubernetesResource cluster) {
    var spec = cluster.getAdditionalProperties().get("spec") instanceof Map<?, ?> s ? (Map<String, Object>) s : Map.<String, Object>of();
    return spec.get("backup") instanceof Map<?, ?> b && !b.isEmpty() || spec.get("plugins") instanceof List<?> p && !p.isEmpty();
  }

  public String describe() {
    return readyInstances + "/" + instances + " instances ready, phase: " + phase;
  }
}
