package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.desired.AdminSecretFactory;

class AdminSecretFactoryTest {
  /** Letters and digits without the look-alikes I, O, l, 0 and 1. */
  private static final String ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  private static Map<String, String> generated() {
    return AdminSecretFactory.build(TestResources.resolved(TestResources.mathesar()), null)
        .getData();
  }

  private static String generatedPassword() {
    return TestResources.unb64(generated().get("password"));
  }

  @Test
  void secretIsNamedLabelledAndOpaque() {
    var secret =
        AdminSecretFactory.build(TestResources.resolved(TestResources.mathesar("shop")), null);

    assertThat(secret.getMetadata().getName()).isEqualTo("shop-admin");
    assertThat(secret.getMetadata().getNamespace()).isEqualTo(TestResources.NAMESPACE);
    assertThat(secret.getMetadata().getLabels())
        .contains(
            entry("app.kubernetes.io/component", "admin"),
            entry("app.kubernetes.io/instance", "shop"),
            entry("app.kubernetes.io/managed-by", "mathesar-operator"));
    assertThat(secret.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(secret.getType()).isEqualTo("Opaque");
    assertThat(secret.getStringData()).isNullOrEmpty();
  }

  @Test
  void generatedUsernameIsAdmin() {
    var data = generated();

    assertThat(data).containsOnlyKeys("username", "password");
    assertThat(TestResources.unb64(data.get("username")))
        .isEqualTo("admin")
        .isEqualTo(AdminSecretFactory.USERNAME);
  }

  @RepeatedTest(20)
  void generatedPasswordHasTwentyFourCharactersWithoutLookAlikes() {
    var password = generatedPassword();

    assertThat(AdminSecretFactory.PASSWORD_LENGTH).isEqualTo(24);
    assertThat(password).hasSize(24);
    assertThat(password.chars()).allMatch(c -> ALPHABET.indexOf(c) >= 0);
  }

  @Test
  void generatedPasswordsDiffer() {
    Set<String> passwords = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      passwords.add(generatedPassword());
    }
    assertThat(passwords).hasSize(50);
  }

  @Test
  void dataIsStoredBase64Encoded() {
    var encoded = generated().get("password");

    assertThat(TestResources.b64(TestResources.unb64(encoded))).isEqualTo(encoded);
  }

  @Test
  void existingDataIsKeptAsIs() {
    var existing =
        Map.of(
            "username", TestResources.b64("root"),
            "password", TestResources.b64("chosen-by-hand"),
            "email", TestResources.b64("root@example.com"));

    var secret =
        AdminSecretFactory.build(TestResources.resolved(TestResources.mathesar()), existing);

    assertThat(secret.getData()).isEqualTo(existing);
  }

  @Test
  void existingPasswordIsNotReEncodedOrValidated() {
    // Whatever was stored (even of another length) is carried over byte for byte.
    var existing =
        Map.of("username", TestResources.b64("admin"), "password", TestResources.b64("short"));

    var secret =
        AdminSecretFactory.build(TestResources.resolved(TestResources.mathesar()), existing);

    assertThat(secret.getData())
        .containsOnly(
            entry("username", existing.get("username")),
            entry("password", existing.get("password")));
    assertThat(TestResources.unb64(secret.getData().get("password"))).isEqualTo("short");
  }

  @Test
  void emptyExistingDataIsKeptToo() {
    // An edited Secret is the user's choice, even an emptied one: only a missing Secret is
    // generated.
    var secret =
        AdminSecretFactory.build(TestResources.resolved(TestResources.mathesar()), Map.of());

    assertThat(secret.getData()).isEmpty();
  }

  @Test
  void existingDataWithoutAPasswordIsNotCompleted() {
    var existing = Map.of("username", TestResources.b64("root"));

    var secret =
        AdminSecretFactory.build(TestResources.resolved(TestResources.mathesar()), existing);

    assertThat(secret.getData()).isEqualTo(existing);
  }

  @Test
  void missingSecretIsGenerated() {
    var secret = AdminSecretFactory.build(TestResources.resolved(TestResources.mathesar()), null);

    assertThat(secret.getData()).containsOnlyKeys("username", "password");
    assertThat(TestResources.unb64(secret.getData().get("password"))).hasSize(24);
  }
}
