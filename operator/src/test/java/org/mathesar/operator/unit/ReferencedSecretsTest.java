package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.AdminSpec;
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
    return ReferencedSecrets.hash(
        TestResources.resolved(m),
        TestResources.lookup(secrets),
        org.mathesar.operator.lookup.ConfigMapLookup.NONE);
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

    assertThat(h)
        .doesNotContain(TestResources.DB_PASSWORD)
        .doesNotContain(TestResources.b64(TestResources.DB_PASSWORD));
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
    var withExtra =
        TestResources.secret("demo-secret-key", Map.of("secret-key", KEY, "backup-note", "x"));

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
    var v1 =
        TestResources.secret(
            TestResources.CREDENTIALS_SECRET, Map.of("user", "u", "pass", "p", "password", "a"));
    var v2 =
        TestResources.secret(
            TestResources.CREDENTIALS_SECRET, Map.of("user", "u", "pass", "p", "password", "b"));
    var v3 =
        TestResources.secret(
            TestResources.CREDENTIALS_SECRET, Map.of("user", "u", "pass", "q", "password", "a"));

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

    ReferencedSecrets.hash(
        TestResources.resolved(m),
        (ns, name) -> {
          seen.add(ns + "/" + name);
          return java.util.Optional.empty();
        },
        org.mathesar.operator.lookup.ConfigMapLookup.NONE);

    assertThat(seen).containsExactlyInAnyOrder("team-a/db-credentials", "team-a/demo-secret-key");
  }

  @Test
  void oneKeyForUserNameAndPasswordIsHashedOnce() {
    var m = TestResources.mathesar();
    TestResources.external(m).getCredentialsSecret().setUsernameKey("both");
    TestResources.external(m).getCredentialsSecret().setPasswordKey("both");
    var creds =
        TestResources.secret(
            TestResources.external(m).getCredentialsSecret().getName(), Map.of("both", "v1"));
    var changed =
        TestResources.secret(
            TestResources.external(m).getCredentialsSecret().getName(), Map.of("both", "v2"));

    assertThat(hash(m, creds, generatedKey("k"))).isNotEqualTo(hash(m, changed, generatedKey("k")));
  }

  @Test
  void adminSecretDoesNotChangeTheHash() {
    // Only the admin Job reads it; a new admin password must not restart the web pods.
    var m = TestResources.mathesar();
    var admin1 = TestResources.secret("demo-admin", Map.of("username", "admin", "password", "one"));
    var admin2 = TestResources.secret("demo-admin", Map.of("username", "admin", "password", "two"));

    assertThat(hash(m, credentials("u", "p", null), generatedKey(KEY), admin1))
        .isEqualTo(hash(m, credentials("u", "p", null), generatedKey(KEY), admin2))
        .isEqualTo(hash(m, credentials("u", "p", null), generatedKey(KEY)));
  }

  @SuppressWarnings("unchecked")
  private static List<String> names(Mathesar m) throws ReflectiveOperationException {
    // ReferencedSecrets.names is package-private; the informer's mappers are its only callers.
    Method names = ReferencedSecrets.class.getDeclaredMethod("names", Mathesar.class);
    names.setAccessible(true);
    return (List<String>) names.invoke(null, m);
  }

  @Test
  void referencedNamesIncludeTheAdminSecret() throws ReflectiveOperationException {
    var m = TestResources.mathesar();

    assertThat(names(m)).containsExactly("db-credentials", "demo-secret-key", "demo-admin");

    m.getSpec().setSecretKeySecret("own-key");
    var admin = new AdminSpec();
    admin.setSecretName("first-admin");
    m.getSpec().setAdmin(admin);
    assertThat(names(m)).containsExactly("db-credentials", "own-key", "first-admin");
  }

  @Test
  void referencedNamesOfACloudNativePGInstanceIncludeTheAppSecret()
      throws ReflectiveOperationException {
    var m = TestResources.cloudNativePG();

    assertThat(names(m)).containsExactly("demo-db-app", "demo-secret-key", "demo-admin");
  }

  @Test
  void referencedNamesOfAnExternalInstanceDoNotIncludeAnAppSecret()
      throws ReflectiveOperationException {
    assertThat(names(TestResources.mathesar())).doesNotContain("demo-db-app");
  }

  @Test
  void referencedNamesOfAResourceWithoutDatabaseAreTheOtherSecrets()
      throws ReflectiveOperationException {
    var m = TestResources.mathesar();
    m.getSpec().setDatabase(null);

    assertThat(names(m)).containsExactly("demo-secret-key", "demo-admin");
  }

  // --- CloudNativePG mode: the Cluster's application Secret stands in for the credentials Secret

  private static Secret app(
      String host, String port, String dbname, String username, String password) {
    var data = new LinkedHashMap<String, String>();
    data.put("host", host);
    data.put("port", port);
    data.put("dbname", dbname);
    data.put("username", username);
    data.put("password", password);
    return TestResources.secret("demo-db-app", data);
  }

  private static Secret app(String password) {
    return app("demo-db-rw", "5432", "mathesar_django", "mathesar", password);
  }

  @Test
  void cloudNativePGHashReadsTheAppSecretAndTheKey() {
    var m = TestResources.cloudNativePG();
    var seen = new java.util.ArrayList<String>();

    ReferencedSecrets.hash(
        TestResources.resolved(m),
        (ns, name) -> {
          seen.add(ns + "/" + name);
          return java.util.Optional.empty();
        },
        org.mathesar.operator.lookup.ConfigMapLookup.NONE);

    assertThat(seen).containsExactlyInAnyOrder("team-a/demo-db-app", "team-a/demo-secret-key");
  }

  @Test
  void cloudNativePGHashIsDeterministic() {
    var m = TestResources.cloudNativePG();

    assertThat(hash(m, app("p"), generatedKey(KEY)))
        .hasSize(32)
        .matches("[0-9a-f]{32}")
        .isEqualTo(hash(m, app("p"), generatedKey(KEY)));
  }

  @Test
  void eachKeyOfTheAppSecretThePodsReadChangesTheHash() {
    var m = TestResources.cloudNativePG();
    var base =
        hash(m, app("demo-db-rw", "5432", "mathesar_django", "mathesar", "p"), generatedKey(KEY));

    assertThat(
            hash(
                m,
                app("demo-db-rw.other", "5432", "mathesar_django", "mathesar", "p"),
                generatedKey(KEY)))
        .as("host")
        .isNotEqualTo(base);
    assertThat(
            hash(
                m,
                app("demo-db-rw", "5433", "mathesar_django", "mathesar", "p"),
                generatedKey(KEY)))
        .as("port")
        .isNotEqualTo(base);
    assertThat(hash(m, app("demo-db-rw", "5432", "other", "mathesar", "p"), generatedKey(KEY)))
        .as("dbname")
        .isNotEqualTo(base);
    assertThat(
            hash(m, app("demo-db-rw", "5432", "mathesar_django", "other", "p"), generatedKey(KEY)))
        .as("username")
        .isNotEqualTo(base);
    assertThat(
            hash(
                m,
                app("demo-db-rw", "5432", "mathesar_django", "mathesar", "q"),
                generatedKey(KEY)))
        .as("password")
        .isNotEqualTo(base);
  }

  @Test
  void otherKeysOfTheAppSecretDoNotChangeTheHash() {
    // CloudNativePG also stores uri, jdbc-uri, pgpass...: the pods do not read them.
    var m = TestResources.cloudNativePG();
    var plain = app("p");
    var withUri = app("p");
    withUri
        .getData()
        .put("uri", TestResources.b64("postgresql://mathesar:p@demo-db-rw:5432/mathesar_django"));
    withUri
        .getData()
        .put("pgpass", TestResources.b64("demo-db-rw:5432:mathesar_django:mathesar:p"));

    assertThat(hash(m, withUri, generatedKey(KEY))).isEqualTo(hash(m, plain, generatedKey(KEY)));
  }

  @Test
  void appSecretAppearingChangesTheHash() {
    // The Cluster makes it some time after the instance is created: its arrival rolls the pods.
    var m = TestResources.cloudNativePG();

    assertThat(hash(m, generatedKey(KEY))).isNotEqualTo(hash(m, app("p"), generatedKey(KEY)));
  }

  @Test
  void credentialsSecretDoesNotCountInCloudNativePGMode() {
    var m = TestResources.cloudNativePG();

    assertThat(hash(m, app("p"), generatedKey(KEY), credentials("u", "one", null)))
        .isEqualTo(hash(m, app("p"), generatedKey(KEY), credentials("u", "two", null)))
        .isEqualTo(hash(m, app("p"), generatedKey(KEY)));
  }

  @Test
  void changedSecretKeyChangesTheCloudNativePGHash() {
    var m = TestResources.cloudNativePG();

    assertThat(hash(m, app("p"), generatedKey(KEY)))
        .isNotEqualTo(hash(m, app("p"), generatedKey(KEY + "x")));
  }

  @Test
  void hashDoesNotContainTheAppPassword() {
    var h = hash(TestResources.cloudNativePG(), app(TestResources.DB_PASSWORD), generatedKey(KEY));

    assertThat(h).doesNotContain(TestResources.DB_PASSWORD);
  }

  @Test
  void referencedNamesOfAResourceWithoutSpecAreEmpty() throws ReflectiveOperationException {
    var m = TestResources.mathesar();
    m.setSpec(null);

    assertThat(names(m)).isEmpty();
  }
}
