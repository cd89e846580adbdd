package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/**
 * Where a new instance comes back from: a MathesarBackup of this namespace, or the files of a
 * backup on a claim of this namespace or in a bucket, with a copy of its keys Secret (a backup made
 * in another namespace or cluster). Exactly one of the three.
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
      "Instead of backup: the S3-compatible bucket holding a backup's objects. Needs directory and"
          + " keysSecret; its credentialsSecret must be in this namespace.")
  private S3Target s3;

  @JsonPropertyDescription(
      "With persistentVolumeClaim or s3: the backup's directory, <namespace>/<instance>/<backup>,"
          + " as the MathesarBackup's status.location gives it after the claim name (or after the"
          + " bucket and s3.path).")
  @Pattern("^[a-z0-9]([-a-z0-9._]*[a-z0-9])?(/[a-z0-9]([-a-z0-9._]*[a-z0-9])?)*$")
  private String directory;

  @JsonPropertyDescription(
      "With persistentVolumeClaim or s3: a Secret in this namespace with the backup's keys (a copy of"
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

  public S3Target getS3() {
    return s3;
  }

  public void setS3(S3Target s3) {
    this.s3 = s3;
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
