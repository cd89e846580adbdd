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
}
