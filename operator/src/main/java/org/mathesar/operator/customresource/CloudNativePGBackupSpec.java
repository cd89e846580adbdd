package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * How the generated CloudNativePG Cluster backs itself up, by one of the two methods CloudNativePG
 * keeps: its Barman Cloud plugin (CloudNativePG 1.26 and later, with the plugin installed) or
 * volume snapshots. The legacy spec.backup.barmanObjectStore of a Cluster is not set by the
 * operator; one set on the Cluster by hand is still used before upgrades, with a deprecation
 * Warning.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CloudNativePGBackupSpec {
  @JsonPropertyDescription(
      "The Barman Cloud plugin (barman-cloud.cloudnative-pg.io) as the Cluster's WAL archiver and"
          + " backup method, writing to an ObjectStore (barmancloud.cnpg.io/v1) of this namespace."
          + " Exactly one of barmanCloud and volumeSnapshot.")
  private BarmanCloud barmanCloud;

  @JsonPropertyDescription(
      "Volume snapshots of the Cluster's volumes (a CSI driver with snapshots and the snapshot"
          + " controller). Exactly one of barmanCloud and volumeSnapshot.")
  private VolumeSnapshot volumeSnapshot;

  public BarmanCloud getBarmanCloud() {
    return barmanCloud;
  }

  public void setBarmanCloud(BarmanCloud barmanCloud) {
    this.barmanCloud = barmanCloud;
  }

  public VolumeSnapshot getVolumeSnapshot() {
    return volumeSnapshot;
  }

  public void setVolumeSnapshot(VolumeSnapshot volumeSnapshot) {
    this.volumeSnapshot = volumeSnapshot;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class BarmanCloud {
    /** The plugin's name, as CloudNativePG's Cluster and Backup name it. */
    public static final String PLUGIN = "barman-cloud.cloudnative-pg.io";

    @JsonPropertyDescription(
        "Name of the ObjectStore (barmancloud.cnpg.io/v1) in this namespace: the bucket and its"
            + " credentials, as the plugin's documentation describes.")
    @Required
    @Size(min = 1)
    private String objectStore;

    public String getObjectStore() {
      return objectStore;
    }

    public void setObjectStore(String objectStore) {
      this.objectStore = objectStore;
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class VolumeSnapshot {
    @JsonPropertyDescription(
        "The VolumeSnapshotClass of the snapshots (omitted: the cluster's default class).")
    @Size(min = 1)
    private String className;

    public String getClassName() {
      return className;
    }

    public void setClassName(String className) {
      this.className = className;
    }
  }
}
