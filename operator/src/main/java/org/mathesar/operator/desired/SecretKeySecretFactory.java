package org.mathesar.operator.desired;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The Secret holding a generated Django SECRET_KEY. The key encrypts the database passwords
 * Mathesar stores, so once generated it is carried over unchanged for the life of the instance; the
 * Secret is immutable so that nobody changes it by accident either.
 */
public final class SecretKeySecretFactory {
  public static final String COMPONENT = "secret-key";

  /** The alphabet Django's get_random_secret_key uses. */
  static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)";

  public static final int LENGTH = 50;
  private static final SecureRandom RANDOM = new SecureRandom();

  private SecretKeySecretFactory() {}

  /**
   * @param existingEncodedKey the base64 value already stored, or null to generate a new key
   */
  public static Secret build(ResolvedInstance instance, String existingEncodedKey) {
    var m = instance.resource();
    var encoded = existingEncodedKey != null ? existingEncodedKey : encode(generateKey());
    return new SecretBuilder()
        .withNewMetadata()
        .withName(ObjectNames.generatedSecretKeySecret(m))
        .withNamespace(instance.namespace())
        .withLabels(Labels.forComponent(m, COMPONENT))
        .endMetadata()
        .withType("Opaque")
        .withImmutable(true)
        .withData(Map.of(ObjectNames.SECRET_KEY_DATA_KEY, encoded))
        .build();
  }

  static String generateKey() {
    var sb = new StringBuilder(LENGTH);
    for (int i = 0; i < LENGTH; i++) {
      sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  private static String encode(String key) {
    return Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.US_ASCII));
  }
}
