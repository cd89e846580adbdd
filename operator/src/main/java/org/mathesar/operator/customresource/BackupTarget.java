package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where a backup goes: a PersistentVolumeClaim or an S3-compatible bucket, exactly one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupTarget {
  @JsonPropertyDescription(
      "A PersistentVolumeClaim in this namespace, not the instance's media volume. The backup is"
          + " written under <namespace>/<instance>/<backup name>/ on it. Exactly one of"
          + " persistentVolumeClaim and s3.")
  private ClaimRef persistentVolumeClaim;

  @JsonPropertyDescription(
      "An S3-compatible bucket. The files are written to the Job's scratch space (an emptyDir as"
          + " large as the dump and the media) and then uploaded, backup.json last.")
  private S3Target s3;

  public BackupTarget() {}

  public BackupTarget(ClaimRef persistentVolumeClaim) {
    this.persistentVolumeClaim = persistentVolumeClaim;
  }

  public BackupTarget(S3Target s3) {
    this.s3 = s3;
  }

  public S3Target getS3() {
    return s3;
  }

  public void setS3(S3Target s3) {
    this.s3 = s3;
  }

  public ClaimRef getPersistentVolumeClaim() {
    return persistentVolumeClaim;
  }

  public void setPersistentVolumeClaim(ClaimRef persistentVolumeClaim) {
    this.persistentVolumeClaim = persistentVolumeClaim;
  }
}
