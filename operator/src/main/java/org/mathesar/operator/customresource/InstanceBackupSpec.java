package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Where the instance's own backups go: the MathesarBackup taken before each version change (in both
 * database modes).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InstanceBackupSpec {
  @JsonPropertyDescription(
      "Where the MathesarBackup <name>-pre-<version> taken before each version change writes (see"
          + " spec.upgrade.backup). Omitted: in CloudNativePG mode a CloudNativePG Backup by the"
          + " Cluster's own method, if it has one; otherwise none, with the Event BackupSkipped.")
  private BackupTarget target;

  @JsonPropertyDescription(
      "Image of those backups' Jobs: bash, tar and pg_dump of the server's major version or newer."
          + " Omitted: postgres:17.")
  private String image;

  @JsonPropertyDescription(
      "Back the instance up on this schedule, in a CronJob's syntax and UTC (e.g. '0 3 * * *',"
          + " '@daily'): a MathesarBackup <name>-<yyyyMMdd-HHmm> to target, with deletionPolicy"
          + " Delete. A slot missed by more than 10 minutes (the operator was down) is skipped.")
  private String schedule;

  @JsonPropertyDescription(
      "How many Completed scheduled backups to keep; older scheduled ones are deleted with their"
          + " files and keys. Backups made by hand and before upgrades are never deleted.")
  @io.fabric8.generator.annotation.Min(1)
  @io.fabric8.generator.annotation.Default("7")
  private Integer keep = 7;

  public BackupTarget getTarget() {
    return target;
  }

  public void setTarget(BackupTarget target) {
    this.target = target;
  }

  public String getSchedule() {
    return schedule;
  }

  public void setSchedule(String schedule) {
    this.schedule = schedule;
  }

  public Integer getKeep() {
    return keep;
  }

  public void setKeep(Integer keep) {
    this.keep = keep;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }
}
