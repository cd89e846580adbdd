package org.mathesar.operator.validation;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.List;
import java.util.Optional;
import org.mathesar.operator.customresource.BackupTarget;
import org.mathesar.operator.customresource.S3Target;
import org.mathesar.operator.lookup.SecretValues;

/**
 * What every place that names a backup's storage must hold, the same everywhere (a MathesarBackup's
 * target, an instance's spec.backup.target, spec.restoreFrom): one kind of storage, and for a
 * bucket a credentials Secret with both keys. Pure.
 */
public final class BackupTargetCheck {
  private BackupTargetCheck() {}

  /** Exactly one of persistentVolumeClaim and s3. */
  public static Optional<SpecProblem> shape(BackupTarget target, String field) {
    var claim = target.getPersistentVolumeClaim() != null;
    var bucket = target.getS3() != null;
    if (claim == bucket) {
      return Optional.of(
          new SpecProblem(
              "BackupTargetInvalid",
              field,
              "set exactly one of persistentVolumeClaim (a claim of this namespace) and s3 (a"
                  + " bucket)"));
    }
    return Optional.empty();
  }

  /**
   * @param secret the Secret s3.credentialsSecret names, if it exists
   */
  public static Optional<SpecProblem> credentials(
      S3Target s3, Optional<Secret> secret, String field, String namespace) {
    var name = s3.getCredentialsSecret();
    if (secret.isEmpty()) {
      return Optional.of(
          new SpecProblem(
              "S3CredentialsNotFound",
              field + ".credentialsSecret",
              "no Secret named "
                  + name
                  + " in namespace "
                  + namespace
                  + "; create it with the keys "
                  + S3Target.ACCESS_KEY_ID
                  + " and "
                  + S3Target.SECRET_ACCESS_KEY));
    }
    var missing =
        List.of(S3Target.ACCESS_KEY_ID, S3Target.SECRET_ACCESS_KEY).stream()
            .filter(k -> SecretValues.of(secret.get(), k).filter(v -> !v.isEmpty()).isEmpty())
            .toList();
    if (!missing.isEmpty()) {
      return Optional.of(
          new SpecProblem(
              "S3CredentialsInvalid",
              field + ".credentialsSecret",
              "Secret " + name + " has no (or an empty) " + String.join(" and ", missing)));
    }
    return Optional.empty();
  }
}
