package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.CredentialsSecretRef;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.reconciler.ReferencedSecrets;

class ReferencedSecretsTest {
  private static final String KEY = "0123456789abcdefghijklmnopqrstuvwxyz!@#$%^&*(-_=+)";

  private static Secret credentials(String username, String password, String extraValue) {
    var data = new LinkedHashMap<String, String>();
    data.put("username", username);
    data.put("password", password);
    if (extraValue != null) {
      data.put("note", extraValue);
    }
    return TestResources.secret(TestResources.CREDENTIALS_SECRET, data);
  }

  private static Secret generatedKey(String key) {
    return TestResources.secret("demo-secret-key", Map.of("secret-key", key));
  }

  private static String hash(Mathesar m, Secret... secrets) {
    return ReferencedSecrets.hash(m, TestResources.lookup(secrets));
  }

  @Test
  void hashIsA32CharacterHexDigestAndDeterministic() {
    var m = TestResources.mathesar();

    var first = hash(m, credentials("u", "p", null), generatedKey(KEY));
    var second = hash(m, credentials("u", "p", null), generatedKey(KEY));

    assertThat(first).hasSize(32).matches("[0-9a-f]{32}").isEqualTo(second);
  }

  @Test
  void hashDoesNotContainTheSecretValues() {
    var h = hash(TestResources.mathesar(), TestResources.credentials(), generatedKey(KEY));

    assertThat(h).doesNotContain(TestResources.DB_PASSWORD).doesNotContain(TestResources.b64(TestResources.DB_PASSWORD));
  }

  @Test
  void changedPasswordChangesTheHash() {
    var m = TestResources.mathesar();

    assertThat(hash(m, credentials("u", "new-password", null), generatedKey(KEY)))
        .isNotEqualTo(hash(m, credentials("u", "old-password", null), generatedKey(KEY)));
  }

  @Test
  void changedUsernameChangesTheHash() {
    var m = TestResources.mathesar();

    assertThat(hash(m, credentials("alice", "p", null), generatedKey(KEY)))
        .isNotEqualTo(hash(m, credentials("bob", "p", null), generatedKey(KEY)));
  }

  @Test
  void changedSecretKeyChangesTheHash() {
    var m = TestResources.mathesar();

    assertThat(hash(m, credentials("u", "p", null), generatedKey(KEY)))
        .isNotEqualTo(hash(m, credentials("u", "p", null), generatedKey(KEY.replace('a', 'b'))));
  }

  @Test
  void unrelatedKeyOfTheCredentialsSecretDoesNotChangeTheHash() {
    var m = TestResources.mathesar();

    var before = hash(m, credentials("u", "p", null), generatedKey(KEY));
    var added = hash(m, credentials("u", "p", "first"), generatedKey(KEY));
    var changed = hash(m, credentials("u", "p", "second"), generatedKey(KEY));

    assertThat(added).isEqualTo(before);
    assertThat(changed).isEqualTo(before);
  }

  @Test
  void unrelatedKeyOfTheSecretKeySecretDoesNotChangeTheHash() {
    var m = TestResources.mathesar();
    var plain = generatedKey(KEY);
    var withExtra = TestResources.secret("demo-secret-key", Map.of("secret-key", KEY, "backup-note", "x"));

    assertThat(hash(m, credentials("u", "p", null), withExtra))
        .isEqualTo(hash(m, credentials("u", "p", null), plain));
  }

  @Test
  void onlyTheConfiguredKeysCount() {
    var m = TestResources.mathesar();
    var ref = new CredentialsSecretRef(TestResources.CREDENTIALS_SECRET);
    ref.setUsernameKey("user");
    ref.setPasswordKey("pass");
    TestResources.external(m).setCredentialsSecret(ref);
    var v1 = TestResources.secret(TestResources.CREDENTIALS_SECRET, Map.of("user", "u", "pass", "p", "password", "a"));
    var v2 = TestResources.secret(TestResources.CREDENTIALS_SECRET, Map.of("user", "u", "pass", "p", "password", "b"));
    var v3 = TestResources.secret(TestResources.CREDENTIALS_SECRET, Map.of("user", "u", "pass", "q", "password", "a"));

    assertThat(hash(m, v1, generatedKey(KEY))).isEqualTo(hash(m, v2, generatedKey(KEY)));
    assertThat(hash(m, v3, generatedKey(KEY))).isNotEqualTo(hash(m, v1, generatedKey(KEY)));
  }

  @Test
  void ownSecretKeySecretIsHashedInsteadOfTheGeneratedOne() {
    var m = TestResources.mathesar();
    m.getSpec().setSecretKeySecret("own-key");
    var own1 = TestResources.secret("own-key", Map.of("secret-key", KEY));
    var own2 = TestResources.secret("own-key", Map.of("secret-key", KEY + "x"));

    assertThat(hash(m, credentials("u", "p", null), own1, generatedKey("a")))
        .isEqualTo(hash(m, credentials("u", "p", null), own1, generatedKey("b")))
        .isNotEqualTo(hash(m, credentials("u", "p", null), own2, generatedKey("a")));
  }

  @Test
  void appearingSecretChangesTheHash() {
    var m = TestResources.mathesar();

    assertThat(hash(m, credentials("u", "p", null)))
        .isNotEqualTo(hash(m, credentials("u", "p", null), generatedKey(KEY)));
  }

  @Test
  void secretsAreLookedUpInTheResourcesNamespace() {
    var m = TestResources.mathesar();
    var seen = new java.util.ArrayList<String>();

    ReferencedSecrets.hash(m, (ns, name) -> {
      seen.add(ns + "/" + name);
      return java.util.Optional.empty();
    });

    assertThat(seen).containsExactlyInAnyOrder("team-a/db-credentials", "team-a/demo-secret-key");
  }

  @Test
  void oneKeyForUserNameAndPasswordIsHashedOnce() {
    var m = TestResources.mathesar();
    TestResources.external(m).getCredentialsSecret().setUsernameKey("both");
    TestResources.external(m).getCredentialsSecret().setPasswordKey("both");
    var creds = TestResources.secret(TestResources.external(m).getCredentialsSecret().getName(), Map.of("both", "v1"));
    var changed = TestResources.secret(TestResources.external(m).getCredentialsSecret().getName(), Map.of("both", "v2"));

    assertThat(hash(m, creds, generatedKey("k"))).isNotEqualTo(hash(m, changed, generatedKey("k")));
  }
}
