package org.mathesar.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mathesar.operator.customresource.FileStorageSpec;
import org.mathesar.operator.customresource.LoginPageSpec;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.SsoProvider;
import org.mathesar.operator.customresource.SsoSpec;
import org.mathesar.operator.desired.MetadataKeys;
import org.mathesar.operator.status.Conditions;

/**
 * spec.sso, fileStorage, loginPage on a real API server: schema, Secret checks, the Deployment's
 * environment.
 */
class SettingsIT extends OperatorTestBase {
  private static final String CLIENT_SECRET = "Cl1ent-S3cret-Never-Shown";
  private static final String S3_SECRET = "S3-S3cret-Never-Shown";

  /** What the CRD schema refuses, with the field named in the error. */
  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "spec.sso.providers[0].type; {\"sso\": {\"providers\": [{\"type\": \"saml\", \"secretName\": \"s\"}]}}",
        "spec.sso.providers[0].secretName; {\"sso\": {\"providers\": [{\"type\": \"github\"}]}}",
        "spec.sso.providers[0].serverUrl; {\"sso\": {\"providers\": [{\"type\": \"oidc\", \"name\": \"g\", \"secretName\": \"s\", \"serverUrl\": \"accounts.google.com\"}]}}",
        "spec.sso.providers[0].name; {\"sso\": {\"providers\": [{\"type\": \"oidc\", \"name\": \"Google Login\", \"secretName\": \"s\", \"serverUrl\": \"https://a\"}]}}",
        "spec.sso.providers[0].defaultPgRoles[0].port; {\"sso\": {\"providers\": [{\"type\": \"github\", \"secretName\": \"s\", \"defaultPgRoles\": [{\"database\": \"d\", \"host\": \"h\", \"role\": \"r\", \"port\": 0}]}]}}",
        "spec.fileStorage.prefix; {\"fileStorage\": {\"prefix\": \"Bad_Bucket\"}}",
        "spec.fileStorage.prefix; {\"fileStorage\": {\"region\": \"eu-west-1\"}}",
        "spec.fileStorage.endpointUrl; {\"fileStorage\": {\"prefix\": \"files\", \"endpointUrl\": \"minio:9000\"}}",
        "spec.fileStorage.credentialsSecret.name; {\"fileStorage\": {\"prefix\": \"files\", \"credentialsSecret\": {\"name\": \"Bad_Name\"}}}",
        "spec.fileStorage.publicFormAccess.maxUploadSize; {\"fileStorage\": {\"prefix\": \"files\", \"publicFormAccess\": {\"maxUploadSize\": 0}}}",
        "spec.loginPage.logoUrl; {\"loginPage\": {\"logoUrl\": \"javascript:alert(1)\"}}",
        "spec.loginPage.instanceName; {\"loginPage\": {\"instanceName\": \"\"}}",
        "spec.djangoAdmin.enabled; {\"djangoAdmin\": {\"enabled\": \"yes\"}}",
      })
  void schemaRefuses(String field, String settingsJson) {
    Map<String, Object> settings =
        client.getKubernetesSerialization().unmarshal(settingsJson, Map.class);
    var refusal = schemaRefusal(newNamespace(), spec -> spec.putAll(settings));

    // 1.20 names a list item's field without its index (spec.sso.providers.type), newer servers
    // with it.
    assertThat(refusal.getMessage()).containsAnyOf(field, field.replaceAll("\\[[0-9]+\\]", ""));
  }

  @Test
  void aMissingSsoSecretIsReportedAndTheInstanceConvergesWhenItAppears() {
    var ns = newNamespace();
    credentials(ns, "db");
    client.resource(withSettings(mathesar(ns, "sso", "db"), "0.11.0")).create();

    var m = awaitMathesar(ns, "sso", condition(Conditions.DEGRADED, "True", "SsoSecretNotFound"));
    assertThat(
            Conditions.find(m.getStatus().getConditions(), Conditions.DEGRADED)
                .orElseThrow()
                .getMessage())
        .contains("spec.sso.providers[0].secretName", "google-sso");
    assertThat(client.apps().deployments().inNamespace(ns).withName("sso").get()).isNull();
    awaitWarning(ns, "SsoSecretNotFound", "spec.sso.providers[0].secretName");

    secret(ns, "google-sso", Map.of("client-id", "google-id", "client-secret", CLIENT_SECRET));
    awaitMathesar(ns, "sso", condition(Conditions.DEGRADED, "True", "FileStorageSecretNotFound"));
    awaitWarning(ns, "FileStorageSecretNotFound", "spec.fileStorage.credentialsSecret.name");

    secret(ns, "s3", Map.of("access-key-id", "AKIAEXAMPLE", "secret-access-key", S3_SECRET));
    var deployment = awaitInstalled(ns, "sso");
    var env = env(deployment);

    assertThat(env.get("SSO_PROVIDER_0_CLIENT_SECRET").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("google-sso");
    assertThat(env.get("SSO_PROVIDER_0_CLIENT_SECRET").getValueFrom().getSecretKeyRef().getKey())
        .isEqualTo("client-secret");
    assertThat(env.get("SSO_CONFIG_DICT").getValue())
        .contains(
            "\"version\":2",
            "\"provider_name\":\"google\"",
            "\"secret\":\"$(SSO_PROVIDER_0_CLIENT_SECRET)\"");
    assertThat(env.get("REQUIRE_SSO_LOGIN").getValue()).isEqualTo("true");
    assertThat(env.get("FILE_STORAGE_DICT").getValue())
        .contains(
            "\"prefix\":\"mathesar-files\"",
            "\"aws_secret_access_key\":\"$(FILE_STORAGE_SECRET_ACCESS_KEY)\"");
    assertThat(env.get("FILE_STORAGE_SECRET_ACCESS_KEY").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("s3");
    var stored =
        client.getKubernetesSerialization().asJson(deployment)
            + client.getKubernetesSerialization().asJson(mathesarResource(ns, "sso").get())
            + client.v1().events().inNamespace(ns).list().getItems();
    assertThat(stored).doesNotContain(CLIENT_SECRET).doesNotContain(S3_SECRET);
  }

  @Test
  void aRotatedClientSecretRollsThePods() {
    var ns = newNamespace();
    credentials(ns, "db");
    secret(ns, "google-sso", Map.of("client-id", "google-id", "client-secret", CLIENT_SECRET));
    secret(ns, "s3", Map.of("access-key-id", "AKIAEXAMPLE", "secret-access-key", S3_SECRET));
    client.resource(withSettings(mathesar(ns, "rotate", "db"), "0.11.0")).create();
    var before = hash(awaitInstalled(ns, "rotate"));

    client
        .secrets()
        .inNamespace(ns)
        .withName("google-sso")
        .edit(
            s ->
                new SecretBuilder(s)
                    .withData(null)
                    .withStringData(Map.of("client-id", "google-id", "client-secret", "rotated"))
                    .build());

    awaitDeployment(ns, "rotate", d -> !hash(d).equals(before));
  }

  @Test
  void badValuesAndVersionsTheSchemaCannotJudge() {
    var ns = newNamespace();
    credentials(ns, "db");
    secret(ns, "google-sso", Map.of("client-id", "google-id"));
    var missingKey = withSettings(mathesar(ns, "half", "db"), "0.11.0");
    missingKey.getSpec().setFileStorage(null);
    client.resource(missingKey).create();
    var m =
        awaitMathesar(ns, "half", condition(Conditions.DEGRADED, "True", "SsoSecretKeyMissing"));
    assertThat(
            Conditions.find(m.getStatus().getConditions(), Conditions.DEGRADED)
                .orElseThrow()
                .getMessage())
        .contains("spec.sso.providers[0].clientSecretKey", "'client-secret'");
    awaitWarning(ns, "SsoSecretKeyMissing", "spec.sso.providers[0].clientSecretKey");

    var oldRelease = mathesar(ns, "old", "db");
    oldRelease.getSpec().setVersion("0.11.0");
    var page = new LoginPageSpec();
    page.setInstanceName("Acme");
    oldRelease.getSpec().setLoginPage(page);
    client.resource(oldRelease).create();
    awaitMathesar(ns, "old", condition(Conditions.DEGRADED, "True", "SettingNeedsNewerMathesar"));
    awaitWarning(ns, "SettingNeedsNewerMathesar", "spec.loginPage.instanceName");
    assertThat(client.apps().deployments().inNamespace(ns).withName("old").get()).isNull();
  }

  /** Google SSO from Secret google-sso, required; S3 storage with keys from Secret s3. */
  private static Mathesar withSettings(Mathesar m, String version) {
    m.getSpec().setVersion(version);
    var google = new SsoProvider();
    google.setType(SsoProvider.Type.OIDC);
    google.setName("google");
    google.setServerUrl("https://accounts.google.com");
    google.setSecretName("google-sso");
    var sso = new SsoSpec();
    sso.setProviders(List.of(google));
    sso.setRequireSsoLogin(true);
    m.getSpec().setSso(sso);
    var storage = new FileStorageSpec();
    storage.setPrefix("mathesar-files");
    storage.setCredentialsSecret(new FileStorageSpec.S3CredentialsRef("s3"));
    m.getSpec().setFileStorage(storage);
    return m;
  }

  private static void secret(String ns, String name, Map<String, String> data) {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withStringData(new LinkedHashMap<>(data))
                .build())
        .create();
  }

  private static Map<String, EnvVar> env(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .collect(Collectors.toMap(EnvVar::getName, Function.identity()));
  }

  private static String hash(Deployment d) {
    return d.getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get(MetadataKeys.SECRETS_HASH_ANNOTATION);
  }
}
