package org.mathesar.operator.lookup;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** A key of a Secret as text, the one place Secret data is decoded. */
public final class SecretValues {
  private SecretValues() {}

  /**
   * The decoded value of {@code data[key]}, or {@code stringData[key]} (set only on Secrets not yet
   * read back from the API server, as tests and a client's own objects have them).
   */
  public static Optional<String> of(Secret secret, String key) {
    if (secret.getData() != null && secret.getData().get(key) != null) {
      return Optional.of(
          new String(
              Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8));
    }
    if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
      return Optional.of(secret.getStringData().get(key));
    }
    return Optional.empty();
  }
}
