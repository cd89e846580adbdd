package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class UpgradeSpec {
  @JsonPropertyDescription(
      "Back the instance up before each version change, and migrate only once the backup is done:"
          + " a MathesarBackup <name>-pre-<version> to spec.backup.target when it is set (either"
          + " database mode), else in CloudNativePG mode a CloudNativePG Backup when the Cluster"
          + " has a backup method; without either, the Event BackupSkipped. false: no backup.")
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
