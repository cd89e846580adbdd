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

  public BackupTarget getTarget() {
    return target;
  }

  public void setTarget(BackupTarget target) {
    this.target = target;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }
}
