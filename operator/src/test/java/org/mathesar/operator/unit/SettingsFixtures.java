package org.mathesar.operator.unit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mathesar.operator.customresource.DjangoAdminSpec;
import org.mathesar.operator.customresource.FileStorageSpec;
import org.mathesar.operator.customresource.LoginPageSpec;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.SsoDefaultPgRole;
import org.mathesar.operator.customresource.SsoProvider;
import org.mathesar.operator.customresource.SsoSpec;

/** Instances with Mathesar's own settings, their Secrets, and the kubelet's $(VAR) expansion. */
final class SettingsFixtures {
  static final String GOOGLE_ID = "google-client-id.apps.example";
  static final String GOOGLE_SECRET = "G00gle-Cl1ent-S3cret";
  static final String GITHUB_ID = "Iv1.github-id";
  static final String GITHUB_SECRET = "G1thub-Cl1ent-S3cret";
  static final String S3_KEY_ID = "AKIAEXAMPLEKEYID";
  static final String S3_SECRET = "S3-S3cret/Access+Key";

  private SettingsFixtures() {}

  static SsoProvider oidc(String name, String secret) {
    var p = new SsoProvider();
    p.setType(SsoProvider.Type.OIDC);
    p.setName(name);
    p.setServerUrl("https://accounts.google.com");
    p.setSecretName(secret);
    return p;
  }

  static SsoProvider github(String secret) {
    var p = new SsoProvider();
    p.setType(SsoProvider.Type.GITHUB);
    p.setSecretName(secret);
    return p;
  }

  /** Google and GitHub SSO, S3 storage with a Secret, all login page fields, Django admin on. */
  static Mathesar everything(String version) {
    var m = TestResources.mathesar();
    m.getSpec().setVersion(version);
    var google = oidc("google", "google-sso");
    google.setAllowedEmailDomains(List.of("example.com"));
    var role = new SsoDefaultPgRole();
    role.setDatabase("shop");
    role.setHost("pg.example.internal");
    role.setPort(5432);
    role.setRole("viewer");
    google.setDefaultPgRoles(List.of(role));
    var sso = new SsoSpec();
    sso.setProviders(List.of(google, github("github-sso")));
    sso.setRequireSsoLogin(true);
    m.getSpec().setSso(sso);
    var storage = new FileStorageSpec();
    storage.setPrefix("mathesar-files/demo");
    storage.setEndpointUrl("https://minio.example.internal:9000");
    storage.setRegion("eu-central-1");
    storage.setCredentialsSecret(new FileStorageSpec.S3CredentialsRef("s3-credentials"));
    m.getSpec().setFileStorage(storage);
    var page = new LoginPageSpec();
    page.setInstanceName("Acme $HOME Data");
    page.setLogoUrl("https://acme.example/logo.svg");
    page.setLandingPageUrl("https://acme.example/");
    page.setTermsOfServiceUrl("https://acme.example/terms");
    page.setPrivacyPolicyUrl("/privacy");
    m.getSpec().setLoginPage(page);
    var admin = new DjangoAdminSpec();
    admin.setEnabled(true);
    m.getSpec().setDjangoAdmin(admin);
    return m;
  }

  static List<Secret> secrets() {
    return List.of(
        TestResources.secret(
            "google-sso", Map.of("client-id", GOOGLE_ID, "client-secret", GOOGLE_SECRET)),
        TestResources.secret(
            "github-sso", Map.of("client-id", GITHUB_ID, "client-secret", GITHUB_SECRET)),
        TestResources.secret(
            "s3-credentials", Map.of("access-key-id", S3_KEY_ID, "secret-access-key", S3_SECRET)));
  }

  /**
   * What the container sees: the kubelet resolves secretKeyRef values and expands $(NAME) with the
   * variables defined earlier; $$ is a literal $ and an unknown reference stays as written.
   */
  static Map<String, String> containerEnvironment(List<EnvVar> env, List<Secret> secrets) {
    var seen = new HashMap<String, String>();
    for (var e : env) {
      String value;
      if (e.getValueFrom() != null) {
        var ref = e.getValueFrom().getSecretKeyRef();
        value =
            secrets.stream()
                .filter(s -> s.getMetadata().getName().equals(ref.getName()))
                .findFirst()
                .map(s -> TestResources.unb64(s.getData().get(ref.getKey())))
                .orElse(null); // database, SECRET_KEY: not needed here
      } else {
        value = expand(e.getValue(), seen);
      }
      seen.put(e.getName(), value);
    }
    return seen;
  }

  private static String expand(String input, Map<String, String> defined) {
    var out = new StringBuilder();
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      if (c != '$' || i + 1 >= input.length()) {
        out.append(c);
        continue;
      }
      char next = input.charAt(i + 1);
      if (next == '$') {
        out.append('$');
        i++;
      } else if (next == '(' && input.indexOf(')', i) > 0) {
        var end = input.indexOf(')', i);
        var name = input.substring(i + 2, end);
        out.append(defined.containsKey(name) ? defined.get(name) : "$(" + name + ")");
        i = end;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  static List<String> names(List<EnvVar> env) {
    var names = new ArrayList<String>();
    env.forEach(e -> names.add(e.getName()));
    return names;
  }
}
