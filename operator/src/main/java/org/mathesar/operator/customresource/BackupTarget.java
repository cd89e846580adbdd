package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Where a backup goes. Only a PersistentVolumeClaim for now; an object store is not yet. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupTarget {
  @JsonPropertyDescription(
      "A PersistentVolumeClaim in this namespace, not the instance's media volume. The backup is"
          + " written under <namespace>/<instance>/<backup name>/ on it.")
  @Required
  private ClaimRef persistentVolumeClaim;

  public BackupTarget() {}

  public BackupTarget(ClaimRef persistentVolumeClaim) {
    this.persistentVolumeClaim = persistentVolumeClaim;
  }

  public ClaimRef getPersistentVolumeClaim() {
    return persistentVolumeClaim;
  }

  public void setPersistentVolumeClaim(ClaimRef persistentVolumeClaim) {
    this.persistentVolumeClaim = persistentVolumeClaim;
  }
}
