package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/**
 * Where a new instance comes back from: a MathesarBackup of this namespace, or the files of a
 * backup on a claim of this namespace with a copy of its keys Secret (a backup made in another
 * namespace or cluster). Exactly one of the two.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoreSource {
  @JsonPropertyDescription(
      "A Completed MathesarBackup in this namespace: its volume, directory and keys Secret are"
          + " used.")
  @Size(min = 1)
  private String backup;

  @JsonPropertyDescription(
      "Instead of backup: a PersistentVolumeClaim in this namespace holding a backup's files (for a"
          + " backup made in another namespace or cluster). Needs directory and keysSecret.")
  private ClaimRef persistentVolumeClaim;

  @JsonPropertyDescription(
      "With persistentVolumeClaim: the backup's directory on it, as the MathesarBackup's"
          + " status.location gives it after the claim name: <namespace>/<instance>/<backup>.")
  @Pattern("^[a-z0-9]([-a-z0-9._]*[a-z0-9])?(/[a-z0-9]([-a-z0-9._]*[a-z0-9])?)*$")
  private String directory;

  @JsonPropertyDescription(
      "With persistentVolumeClaim: a Secret in this namespace with the backup's keys (a copy of"
          + " its <backup>-keys Secret).")
  private String keysSecret;

  @JsonPropertyDescription(
      "Image of the restore Job: bash, tar and a pg_restore at least as new as the pg_dump that"
          + " wrote the backup. Omitted: the backup's own image, or postgres:17.")
  private String image;

  public String getBackup() {
    return backup;
  }

  public void setBackup(String backup) {
    this.backup = backup;
  }

  public ClaimRef getPersistentVolumeClaim() {
    return persistentVolumeClaim;
  }

  public void setPersistentVolumeClaim(ClaimRef persistentVolumeClaim) {
    this.persistentVolumeClaim = persistentVolumeClaim;
  }

  public String getDirectory() {
    return directory;
  }

  public void setDirectory(String directory) {
    this.directory = directory;
  }

  public String getKeysSecret() {
    return keysSecret;
  }

  public void setKeysSecret(String keysSecret) {
    this.keysSecret = keysSecret;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }
}
