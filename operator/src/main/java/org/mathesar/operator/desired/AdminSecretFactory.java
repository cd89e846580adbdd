package org.mathesar.operator.desired;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/** The generated first-admin credentials: made once, then carried over unchanged. */
public final class AdminSecretFactory {
  public static final String COMPONENT = "admin";
  public static final String USERNAME = "admin";
  static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  public static final int PASSWORD_LENGTH = 24;
  private static final SecureRandom RANDOM = new SecureRandom();

  private AdminSecretFactory() {}

  /**
   * @param existingData the data already stored (base64 values), kept whatever it holds (an edited
   *     Secret is the user's choice); null when the Secret does not exist, to generate
   */
  public static Secret build(ResolvedInstance instance, Map<String, String> existingData) {
    var m = instance.resource();
    var data =
        existingData != null
            ? existingData
            : Map.of("username", encode(USERNAME), "password", encode(generatePassword()));
    return new SecretBuilder()
        .withNewMetadata()
        .withName(ObjectNames.generatedAdminSecret(m))
        .withNamespace(instance.namespace())
        .withLabels(Labels.forComponent(m, COMPONENT))
        .endMetadata()
        .withType("Opaque")
        .withData(data)
        .build();
  }

  static String generatePassword() {
    var sb = new StringBuilder(PASSWORD_LENGTH);
    for (int i = 0; i < PASSWORD_LENGTH; i++) {
      sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  private static String encode(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
