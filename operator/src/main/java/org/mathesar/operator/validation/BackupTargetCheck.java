package org.mathesar.operator.validation;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mathesar.operator.customresource.BackupTarget;
import org.mathesar.operator.customresource.S3Target;
import org.mathesar.operator.lookup.SecretLookup;
import org.mathesar.operator.lookup.SecretValues;

/**
 * What every place that names a backup's storage must hold, the same everywhere (a MathesarBackup's
 * target, an instance's spec.backup.target, spec.restoreFrom): one kind of storage, and for a
 * bucket a credentials Secret with both keys and, if it is named, a CA Secret with a certificate.
 * Pure.
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
   * The reasons {@link #bucket} gives for a Secret the Jobs need that is missing or lacks its key:
   * made later, not by a spec edit, so whoever waits on them looks again, and a wait that must not
   * hang counts them as needing a person.
   */
  public static final Set<String> SECRET_REASONS =
      Set.of(
          "S3CredentialsNotFound",
          "S3CredentialsInvalid",
          "S3CaSecretNotFound",
          "S3CaSecretInvalid");

  /**
   * What a Job needs to reach the bucket: the credentials, and the CA when one is named. Each
   * Secret is looked up once.
   *
   * @param field where s3 is in the resource, e.g. spec.target.s3
   */
  public static List<SpecProblem> bucket(
      S3Target s3, SecretLookup secrets, String field, String namespace) {
    var problems = new ArrayList<SpecProblem>();
    var credentials =
        s3.getCredentialsSecret() == null
            ? Optional.<Secret>empty()
            : secrets.find(namespace, s3.getCredentialsSecret());
    credentials(s3, credentials, field, namespace).ifPresent(problems::add);
    caCertificate(s3, secrets, field, namespace).ifPresent(problems::add);
    return problems;
  }

  private static Optional<SpecProblem> caCertificate(
      S3Target s3, SecretLookup secrets, String field, String namespace) {
    var ca = s3.getCaSecret();
    if (ca == null) {
      return Optional.empty();
    }
    if (s3.getEndpoint() == null || !s3.getEndpoint().startsWith("https://")) {
      return Optional.of(
          new SpecProblem(
              "BackupTargetInvalid",
              field + ".caSecret",
              "a CA certificate is for an https endpoint, and the endpoint is "
                  + s3.getEndpoint()
                  + ": use https, or remove caSecret"));
    }
    var key = ca.getKey() == null ? "ca.crt" : ca.getKey();
    var secret =
        ca.getName() == null ? Optional.<Secret>empty() : secrets.find(namespace, ca.getName());
    if (secret.isEmpty()) {
      return Optional.of(
          new SpecProblem(
              "S3CaSecretNotFound",
              field + ".caSecret.name",
              "no Secret named "
                  + ca.getName()
                  + " in namespace "
                  + namespace
                  + "; create it with the CA certificate (PEM) under the key '"
                  + key
                  + "'"));
    }
    var pem = SecretValues.of(secret.get(), key).orElse("");
    if (!pem.contains(PEM_CERTIFICATE)) {
      return Optional.of(
          new SpecProblem(
              "S3CaSecretInvalid",
              field + ".caSecret.key",
              "Secret "
                  + ca.getName()
                  + (pem.isEmpty()
                      ? " has no (or an empty) key '"
                      : " holds no PEM certificate (" + PEM_CERTIFICATE + ") under the key '")
                  + key
                  + "'"));
    }
    return Optional.empty();
  }

  /** A CA certificate is public: its text may be read and quoted. */
  private static final String PEM_CERTIFICATE = "-----BEGIN CERTIFICATE-----";

  /**
   * @param secret the Secret s3.credentialsSecret names, if it exists
   */
  private static Optional<SpecProblem> credentials(
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
