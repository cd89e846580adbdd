package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class MathesarBackupSpec {
  @JsonPropertyDescription("The Mathesar resource, in this namespace, to back up.")
  @Required
  private InstanceRef instanceRef;

  @JsonPropertyDescription("Where the backup is written.")
  @Required
  private BackupTarget target;

  @JsonPropertyDescription(
      "Image with bash, tar and a pg_dump of the database server's major version or newer"
          + " (default: the operator's MATHESAR_BACKUP_IMAGE, postgres:17).")
  @Size(min = 1)
  private String image;

  @JsonPropertyDescription(
      "What deleting this resource does to what it wrote: Retain (the default) keeps the files and"
          + " the keys Secret; Delete removes its directory on the target volume (a Job) and its keys"
          + " Secret first. Scheduled backups are made with Delete.")
  @io.fabric8.generator.annotation.Default("Retain")
  private DeletionPolicy deletionPolicy = DeletionPolicy.Retain;

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  public InstanceRef getInstanceRef() {
    return instanceRef;
  }

  public void setInstanceRef(InstanceRef instanceRef) {
    this.instanceRef = instanceRef;
  }

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
