package org.mathesar.operator.desired;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The method of an on-demand CloudNativePG Backup that a Cluster's configuration allows, read from
 * the Cluster as it is (the operator's fields or a person's): a plugin that archives its WAL, the
 * legacy barmanObjectStore, or volume snapshots, in that order. Pure.
 *
 * @param method the Backup's spec.method: plugin, volumeSnapshot or barmanObjectStore
 * @param plugin with plugin, its name (spec.pluginConfiguration.name)
 */
public record ClusterBackupMethod(String method, String plugin) {
  public static final String LEGACY = "barmanObjectStore";

  /** CloudNativePG deprecated it in 1.26 for the Barman Cloud plugin. */
  public boolean deprecated() {
    return LEGACY.equals(method);
  }

  @SuppressWarnings("unchecked")
  public static Optional<ClusterBackupMethod> of(Map<String, Object> clusterSpec) {
    if (clusterSpec.get("plugins") instanceof List<?> plugins) {
      for (var p : plugins) {
        if (p instanceof Map<?, ?> plugin
            && Boolean.TRUE.equals(plugin.get("isWALArchiver"))
            && !Boolean.FALSE.equals(plugin.get("enabled"))
            && plugin.get("name") instanceof String name) {
          return Optional.of(new ClusterBackupMethod("plugin", name));
        }
      }
    }
    var backup =
        clusterSpec.get("backup") instanceof Map<?, ?> b
            ? (Map<String, Object>) b
            : Map.<String, Object>of();
    // The legacy store first, as CloudNativePG's own default method is.
    if (backup.get(LEGACY) != null) {
      return Optional.of(new ClusterBackupMethod(LEGACY, null));
    }
    if (backup.get("volumeSnapshot") != null) {
      return Optional.of(new ClusterBackupMethod("volumeSnapshot", null));
    }
    return Optional.empty();
  }
}
