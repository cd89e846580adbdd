package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.DjangoAdminSpec;
import org.mathesar.operator.customresource.FileStorageSpec;
import org.mathesar.operator.customresource.SsoSpec;
import org.mathesar.operator.desired.MathesarEnvironment;
import org.mathesar.operator.desired.SettingsEnvironment;

class SettingsEnvironmentTest {
  private static final String V12 = "0.12.0";

  @Test
  void noSettingsNoVariables() {
    assertThat(SettingsEnvironment.build(TestResources.resolved(TestResources.mathesar())))
        .isEmpty();
  }

  @Test
  void ssoConfigIsMathesarsVersion2SchemaWithTheSecretsFilledInByTheKubelet() {
    var env = MathesarEnvironment.build(TestResources.resolved(SettingsFixtures.everything(V12)));
    var seen = SettingsFixtures.containerEnvironment(env, SettingsFixtures.secrets());

    var sso = SettingsFixtures.json(seen.get("SSO_CONFIG_DICT"));
    assertThat(sso.get("version").asInt()).isEqualTo(2);
    var google = sso.get("providers").get("provider1");
    assertThat(google.get("type").asText()).isEqualTo("oidc");
    assertThat(google.get("provider_name").asText()).isEqualTo("google");
    assertThat(google.get("server_url").asText()).isEqualTo("https://accounts.google.com");
    assertThat(google.get("client_id").asText()).isEqualTo(SettingsFixtures.GOOGLE_ID);
    assertThat(google.get("secret").asText()).isEqualTo(SettingsFixtures.GOOGLE_SECRET);
    assertThat(google.get("allowed_email_domains").get(0).asText()).isEqualTo("example.com");
    var role = google.get("default_pg_role").get("db1");
    assertThat(role.get("name").asText()).isEqualTo("shop");
    assertThat(role.get("host").asText()).isEqualTo("pg.example.internal");
    assertThat(role.get("port").asInt()).isEqualTo(5432);
    assertThat(role.get("role").asText()).isEqualTo("viewer");
    var github = sso.get("providers").get("provider2");
    assertThat(github.get("type").asText()).isEqualTo("github");
    assertThat(github.has("provider_name")).isFalse();
    assertThat(github.get("client_id").asText()).isEqualTo(SettingsFixtures.GITHUB_ID);
    assertThat(github.get("secret").asText()).isEqualTo(SettingsFixtures.GITHUB_SECRET);
    assertThat(seen.get("REQUIRE_SSO_LOGIN")).isEqualTo("true");
  }

  @Test
  void fileStorageIsMathesarsDefaultBackendWithKeysFromTheSecret() {
    var env = MathesarEnvironment.build(TestResources.resolved(SettingsFixtures.everything(V12)));
    var seen = SettingsFixtures.containerEnvironment(env, SettingsFixtures.secrets());

    var backend = SettingsFixtures.json(seen.get("FILE_STORAGE_DICT")).get("default");
    assertThat(backend.get("protocol").asText()).isEqualTo("s3");
    assertThat(backend.get("prefix").asText()).isEqualTo("mathesar-files/demo");
    var client = backend.get("kwargs").get("client_kwargs");
    assertThat(client.get("endpoint_url").asText())
        .isEqualTo("https://minio.example.internal:9000");
    assertThat(client.get("region_name").asText()).isEqualTo("eu-central-1");
    assertThat(client.get("aws_access_key_id").asText()).isEqualTo(SettingsFixtures.S3_KEY_ID);
    assertThat(client.get("aws_secret_access_key").asText()).isEqualTo(SettingsFixtures.S3_SECRET);
    assertThat(backend.get("public_form_access").get("enabled").asBoolean())
        .as("Mathesar lets anonymous form users upload when the block is missing")
        .isFalse();
  }

  @Test
  void fileStorageWithoutSecretLeavesCredentialsToTheS3Client() {
    var m = TestResources.mathesar();
    var storage = new FileStorageSpec();
    storage.setPrefix("bucket");
    storage.getPublicFormAccess().setEnabled(true);
    storage.getPublicFormAccess().setMaxUploadSize(1048576L);
    m.getSpec().setFileStorage(storage);

    var env = SettingsEnvironment.build(TestResources.resolved(m));

    assertThat(env).extracting(EnvVar::getName).containsExactly("FILE_STORAGE_DICT");
    var backend = SettingsFixtures.json(env.get(0).getValue()).get("default");
    assertThat(backend.get("kwargs").size())
        .as("Mathesar passes kwargs to fsspec; it must exist")
        .isZero();
    assertThat(backend.get("public_form_access").get("max_upload_size").asLong())
        .isEqualTo(1048576L);
    assertThat(backend.get("public_form_access").get("enabled").asBoolean()).isTrue();
  }

  @Test
  void noSecretValueIsInThePodSpec() {
    var env = MathesarEnvironment.build(TestResources.resolved(SettingsFixtures.everything(V12)));

    var text = env.toString();
    for (var secret :
        List.of(
            SettingsFixtures.GOOGLE_ID,
            SettingsFixtures.GOOGLE_SECRET,
            SettingsFixtures.GITHUB_ID,
            SettingsFixtures.GITHUB_SECRET,
            SettingsFixtures.S3_KEY_ID,
            SettingsFixtures.S3_SECRET)) {
      assertThat(text).doesNotContain(secret);
    }
    assertThat(env)
        .filteredOn(
            e -> e.getName().endsWith("_CLIENT_SECRET") || e.getName().endsWith("_ACCESS_KEY"))
        .hasSize(3)
        .allSatisfy(e -> assertThat(e.getValueFrom().getSecretKeyRef()).isNotNull());
  }

  @Test
  void secretReferencesComeBeforeTheJsonThatNamesThem() {
    var names =
        SettingsFixtures.names(
            MathesarEnvironment.build(TestResources.resolved(SettingsFixtures.everything(V12))));

    assertThat(names.indexOf("SSO_PROVIDER_1_CLIENT_SECRET"))
        .isLessThan(names.indexOf("SSO_CONFIG_DICT"));
    assertThat(names.indexOf("FILE_STORAGE_SECRET_ACCESS_KEY"))
        .isLessThan(names.indexOf("FILE_STORAGE_DICT"));
  }

  @Test
  void literalDollarSignsSurviveTheKubeletsExpansion() {
    var env = MathesarEnvironment.build(TestResources.resolved(SettingsFixtures.everything(V12)));
    var seen = SettingsFixtures.containerEnvironment(env, SettingsFixtures.secrets());

    assertThat(seen.get("MATHESAR_INSTANCE_NAME")).isEqualTo("Acme $HOME Data");
  }

  @Test
  void loginPageAndDjangoAdminVariables() {
    var env =
        SettingsFixtures.containerEnvironment(
            MathesarEnvironment.build(TestResources.resolved(SettingsFixtures.everything(V12))),
            SettingsFixtures.secrets());

    assertThat(env)
        .containsEntry("MATHESAR_AUTH_LOGO_URL", "https://acme.example/logo.svg")
        .containsEntry("MATHESAR_LANDING_PAGE_URL", "https://acme.example/")
        .containsEntry("MATHESAR_TERMS_OF_SERVICE_URL", "https://acme.example/terms")
        .containsEntry("MATHESAR_PRIVACY_POLICY_URL", "/privacy")
        .containsEntry("MATHESAR_DJANGO_ADMIN_ENABLED", "true");
  }

  @Test
  void djangoAdminOffMeansTheVariableIsAbsentAndSpecEnvCannotSetIt() {
    var m = TestResources.mathesar();
    var admin = new DjangoAdminSpec();
    admin.setEnabled(false);
    m.getSpec().setDjangoAdmin(admin);
    m.getSpec().setEnv(List.of(TestResources.env("MATHESAR_DJANGO_ADMIN_ENABLED", "true")));

    var instance = TestResources.resolved(m);

    assertThat(MathesarEnvironment.build(instance))
        .extracting(EnvVar::getName)
        .doesNotContain("MATHESAR_DJANGO_ADMIN_ENABLED");
    assertThat(MathesarEnvironment.ignoredUserVariables(instance))
        .containsExactly("MATHESAR_DJANGO_ADMIN_ENABLED");
  }

  @Test
  void specEnvCannotOverrideSettingsVariablesButStillSetsThemWhenTheFieldIsUnset() {
    var m = SettingsFixtures.everything(V12);
    m.getSpec()
        .setEnv(
            List.of(
                TestResources.env("SSO_CONFIG_DICT", "{}"),
                TestResources.env("OIDC_CONFIG_DICT", "{}"),
                TestResources.env("SSO_PROVIDER_0_CLIENT_SECRET", "x"),
                TestResources.env("TZ", "UTC")));

    var instance = TestResources.resolved(m);
    var env = MathesarEnvironment.build(instance);

    assertThat(env).extracting(EnvVar::getName).doesNotHaveDuplicates().endsWith("TZ");
    assertThat(MathesarEnvironment.ignoredUserVariables(instance))
        .containsExactly("SSO_CONFIG_DICT", "OIDC_CONFIG_DICT", "SSO_PROVIDER_0_CLIENT_SECRET");

    var plain = TestResources.mathesar();
    plain.getSpec().setEnv(List.of(TestResources.env("SSO_CONFIG_DICT", "{}")));
    assertThat(MathesarEnvironment.ignoredUserVariables(TestResources.resolved(plain))).isEmpty();
    assertThat(MathesarEnvironment.build(TestResources.resolved(plain)))
        .extracting(EnvVar::getName)
        .contains("SSO_CONFIG_DICT");
  }

  @Test
  void ssoWithoutProvidersSetsOnlyRequireSsoLogin() {
    var m = TestResources.mathesar();
    m.getSpec().setSso(new SsoSpec());

    assertThat(SettingsEnvironment.build(TestResources.resolved(m)))
        .extracting(EnvVar::getName, EnvVar::getValue)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("REQUIRE_SSO_LOGIN", "false"));
  }
}
