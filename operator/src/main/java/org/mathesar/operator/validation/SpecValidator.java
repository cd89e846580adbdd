package org.mathesar.operator.validation;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.mathesar.operator.customresource.ExternalDatabaseSpec;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MathesarSpec;
import org.mathesar.operator.customresource.MediaSpec;
import org.mathesar.operator.customresource.ReleaseVersion;
import org.mathesar.operator.desired.ObjectNames;
import org.mathesar.operator.lookup.SecretLookup;

/**
 * What the CRD schema cannot refuse (or what servers without CEL let through) is checked here. A
 * problem stops every write for the instance, so a bad edit never tears down what runs.
 */
public final class SpecValidator {
  /** The first release whose image has bin/mathesar (docs/reference.md). */
  public static final String OLDEST_SUPPORTED = "0.3.0";

  /** Service names are DNS-1035 labels; the longest suffix we add (-secret-key) must still fit. */
  public static final int MAX_NAME_LENGTH = 45;

  private static final Pattern DNS_1035 = Pattern.compile("^[a-z]([-a-z0-9]*[a-z0-9])?$");
  private static final Pattern VERSION = Pattern.compile(MathesarSpec.VERSION_PATTERN);
  private static final Pattern QUANTITY = Pattern.compile(MediaSpec.QUANTITY_PATTERN);

  private SpecValidator() {}

  /**
   * @param targetVersion the version the instance should run: spec.version or the operator's
   *     default
   */
  public static List<SpecProblem> validate(
      Mathesar m,
      String targetVersion,
      SecretLookup secrets,
      Optional<PersistentVolumeClaim> existingMediaPvc) {
    var problems = new ArrayList<SpecProblem>();
    var name = m.getMetadata().getName();
    if (name.length() > MAX_NAME_LENGTH || !DNS_1035.matcher(name).matches()) {
      problems.add(
          new SpecProblem(
              "InvalidName",
              "metadata.name",
              "'"
                  + name
                  + "' must be at most "
                  + MAX_NAME_LENGTH
                  + " characters of a-z, 0-9 and '-', starting with a letter (it names a Service);"
                  + " re-create the resource under a shorter name"));
    }
    var spec = m.getSpec();
    if (spec == null) {
      problems.add(
          new SpecProblem("InvalidSpec", "spec", "spec is missing; see docs/reference.md"));
      return problems;
    }
    if (spec.getVersion() != null && !VERSION.matcher(spec.getVersion()).matches()) {
      problems.add(
          new SpecProblem(
              "InvalidVersion",
              "spec.version",
              "'" + spec.getVersion() + "' is not a release number like 0.11.0"));
    } else if (spec.getVersion() != null
        && ReleaseVersion.compare(spec.getVersion(), OLDEST_SUPPORTED) < 0) {
      problems.add(
          new SpecProblem(
              "InvalidVersion",
              "spec.version",
              spec.getVersion()
                  + " is older than "
                  + OLDEST_SUPPORTED
                  + ": its image has no bin/mathesar, which"
                  + " the operator's Jobs and pods run (and 0.1.x has no upgrade path to 0.2 and later)."
                  + " Use "
                  + OLDEST_SUPPORTED
                  + " or newer"));
    }
    // The database schema is at the migrated version (or, before migrations were tracked, the
    // running one).
    var status = m.getStatus();
    var running =
        status == null
            ? null
            : status.getMigratedVersion() != null
                ? status.getMigratedVersion()
                : status.getVersion();
    if (targetVersion != null
        && running != null
        && VERSION.matcher(targetVersion).matches()
        && ReleaseVersion.compare(targetVersion, running) < 0) {
      problems.add(
          new SpecProblem(
              "DowngradeRefused",
              spec.getVersion() != null
                  ? "spec.version"
                  : "spec.version (unset: the operator's MATHESAR_DEFAULT_VERSION)",
              targetVersion
                  + " is older than the migrated "
                  + running
                  + "; Mathesar does not support downgrades (its database was migrated). Set spec.version back to "
                  + running
                  + " or later; to go back, restore a backup of the internal database"));
    }
    if (spec.getReplicas() != null && spec.getReplicas() < 0) {
      problems.add(new SpecProblem("InvalidReplicas", "spec.replicas", "must be 0 or more"));
    }
    validateDatabase(spec, m.getMetadata().getNamespace(), secrets, problems);
    validateSecretKeySecret(spec, m.getMetadata().getNamespace(), secrets, problems);
    validateAdminSecret(
        spec, m.getMetadata().getNamespace(), secrets, problems, adminExistsInThisDatabase(m));
    validateMedia(spec.getMedia(), existingMediaPvc, problems);
    WorkloadValidator.validate(spec, problems);
    problems.addAll(SettingsValidator.validate(m, targetVersion, secrets));
    problems.addAll(NetworkingValidator.validate(spec));
    if (spec.getIngress() != null
        && Boolean.TRUE.equals(spec.getIngress().getEnabled())
        && spec.getHostname() == null) {
      problems.add(
          new SpecProblem(
              "IngressNeedsHostname",
              "spec.hostname",
              "spec.ingress.enabled is true but spec.hostname is not set; set the public host name"));
    }
    return problems;
  }

  private static void validateDatabase(
      MathesarSpec spec, String namespace, SecretLookup secrets, List<SpecProblem> problems) {
    var db = spec.getDatabase();
    boolean external = db != null && db.getExternal() != null;
    boolean cnpg = db != null && db.getCloudNativePG() != null;
    if (external == cnpg) {
      problems.add(
          new SpecProblem(
              "InvalidDatabase",
              "spec.database",
              "set exactly one of spec.database.external and spec.database.cloudNativePG"));
      return;
    }
    if (cnpg) {
      var storage = db.getCloudNativePG().getStorage();
      if (storage != null
          && (storage.getSize() == null || !QUANTITY.matcher(storage.getSize()).matches())) {
        problems.add(
            new SpecProblem(
                "InvalidDatabase",
                "spec.database.cloudNativePG.storage.size",
                "'" + storage.getSize() + "' is not a size like 5Gi"));
      }
      var backup = db.getCloudNativePG().getBackup();
      if (backup != null
          && (backup.getBarmanCloud() == null) == (backup.getVolumeSnapshot() == null)) {
        problems.add(
            new SpecProblem(
                "InvalidDatabase",
                "spec.database.cloudNativePG.backup",
                "set exactly one of barmanCloud (the Barman Cloud plugin) and volumeSnapshot"));
      }
      return; // the checks against the existing Cluster: DatabaseClusterValidator
    }
    var ext = db.getExternal();
    if (ext.getHost() == null || ext.getHost().isBlank()) {
      problems.add(
          new SpecProblem(
              "InvalidDatabase", "spec.database.external.host", "set the PostgreSQL host"));
    }
    if (ext.getDatabase() == null || ext.getDatabase().isBlank()) {
      problems.add(
          new SpecProblem(
              "InvalidDatabase", "spec.database.external.database", "set the database name"));
    }
    if (ext.getPort() != null && (ext.getPort() < 1 || ext.getPort() > 65535)) {
      problems.add(
          new SpecProblem(
              "InvalidDatabase", "spec.database.external.port", "must be between 1 and 65535"));
    }
    var creds = ext.getCredentialsSecret();
    if (creds == null || creds.getName() == null || creds.getName().isBlank()) {
      problems.add(
          new SpecProblem(
              "InvalidDatabase",
              "spec.database.external.credentialsSecret.name",
              "name the Secret holding the database user name and password"));
      return;
    }
    var field = "spec.database.external.credentialsSecret";
    var secret = secrets.find(namespace, creds.getName());
    if (secret.isEmpty()) {
      problems.add(
          new SpecProblem(
              "CredentialsSecretNotFound",
              field + ".name",
              "Secret '"
                  + creds.getName()
                  + "' does not exist in namespace "
                  + namespace
                  + "; create it with keys '"
                  + creds.getUsernameKey()
                  + "' and '"
                  + creds.getPasswordKey()
                  + "'"));
      return;
    }
    requireKey(
        secret.get(),
        creds.getUsernameKey(),
        field + ".usernameKey",
        "CredentialsSecretKeyMissing",
        problems);
    requireKey(
        secret.get(),
        creds.getPasswordKey(),
        field + ".passwordKey",
        "CredentialsSecretKeyMissing",
        problems);
    validateCaSecret(ext, namespace, secrets, problems);
  }

  /** verify-ca and verify-full check the server's certificate against a CA, which must be given. */
  private static void validateCaSecret(
      ExternalDatabaseSpec ext,
      String namespace,
      SecretLookup secrets,
      List<SpecProblem> problems) {
    var ca = ext.getCaSecret();
    var sslMode = ext.getSslMode();
    if (ca == null || ca.getName() == null || ca.getName().isBlank()) {
      if (sslMode != null && sslMode.verifiesCertificate()) {
        problems.add(
            new SpecProblem(
                "InvalidDatabase",
                "spec.database.external.caSecret",
                "sslMode "
                    + sslMode.value()
                    + " checks the server's certificate against a CA: name the Secret"
                    + " holding that CA certificate (PEM, key 'ca.crt'), or use sslMode require"));
      }
      return;
    }
    var secret = secrets.find(namespace, ca.getName());
    if (secret.isEmpty()) {
      problems.add(
          new SpecProblem(
              "CaSecretNotFound",
              "spec.database.external.caSecret.name",
              "Secret '"
                  + ca.getName()
                  + "' does not exist in namespace "
                  + namespace
                  + "; create it with the CA certificate (PEM) under the key '"
                  + ca.getKey()
                  + "'"));
      return;
    }
    requireKey(
        secret.get(),
        ca.getKey(),
        "spec.database.external.caSecret.key",
        "CaSecretKeyMissing",
        problems);
  }

  private static void validateSecretKeySecret(
      MathesarSpec spec, String namespace, SecretLookup secrets, List<SpecProblem> problems) {
    var name = spec.getSecretKeySecret();
    if (name == null) {
      return; // generated by the operator; SecretKeyGuard watches over it
    }
    var secret = secrets.find(namespace, name);
    if (secret.isEmpty()) {
      problems.add(
          new SpecProblem(
              "SecretKeySecretNotFound",
              "spec.secretKeySecret",
              "Secret '"
                  + name
                  + "' does not exist in namespace "
                  + namespace
                  + "; create it with the Django SECRET_KEY under the key '"
                  + ObjectNames.SECRET_KEY_DATA_KEY
                  + "', or remove spec.secretKeySecret to let the operator generate one"));
      return;
    }
    requireKey(
        secret.get(),
        ObjectNames.SECRET_KEY_DATA_KEY,
        "spec.secretKeySecret",
        "SecretKeySecretKeyMissing",
        problems);
  }

  /** The admin was created in the database the spec names now (not in one used before). */
  private static boolean adminExistsInThisDatabase(Mathesar m) {
    var status = m.getStatus();
    if (status == null || !Boolean.TRUE.equals(status.getAdminCreated())) {
      return false;
    }
    var db = m.getSpec().getDatabase();
    var oneKind = db != null && (db.getExternal() == null) != (db.getCloudNativePG() == null);
    return oneKind
        && (status.getDatabase() == null
            || status
                .getDatabase()
                .equals(org.mathesar.operator.desired.ResolvedInstance.databaseIdentity(m)));
  }

  private static void validateAdminSecret(
      MathesarSpec spec,
      String namespace,
      SecretLookup secrets,
      List<SpecProblem> problems,
      boolean adminCreated) {
    var name = spec.getAdmin() == null ? null : spec.getAdmin().getSecretName();
    if (name == null || adminCreated) {
      return; // once the admin exists its Secret is history: SpecWarnings/AdminSecretMissing
    }
    var secret = secrets.find(namespace, name);
    if (secret.isEmpty()) {
      problems.add(
          new SpecProblem(
              "AdminSecretNotFound",
              "spec.admin.secretName",
              "Secret '"
                  + name
                  + "' does not exist in namespace "
                  + namespace
                  + "; create it with keys 'username', 'password' and optionally 'email', or remove"
                  + " spec.admin.secretName to let the operator generate one"));
      return;
    }
    requireKey(
        secret.get(), "username", "spec.admin.secretName", "AdminSecretKeyMissing", problems);
    requireKey(
        secret.get(), "password", "spec.admin.secretName", "AdminSecretKeyMissing", problems);
  }

  private static void validateMedia(
      MediaSpec media, Optional<PersistentVolumeClaim> existing, List<SpecProblem> problems) {
    if (media == null) {
      return;
    }
    if (media.getSize() == null || !QUANTITY.matcher(media.getSize()).matches()) {
      problems.add(
          new SpecProblem(
              "InvalidMedia",
              "spec.media.size",
              "'" + media.getSize() + "' is not a size like 1Gi"));
      return;
    }
    if (existing.isEmpty()) {
      return;
    }
    var pvc = existing.get().getSpec();
    var current =
        pvc.getResources() == null || pvc.getResources().getRequests() == null
            ? null
            : pvc.getResources().getRequests().get("storage");
    if (current != null
        && Quantity.getAmountInBytes(new Quantity(media.getSize()))
                .compareTo(Quantity.getAmountInBytes(current))
            < 0) {
      problems.add(
          new SpecProblem(
              "MediaVolumeShrink",
              "spec.media.size",
              "a volume cannot shrink from "
                  + current
                  + " to "
                  + media.getSize()
                  + "; set it back to at least "
                  + current));
    }
    if (media.getStorageClassName() != null
        && !media.getStorageClassName().equals(pvc.getStorageClassName())) {
      problems.add(
          new SpecProblem(
              "MediaVolumeImmutable",
              "spec.media.storageClassName",
              "the media volume exists with storage class '"
                  + pvc.getStorageClassName()
                  + "', which cannot change; set it back (moving files to a new class is a manual copy, see docs/troubleshooting.md)"));
    }
    var accessMode =
        media.getAccessMode() == null
            ? MediaSpec.MediaAccessMode.ReadWriteOnce
            : media.getAccessMode();
    if (pvc.getAccessModes() != null && !pvc.getAccessModes().contains(accessMode.name())) {
      problems.add(
          new SpecProblem(
              "MediaVolumeImmutable",
              "spec.media.accessMode",
              "the media volume exists with access mode "
                  + pvc.getAccessModes()
                  + ", which cannot change; set it back"));
    }
  }

  private static void requireKey(
      Secret secret, String key, String field, String reason, List<SpecProblem> problems) {
    var data = secret.getData();
    var value = data == null ? null : data.get(key);
    if (value == null || value.isEmpty()) {
      problems.add(
          new SpecProblem(
              reason,
              field,
              "Secret '"
                  + secret.getMetadata().getName()
                  + "' has no key '"
                  + key
                  + "'; add it or name the right key"));
    }
  }
}
