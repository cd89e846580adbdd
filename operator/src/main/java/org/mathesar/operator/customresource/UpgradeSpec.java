package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class UpgradeSpec {
  @JsonPropertyDescription(
      "CloudNativePG mode: request an on-demand Backup of the internal database before each upgrade's"
          + " migration, when the Cluster has backups configured.")
  @Default("true")
  private Boolean backup = true;

  @JsonPropertyDescription("How long a migration Job may run before it counts as failed.")
  @Default("1800")
  @Min(60)
  private Integer migrationTimeoutSeconds = 1800;

  public Boolean getBackup() {
    return backup;
  }

  public void setBackup(Boolean backup) {
    this.backup = backup;
  }

  public Integer getMigrationTimeoutSeconds() {
    return migrationTimeoutSeconds;
  }

  public void setMigrationTimeoutSeconds(Integer migrationTimeoutSeconds) {
    this.migrationTimeoutSeconds = migrationTimeoutSeconds;
  }
}
