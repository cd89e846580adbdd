package org.mathesar.operator.desired;

import org.mathesar.operator.customresource.Mathesar;

/**
 * The names of the objects an instance owns. They are deterministic (docs/objects.md) so that users,
 * GitOps tools and a re-created resource of the same name find the same objects.
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

  public static String mediaPvc(Mathesar m) {
    return m.getMetadata().getName() + "-media";
  }

  public static String generatedAdminSecret(Mathesar m) {
    return m.getMetadata().getName() + "-admin";
  }

  public static String adminJob(Mathesar m) {
    return m.getMetadata().getName() + "-admin";
  }

  /**
   * {@code <name>-migrate-<version>} with dots as dashes, e.g. demo-migrate-0-11-0. A Job's name
   * becomes a label value (at most 63 characters), so a longer one ends in a digest instead.
   */
  public static String migrationJob(Mathesar m, String version) {
    var readable = m.getMetadata().getName() + "-migrate-" + version.toLowerCase().replaceAll("[^a-z0-9]+", "-");
    readable = readable.replaceAll("-+$", "");
    if (readable.length() <= 63) {
      return readable;
    }
    var digest = Integer.toHexString(version.hashCode() & 0x7fffffff);
    return m.getMetadata().getName() + "-migrate-" + digest;
  }
}
