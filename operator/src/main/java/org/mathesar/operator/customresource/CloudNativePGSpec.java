package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class CloudNativePGSpec {
  @Default("1")
  @Min(1)
  private Integer instances = 1;

  private StorageSpec storage = new StorageSpec();

  /**
   * PostgreSQL image for CloudNativePG (default: CloudNativePG's); Mathesar supports PostgreSQL 14
   * to 18.
   */
  private String imageName;

  private ResourceRequirements resources;

  @com.fasterxml.jackson.annotation.JsonPropertyDescription(
      "How the Cluster backs itself up (the method of the Backup taken before each upgrade when"
          + " spec.backup.target is not set): the Barman Cloud plugin or volume snapshots.")
  private CloudNativePGBackupSpec backup;

  public CloudNativePGBackupSpec getBackup() {
    return backup;
  }

  public void setBackup(CloudNativePGBackupSpec backup) {
    this.backup = backup;
  }

  public Integer getInstances() {
    return instances;
  }

  public void setInstances(Integer instances) {
    this.instances = instances;
  }

  public StorageSpec getStorage() {
    return storage;
  }

  public void setStorage(StorageSpec storage) {
    this.storage = storage;
  }

  public String getImageName() {
    return imageName;
  }

  public void setImageName(String imageName) {
    this.imageName = imageName;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class StorageSpec {
    /** Can grow, never shrink. */
    @Default("5Gi")
    @Pattern(MediaSpec.QUANTITY_PATTERN)
    private String size = "5Gi";

    private String storageClassName;

    public String getSize() {
      return size;
    }

    public void setSize(String size) {
      this.size = size;
    }

    public String getStorageClassName() {
      return storageClassName;
    }

    public void setStorageClassName(String storageClassName) {
      this.storageClassName = storageClassName;
    }
  }
}
