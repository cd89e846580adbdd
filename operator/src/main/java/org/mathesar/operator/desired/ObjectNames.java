package org.mathesar.operator.desired;

import org.mathesar.operator.customresource.Mathesar;

/**
 * The names of the objects an instance owns. They are deterministic (docs/objects.md) so that
 * users, GitOps tools and a re-created resource of the same name find the same objects.
 */
public final class ObjectNames {
  public static final String SECRET_KEY_DATA_KEY = "secret-key";

  private ObjectNames() {}

  public static String deployment(Mathesar m) {
    return m.getMetadata().getName();
  }

  public static String service(Mathesar m) {
    return m.getMetadata().getName();
  }

  public static String generatedSecretKeySecret(Mathesar m) {
    return m.getMetadata().getName() + "-secret-key";
  }

  public static String ingress(Mathesar m) {
    return m.getMetadata().getName();
  }

  public static String podDisruptionBudget(Mathesar m) {
    return m.getMetadata().getName();
  }

  public static String networkPolicy(Mathesar m) {
    return m.getMetadata().getName();
  }

  /** The Gateway API HTTPRoute. */
  public static String httpRoute(Mathesar m) {
    return m.getMetadata().getName();
  }

  public static String mediaPvc(Mathesar m) {
    return m.getMetadata().getName() + "-media";
  }

  /** The CloudNativePG Cluster of the internal database. */
  public static String databaseCluster(Mathesar m) {
    return m.getMetadata().getName() + "-db";
  }

  /** The Secret CloudNativePG makes for the Cluster's application user. */
  public static String databaseAppSecret(Mathesar m) {
    return databaseCluster(m) + "-app";
  }

  public static String generatedAdminSecret(Mathesar m) {
    return m.getMetadata().getName() + "-admin";
  }

  /** The CloudNativePG Backup taken before migrating to a version. */
  public static String preUpgradeBackup(Mathesar m, String version) {
    return versioned(databaseCluster(m) + "-pre-", version);
  }

  /** The Job that restores a new instance from spec.restoreFrom. */
  public static String restoreJob(Mathesar m) {
    return m.getMetadata().getName() + "-restore";
  }

  /**
   * The MathesarBackup taken before migrating to a version (spec.backup.target): at most 56
   * characters, since its Job's name, 7 more, goes into a label.
   */
  public static String preUpgradeMathesarBackup(Mathesar m, String version) {
    return versioned(m.getMetadata().getName() + "-pre-", version, 56);
  }

  /**
   * The MathesarBackup of a schedule's slot, {@code <name>-<yyyyMMdd-HHmm>} in UTC: at most 56
   * characters, so a long instance name is cut and ends in a digest of itself.
   */
  public static String scheduledBackup(Mathesar m, java.time.Instant slot) {
    var stamp =
        java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmm")
            .withZone(java.time.ZoneOffset.UTC)
            .format(slot);
    var name = m.getMetadata().getName();
    var room = 56 - stamp.length() - 1;
    if (name.length() > room) {
      var digest = Integer.toHexString(name.hashCode() & 0x7fffffff);
      name = name.substring(0, room - digest.length() - 1) + "-" + digest;
    }
    return name + "-" + stamp;
  }

  public static String adminJob(Mathesar m) {
    return m.getMetadata().getName() + "-admin";
  }

  /**
   * {@code <name>-migrate-<version>} with dots as dashes, e.g. demo-migrate-0-11-0. A version that
   * is more than digits and dots (0.12.0-rc.1) also gets a digest of itself, since the dashed form
   * of two such versions can be the same. A Job's name becomes a label value (at most 63
   * characters), so a longer one is the digest alone.
   */
  public static String migrationJob(Mathesar m, String version) {
    return versioned(m.getMetadata().getName() + "-migrate-", version);
  }

  private static String versioned(String prefix, String version) {
    return versioned(prefix, version, 63);
  }

  private static String versioned(String prefix, String version, int maxLength) {
    var dashed = version.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("-+$", "");
    var digest = Integer.toHexString(version.hashCode() & 0x7fffffff);
    var readable =
        version.matches("[0-9]+(\\.[0-9]+)*") ? prefix + dashed : prefix + dashed + "-" + digest;
    if (readable.length() <= maxLength) {
      return readable;
    }
    if (prefix.length() + digest.length() <= maxLength) {
      return prefix + digest;
    }
    // A long instance name: cut, with a digest of the whole name and version so it stays apart.
    var whole = Integer.toHexString((prefix + version).hashCode() & 0x7fffffff);
    return prefix.substring(0, maxLength - whole.length() - 1) + "-" + whole;
  }
}
