package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.desired.SecretKeySecretFactory;

class SecretKeySecretFactoryTest {
  /** Django's get_random_secret_key alphabet. */
  private static final String DJANGO_ALPHABET =
      "abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)";

  private static String generatedKey() {
    var secret =
        SecretKeySecretFactory.build(TestResources.resolved(TestResources.mathesar()), null);
    return TestResources.unb64(secret.getData().get("secret-key"));
  }

  @Test
  void secretIsNamedLabelledImmutableAndOpaque() {
    var secret =
        SecretKeySecretFactory.build(TestResources.resolved(TestResources.mathesar("shop")), null);

    assertThat(secret.getMetadata().getName()).isEqualTo("shop-secret-key");
    assertThat(secret.getMetadata().getNamespace()).isEqualTo(TestResources.NAMESPACE);
    assertThat(secret.getMetadata().getLabels())
        .contains(
            entry("app.kubernetes.io/component", "secret-key"),
            entry("app.kubernetes.io/instance", "shop"));
    assertThat(secret.getImmutable()).isTrue();
    assertThat(secret.getType()).isEqualTo("Opaque");
    assertThat(secret.getData()).containsOnlyKeys("secret-key");
    assertThat(secret.getStringData()).isNullOrEmpty();
  }

  @RepeatedTest(20)
  void generatedKeyHasFiftyCharactersOfTheDjangoAlphabet() {
    var key = generatedKey();

    assertThat(SecretKeySecretFactory.LENGTH).isEqualTo(50);
    assertThat(key).hasSize(50);
    assertThat(key.chars()).allMatch(c -> DJANGO_ALPHABET.indexOf(c) >= 0);
  }

  @Test
  void generatedKeysDiffer() {
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      keys.add(generatedKey());
    }
    assertThat(keys).hasSize(50);
  }

  @Test
  void generatedKeysUseMoreThanLettersAndDigits() {
    // 50 keys of 50 characters: 2500 draws from 50 symbols all but surely hit every symbol class.
    var all = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      all.append(generatedKey());
    }
    assertThat(all.chars().filter(c -> "!@#$%^&*(-_=+)".indexOf(c) >= 0).count()).isPositive();
    assertThat(all.chars().filter(Character::isDigit).count()).isPositive();
    assertThat(all.chars().filter(Character::isUpperCase).count()).isZero();
  }

  @Test
  void existingKeyIsKeptAsIs() {
    var existing = TestResources.b64("an-old-key-that-must-never-change-0123456789!@#$%^");

    var secret =
        SecretKeySecretFactory.build(TestResources.resolved(TestResources.mathesar()), existing);

    assertThat(secret.getData()).containsOnly(entry("secret-key", existing));
  }

  @Test
  void existingKeyIsNotReEncodedOrValidated() {
    // Whatever was stored (even of another length) is carried over byte for byte.
    var existing = TestResources.b64("short");

    var secret =
        SecretKeySecretFactory.build(TestResources.resolved(TestResources.mathesar()), existing);

    assertThat(secret.getData().get("secret-key")).isEqualTo(existing);
    assertThat(TestResources.unb64(secret.getData().get("secret-key"))).isEqualTo("short");
  }
}
