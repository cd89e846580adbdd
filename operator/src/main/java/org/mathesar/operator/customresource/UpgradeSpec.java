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

  @JsonPropertyDescription(
      "Before each upgrade's backup and migration, check the known breaking points between the"
          + " running and the target release (docs/upgrades.md#preflight): from before 0.11.0"
          + " to 0.11.0 or later, that no username is longer than 63 characters (asked of the"
          + " running instance: users.list, as the operator's admin); from before 0.12.0 to"
          + " 0.12.0 or later, that spec.djangoAdmin.enabled (or MATHESAR_DJANGO_ADMIN_ENABLED in"
          + " spec.env) says whether the Django admin stays. false upgrades without these checks,"
          + " for when the old version cannot serve. The PostgreSQL version is checked either way.")
  @Default("true")
  private Boolean preflight = true;

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

  public Boolean getPreflight() {
    return preflight;
  }

  public void setPreflight(Boolean preflight) {
    this.preflight = preflight;
  }

  public Integer getMigrationTimeoutSeconds() {
    return migrationTimeoutSeconds;
  }

  public void setMigrationTimeoutSeconds(Integer migrationTimeoutSeconds) {
    this.migrationTimeoutSeconds = migrationTimeoutSeconds;
  }
}
