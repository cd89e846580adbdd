package org.mathesar.operator.desired;

import org.mathesar.operator.customresource.BackupTarget;
import org.mathesar.operator.customresource.MathesarBackup;
import org.mathesar.operator.customresource.S3Target;

/**
 * Where one backup's three files (database.dump, media.tar, backup.json) are: a directory on a
 * claim, or a key prefix in a bucket. Its {@link #uri()} is what status.location and
 * status.restoredFrom show. Pure.
 */
public sealed interface BackupLocation {
  /** <namespace>/<instance>/<backup>: under the claim's root, or under the bucket's path. */
  String directory();

  String uri();

  /** A MathesarBackup's directory: one per namespace, instance and backup. */
  static String directoryOf(MathesarBackup b) {
    return b.getMetadata().getNamespace()
        + "/"
        + b.getSpec().getInstanceRef().getName()
        + "/"
        + b.getMetadata().getName();
  }

  static BackupLocation of(BackupTarget target, String directory) {
    return target.getS3() != null
        ? new InBucket(target.getS3(), directory)
        : new OnClaim(target.getPersistentVolumeClaim().getClaimName(), directory);
  }

  record OnClaim(String claimName, String directory) implements BackupLocation {
    @Override
    public String uri() {
      return "pvc://" + claimName + "/" + directory + "/";
    }
  }

  record InBucket(S3Target bucket, String directory) implements BackupLocation {
    /** The objects' common prefix, without a trailing slash. */
    public String keyPrefix() {
      return bucket.getPath() == null ? directory : bucket.getPath() + "/" + directory;
    }

    @Override
    public String uri() {
      return "s3://" + bucket.getBucket() + "/" + keyPrefix() + "/";
    }
  }
}
