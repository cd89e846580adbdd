package org.mathesar.operator.desired;

import java.util.Objects;
import org.mathesar.operator.config.OperatorConfig;
import org.mathesar.operator.customresource.GunicornSpec;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MediaSpec;

/**
 * A Mathesar resource with every default the operator supplies filled in, plus what the operator
 * learned from the cluster (the hash of referenced Secrets). The desired-object factories read only
 * this, so they are pure functions.
 */
public record ResolvedInstance(
    Mathesar resource, String version, String image, String secretKeySecretName, String secretsHash) {

  public ResolvedInstance {
    Objects.requireNonNull(resource);
    Objects.requireNonNull(version);
    Objects.requireNonNull(image);
    Objects.requireNonNull(secretKeySecretName);
    Objects.requireNonNull(secretsHash);
  }

  public static ResolvedInstance resolve(Mathesar m, OperatorConfig config, String secretsHash) {
    var target = Target.of(m, config);
    return new ResolvedInstance(m, target.version(), target.image(), secretKeySecretName(m), secretsHash);
  }

  /**
   * What a resource asks to run, with the defaults applied: known also for a spec that validation
   * refuses (which {@link #resolve} is not meant for), so the status can name it.
   */
  public record Target(String version, String image, String adminSecret) {
    public static Target of(Mathesar m, OperatorConfig config) {
      var spec = m.getSpec();
      var version = spec.getVersion() != null ? spec.getVersion() : config.defaultMathesarVersion();
      var image = spec.getImage() != null ? spec.getImage() : config.imageRepository() + ":" + version;
      return new Target(version, image, adminSecretName(m));
    }
  }

  public ResolvedInstance withSecretsHash(String hash) {
    return new ResolvedInstance(resource, version, image, secretKeySecretName, hash);
  }

  /** The Secret holding SECRET_KEY: the user's, or the one the operator generates. */
  public static String secretKeySecretName(Mathesar m) {
    var own = m.getSpec().getSecretKeySecret();
    return own != null ? own : ObjectNames.generatedSecretKeySecret(m);
  }

  /** The Secret holding the first admin's credentials: the user's, or the generated one. */
  public static String adminSecretName(Mathesar m) {
    var admin = m.getSpec().getAdmin();
    return admin != null && admin.getSecretName() != null ? admin.getSecretName() : ObjectNames.generatedAdminSecret(m);
  }

  public boolean usesGeneratedAdminSecret() {
    var admin = resource.getSpec().getAdmin();
    return admin == null || admin.getSecretName() == null;
  }

  public int migrationTimeoutSeconds() {
    var upgrade = resource.getSpec().getUpgrade();
    return upgrade == null || upgrade.getMigrationTimeoutSeconds() == null ? 1800 : upgrade.getMigrationTimeoutSeconds();
  }

  /**
   * Which database the instance uses, without credentials: migrations and the first admin belong to
   * it, so a different one must be migrated and given an admin again.
   */
  public static String databaseIdentity(Mathesar m) {
    return DatabaseMode.of(m).identity();
  }

  /** The database mode, with its defaults: the one place spec.database is read (DatabaseMode). */
  public DatabaseMode database() {
    return DatabaseMode.of(resource);
  }

  public String name() {
    return resource.getMetadata().getName();
  }

  public String namespace() {
    return resource.getMetadata().getNamespace();
  }

  public int replicas() {
    var r = resource.getSpec().getReplicas();
    return r == null ? 1 : r;
  }

  public MediaSpec media() {
    var media = resource.getSpec().getMedia();
    return media != null ? media : new MediaSpec();
  }

  public GunicornSpec gunicorn() {
    var g = resource.getSpec().getGunicorn();
    return g != null ? g : new GunicornSpec();
  }

  public boolean usesGeneratedSecretKey() {
    return resource.getSpec().getSecretKeySecret() == null;
  }
}
