package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mathesar.operator.customresource.DjangoAdminSpec;
import org.mathesar.operator.customresource.LoginPageSpec;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.SsoSpec;
import org.mathesar.operator.validation.SpecProblem;
import org.mathesar.operator.validation.SpecValidator;

/** Through SpecValidator, so the wiring into it is tested too. */
class SettingsValidatorTest {
  private static List<SpecProblem> validate(Mathesar m, List<Secret> settingsSecrets) {
    var all = new ArrayList<>(settingsSecrets);
    all.add(TestResources.credentials());
    return SpecValidator.validate(
        m,
        m.getSpec().getVersion(),
        TestResources.lookup(all.toArray(Secret[]::new)),
        Optional.empty());
  }

  @Test
  void everythingWithItsSecretsOn012IsValid() {
    assertThat(validate(SettingsFixtures.everything("0.12.0"), SettingsFixtures.secrets()))
        .isEmpty();
  }

  @Test
  void aReleaseCandidateOfTheReleaseThatBroughtTheSettingsCounts() {
    assertThat(validate(SettingsFixtures.everything("0.12.0-rc1"), SettingsFixtures.secrets()))
        .isEmpty();
  }

  @Test
  void missingSecretsAreNamedByTheirField() {
    var problems = validate(SettingsFixtures.everything("0.12.0"), List.of());

    assertThat(problems)
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(
            tuple("SsoSecretNotFound", "spec.sso.providers[0].secretName"),
            tuple("SsoSecretNotFound", "spec.sso.providers[1].secretName"),
            tuple("FileStorageSecretNotFound", "spec.fileStorage.credentialsSecret.name"));
    assertThat(problems.get(0).message())
        .contains("'google-sso'", "'client-id' and 'client-secret'");
  }

  @Test
  void missingKeysAreNamedByTheirField() {
    var secrets =
        List.of(
            TestResources.secret("google-sso", Map.of("client-id", "id")),
            TestResources.secret("github-sso", Map.of("client-id", "id", "client-secret", "s")),
            TestResources.secret("s3-credentials", Map.of("secret-access-key", "s")));

    assertThat(validate(SettingsFixtures.everything("0.12.0"), secrets))
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(
            tuple("SsoSecretKeyMissing", "spec.sso.providers[0].clientSecretKey"),
            tuple(
                "FileStorageSecretKeyMissing",
                "spec.fileStorage.credentialsSecret.accessKeyIdKey"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"with\"quote", "back\\slash", "trailing-newline\n"})
  void valuesThatWouldBreakTheJsonAreRefusedWithoutBeingShown(String value) {
    var secrets = new ArrayList<>(SettingsFixtures.secrets());
    secrets.set(
        0, TestResources.secret("google-sso", Map.of("client-id", "id", "client-secret", value)));

    var problems = validate(SettingsFixtures.everything("0.12.0"), secrets);

    assertThat(problems)
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(
            tuple("SsoSecretValueUnsupported", "spec.sso.providers[0].clientSecretKey"));
    assertThat(problems.get(0).message()).doesNotContain(value.strip());
  }

  @Test
  void ssoNeeds011() {
    var m = SettingsFixtures.everything("0.10.1");
    m.getSpec().setLoginPage(null);
    m.getSpec().setDjangoAdmin(null);

    assertThat(validate(m, SettingsFixtures.secrets()))
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("SettingNeedsNewerMathesar", "spec.sso"));
  }

  @Test
  void loginPageNeeds012() {
    var m = TestResources.mathesar();
    m.getSpec().setVersion("0.11.0");
    var page = new LoginPageSpec();
    page.setTermsOfServiceUrl("https://acme.example/terms");
    m.getSpec().setLoginPage(page);

    var problems = validate(m, List.of());

    assertThat(problems)
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("SettingNeedsNewerMathesar", "spec.loginPage.termsOfServiceUrl"));
    assertThat(problems.get(0).message()).contains("0.12.0", "0.11.0");
  }

  @Test
  void djangoAdminFalseCannotBeHonouredBefore012ButTrueIsWhatOlderReleasesDo() {
    var m = TestResources.mathesar();
    m.getSpec().setVersion("0.11.0");
    var admin = new DjangoAdminSpec();
    m.getSpec().setDjangoAdmin(admin);

    admin.setEnabled(false);
    assertThat(validate(m, List.of()))
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("SettingNeedsNewerMathesar", "spec.djangoAdmin.enabled"));
    admin.setEnabled(true);
    assertThat(validate(m, List.of())).isEmpty();
    m.getSpec().setVersion("0.12.0");
    admin.setEnabled(false);
    assertThat(validate(m, List.of())).isEmpty();
  }

  @Test
  void requireSsoLoginWithoutProviderIsRefused() {
    var m = TestResources.mathesar();
    var sso = new SsoSpec();
    sso.setRequireSsoLogin(true);
    m.getSpec().setSso(sso);

    assertThat(validate(m, List.of()))
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("InvalidSso", "spec.sso.requireSsoLogin"));
  }

  @Test
  void providersMathesarCannotTellApartAreRefused() {
    var m = TestResources.mathesar();
    var sso = new SsoSpec();
    sso.setProviders(
        List.of(
            SettingsFixtures.oidc("google", "google-sso"),
            SettingsFixtures.github("github-sso"),
            SettingsFixtures.github("github-sso"),
            SettingsFixtures.oidc("google", "google-sso")));
    m.getSpec().setSso(sso);

    assertThat(validate(m, SettingsFixtures.secrets()))
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(
            tuple("InvalidSso", "spec.sso.providers[2].type"),
            tuple("InvalidSso", "spec.sso.providers[3].name"));
  }

  @Test
  void oidcWithoutNameOrServerUrlIsRefusedWhereTheServerHasNoCel() {
    var m = TestResources.mathesar();
    var noUrl = SettingsFixtures.oidc("okta", "google-sso");
    noUrl.setServerUrl(null);
    var noName = SettingsFixtures.oidc(null, "google-sso");
    var sso = new SsoSpec();
    sso.setProviders(List.of(noUrl, noName));
    m.getSpec().setSso(sso);

    assertThat(validate(m, SettingsFixtures.secrets()))
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(
            tuple("InvalidSso", "spec.sso.providers[0].serverUrl"),
            tuple("InvalidSso", "spec.sso.providers[1].name"));
  }

  @Test
  void noSecretValueInAnyMessage() {
    var secrets =
        List.of(
            TestResources.secret(
                "google-sso",
                Map.of(
                    "client-id",
                    SettingsFixtures.GOOGLE_ID,
                    "client-secret",
                    "bad\"" + SettingsFixtures.GOOGLE_SECRET)),
            TestResources.secret(
                "s3-credentials", Map.of("access-key-id", SettingsFixtures.S3_KEY_ID)));

    var problems = validate(SettingsFixtures.everything("0.12.0"), secrets);

    assertThat(problems)
        .hasSizeGreaterThanOrEqualTo(3)
        .allSatisfy(
            p ->
                assertThat(p.describe())
                    .doesNotContain(
                        SettingsFixtures.GOOGLE_ID,
                        SettingsFixtures.GOOGLE_SECRET,
                        SettingsFixtures.S3_KEY_ID));
  }
}
