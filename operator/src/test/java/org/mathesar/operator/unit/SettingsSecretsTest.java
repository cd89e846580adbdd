package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.SettingsSecrets;
import org.mathesar.operator.reconciler.ReferencedSecrets;

class SettingsSecretsTest {
  private static String hash(Mathesar m, java.util.List<Secret> settingsSecrets) {
    var all = new ArrayList<>(settingsSecrets);
    all.add(TestResources.credentials());
    return ReferencedSecrets.hash(
        TestResources.resolved(m),
        TestResources.lookup(all.toArray(Secret[]::new)),
        org.mathesar.operator.lookup.ConfigMapLookup.NONE);
  }

  @Test
  void keysBySecretListsOnlyTheKeysInUse() {
    var refs = TestResources.resolved(SettingsFixtures.everything("0.12.0")).settingsSecrets();
    assertThat(SettingsSecrets.keysBySecret(refs))
        .isEqualTo(
            Map.of(
                "google-sso", Set.of("client-id", "client-secret"),
                "github-sso", Set.of("client-id", "client-secret"),
                "s3-credentials", Set.of("access-key-id", "secret-access-key")));
    assertThat(
            SettingsSecrets.keysBySecret(
                TestResources.resolved(TestResources.mathesar()).settingsSecrets()))
        .isEmpty();
  }

  @Test
  void aChangedClientSecretOrS3KeyRollsThePods() {
    var m = SettingsFixtures.everything("0.12.0");
    var before = hash(m, SettingsFixtures.secrets());

    var rotated = new ArrayList<>(SettingsFixtures.secrets());
    rotated.set(
        1,
        TestResources.secret("github-sso", Map.of("client-id", "id", "client-secret", "rotated")));
    var s3 = new ArrayList<>(SettingsFixtures.secrets());
    s3.set(
        2,
        TestResources.secret(
            "s3-credentials", Map.of("access-key-id", "k", "secret-access-key", "rotated")));

    assertThat(hash(m, rotated)).isNotEqualTo(before);
    assertThat(hash(m, s3)).isNotEqualTo(before);
  }

  @Test
  void anUnusedKeyInASettingsSecretDoesNot() {
    var m = SettingsFixtures.everything("0.12.0");
    var extra = new ArrayList<>(SettingsFixtures.secrets());
    extra.set(
        0,
        TestResources.secret(
            "google-sso",
            Map.of(
                "client-id",
                SettingsFixtures.GOOGLE_ID,
                "client-secret",
                SettingsFixtures.GOOGLE_SECRET,
                "note",
                "unrelated")));

    assertThat(hash(m, extra)).isEqualTo(hash(m, SettingsFixtures.secrets()));
  }

  @Test
  void withoutSettingsTheHashIsWhatItWasBefore() {
    var m = TestResources.mathesar();
    assertThat(hash(m, SettingsFixtures.secrets())).isEqualTo(hash(m, java.util.List.of()));
  }
}
