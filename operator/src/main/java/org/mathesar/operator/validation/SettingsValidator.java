package org.mathesar.operator.validation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MathesarSpec;
import org.mathesar.operator.customresource.ReleaseVersion;
import org.mathesar.operator.customresource.SsoProvider;
import org.mathesar.operator.desired.SettingsSecrets;
import org.mathesar.operator.lookup.SecretLookup;

/**
 * Checks Mathesar's own settings (spec.sso, fileStorage, loginPage, djangoAdmin) where the schema
 * cannot: the Secrets they read, and the Mathesar release that understands them. Mathesar swallows
 * a broken SSO or storage setting with a log line, so anything refused here would otherwise fail
 * silently at login or upload time.
 */
public final class SettingsValidator {
  /**
   * sso_config.py with SSO_CONFIG_DICT, GitHub and REQUIRE_SSO_LOGIN (0.10.x reads OIDC_CONFIG_DICT
   * only).
   */
  public static final String SSO_SINCE = "0.11.0";

  /** Login page settings and the Django admin switch. */
  public static final String LOGIN_PAGE_SINCE = "0.12.0";

  private SettingsValidator() {}

  /**
   * @param targetVersion the version the instance should run; null skips the version checks
   */
  public static List<SpecProblem> validate(Mathesar m, String targetVersion, SecretLookup secrets) {
    var problems = new ArrayList<SpecProblem>();
    var spec = m.getSpec();
    if (spec == null) {
      return problems;
    }
    validateSso(spec, targetVersion, problems);
    validateSecrets(spec, m.getMetadata().getNamespace(), secrets, problems);
    validateLoginPage(spec, targetVersion, problems);
    validateDjangoAdmin(spec, targetVersion, problems);
    return problems;
  }

  private static void validateSso(
      MathesarSpec spec, String targetVersion, List<SpecProblem> problems) {
    var sso = spec.getSso();
    if (sso == null) {
      return;
    }
    if (olderThan(targetVersion, SSO_SINCE)) {
      problems.add(
          tooOld(
              "spec.sso",
              targetVersion,
              SSO_SINCE,
              "remove spec.sso, or upgrade (older releases read only the OIDC_CONFIG_DICT variable, settable through spec.env)"));
      return;
    }
    var providers = sso.getProviders() == null ? List.<SsoProvider>of() : sso.getProviders();
    if (Boolean.TRUE.equals(sso.getRequireSsoLogin()) && providers.isEmpty()) {
      problems.add(
          new SpecProblem(
              "InvalidSso",
              "spec.sso.requireSsoLogin",
              "Mathesar ignores REQUIRE_SSO_LOGIN without a provider (password login stays on); add a provider to"
                  + " spec.sso.providers or set requireSsoLogin to false"));
    }
    var keys = new HashSet<String>();
    for (int i = 0; i < providers.size(); i++) {
      var p = providers.get(i);
      var field = "spec.sso.providers[" + i + "]";
      if (p == null || p.getType() == null) {
        problems.add(new SpecProblem("InvalidSso", field + ".type", "set type oidc or github"));
        continue;
      }
      if (p.getSecretName() == null || p.getSecretName().isBlank()) {
        problems.add(
            new SpecProblem(
                "InvalidSso",
                field + ".secretName",
                "name the Secret holding the client id and client secret"));
      }
      String key;
      if (p.getType() == SsoProvider.Type.OIDC) {
        if (p.getName() == null || p.getName().isBlank()) {
          problems.add(
              new SpecProblem(
                  "InvalidSso", field + ".name", "an oidc provider needs a name, e.g. google"));
          continue;
        }
        if (p.getServerUrl() == null || p.getServerUrl().isBlank()) {
          problems.add(
              new SpecProblem(
                  "InvalidSso",
                  field + ".serverUrl",
                  "an oidc provider needs the issuer URL, e.g. https://accounts.google.com"));
        }
        key = p.getName().toLowerCase(Locale.ROOT);
      } else {
        key = "github";
      }
      // Mathesar keys each provider's e-mail domains and roles by this name: a second one would
      // replace the first.
      if (!keys.add(key)) {
        problems.add(
            new SpecProblem(
                "InvalidSso",
                p.getType() == SsoProvider.Type.OIDC ? field + ".name" : field + ".type",
                "a second provider '"
                    + key
                    + "': Mathesar tells providers apart by this name (at most one github);"
                    + " rename or remove it"));
      }
    }
  }

  private static void validateSecrets(
      MathesarSpec spec, String namespace, SecretLookup secrets, List<SpecProblem> problems) {
    var reported = new HashSet<String>();
    for (var ref : SettingsSecrets.refs(spec)) {
      var prefix = ref.secretField().startsWith("spec.sso") ? "Sso" : "FileStorage";
      var secret = secrets.find(namespace, ref.secret());
      if (secret.isEmpty()) {
        if (reported.add(ref.secretField())) {
          problems.add(
              new SpecProblem(
                  prefix + "SecretNotFound",
                  ref.secretField(),
                  "Secret '"
                      + ref.secret()
                      + "' does not exist in namespace "
                      + namespace
                      + "; create it with the keys "
                      + keysOf(spec, ref.secretField())));
        }
        continue;
      }
      var data = secret.get().getData();
      var encoded = data == null ? null : data.get(ref.key());
      if (encoded == null || encoded.isEmpty()) {
        problems.add(
            new SpecProblem(
                prefix + "SecretKeyMissing",
                ref.keyField(),
                "Secret '"
                    + ref.secret()
                    + "' has no key '"
                    + ref.key()
                    + "'; add it or name the right key"));
        continue;
      }
      if (!fitsInJsonString(encoded)) {
        // Never the value itself: only which key holds something unusable.
        problems.add(
            new SpecProblem(
                prefix + "SecretValueUnsupported",
                ref.keyField(),
                "the value under key '"
                    + ref.key()
                    + "' of Secret '"
                    + ref.secret()
                    + "' holds a double quote, a"
                    + " backslash, a control character (a trailing newline, too) or is not UTF-8; Mathesar reads it inside a JSON"
                    + " string, so store the plain value without those"));
      }
    }
  }

  private static String keysOf(MathesarSpec spec, String secretField) {
    return SettingsSecrets.refs(spec).stream()
        .filter(r -> r.secretField().equals(secretField))
        .map(r -> "'" + r.key() + "'")
        .distinct()
        .reduce((a, b) -> a + " and " + b)
        .orElse("");
  }

  /** The kubelet pastes the value into the JSON unescaped, so it must need no escaping. */
  static boolean fitsInJsonString(String base64) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return false;
    }
    var decoder = StandardCharsets.UTF_8.newDecoder();
    String text;
    try {
      text = decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
    return text.chars().noneMatch(c -> c == '"' || c == '\\' || c < 0x20 || c == 0x7f);
  }

  private static void validateLoginPage(
      MathesarSpec spec, String targetVersion, List<SpecProblem> problems) {
    var page = spec.getLoginPage();
    if (page == null || !olderThan(targetVersion, LOGIN_PAGE_SINCE)) {
      return;
    }
    String field = null;
    if (page.getInstanceName() != null) {
      field = "spec.loginPage.instanceName";
    } else if (page.getLogoUrl() != null) {
      field = "spec.loginPage.logoUrl";
    } else if (page.getLandingPageUrl() != null) {
      field = "spec.loginPage.landingPageUrl";
    } else if (page.getTermsOfServiceUrl() != null) {
      field = "spec.loginPage.termsOfServiceUrl";
    } else if (page.getPrivacyPolicyUrl() != null) {
      field = "spec.loginPage.privacyPolicyUrl";
    }
    if (field != null) {
      problems.add(
          tooOld(field, targetVersion, LOGIN_PAGE_SINCE, "remove spec.loginPage, or upgrade"));
    }
  }

  /** Before 0.12.0 the admin is always on: true changes nothing, false cannot be honoured. */
  private static void validateDjangoAdmin(
      MathesarSpec spec, String targetVersion, List<SpecProblem> problems) {
    var admin = spec.getDjangoAdmin();
    if (admin != null
        && Boolean.FALSE.equals(admin.getEnabled())
        && olderThan(targetVersion, LOGIN_PAGE_SINCE)) {
      problems.add(
          tooOld(
              "spec.djangoAdmin.enabled",
              targetVersion,
              LOGIN_PAGE_SINCE,
              "Mathesar before 0.12.0 always serves the Django admin at /admin/; remove spec.djangoAdmin.enabled, or upgrade"));
    }
  }

  private static boolean olderThan(String targetVersion, String since) {
    // A release candidate of the release that brought a setting already has it.
    return targetVersion != null
        && ReleaseVersion.compare(targetVersion.replaceFirst("-.*$", ""), since) < 0;
  }

  private static SpecProblem tooOld(String field, String version, String since, String whatToDo) {
    return new SpecProblem(
        "SettingNeedsNewerMathesar",
        field,
        "needs Mathesar " + since + " or later, the instance runs " + version + "; " + whatToDo);
  }
}
