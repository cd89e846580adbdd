package org.mathesar.operator.desired;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.mathesar.operator.customresource.FileStorageSpec;
import org.mathesar.operator.customresource.LoginPageSpec;
import org.mathesar.operator.customresource.SsoProvider;
import org.mathesar.operator.customresource.SsoSpec;

/**
 * Mathesar's own settings as environment variables. Mathesar reads SSO and file storage as one JSON
 * document each, with the client secrets and S3 keys inside it. To keep those values out of the pod
 * spec, each one comes from its Secret into a variable of its own, and the JSON names that variable
 * as $(NAME): the kubelet substitutes variables defined earlier in the list when it starts the
 * container. Literal text is written with '$' doubled, which the kubelet turns back into '$'.
 */
public final class SettingsEnvironment {
  public static final String SSO_CONFIG_DICT = "SSO_CONFIG_DICT";
  public static final String OIDC_CONFIG_DICT = "OIDC_CONFIG_DICT";
  public static final String REQUIRE_SSO_LOGIN = "REQUIRE_SSO_LOGIN";
  public static final String FILE_STORAGE_DICT = "FILE_STORAGE_DICT";
  public static final String DJANGO_ADMIN_ENABLED = "MATHESAR_DJANGO_ADMIN_ENABLED";

  private static final ObjectMapper JSON = new ObjectMapper();

  private SettingsEnvironment() {}

  /** Secret references first: a $(NAME) reference sees only variables defined before it. */
  public static List<EnvVar> build(ResolvedInstance instance) {
    var env = new ArrayList<EnvVar>();
    var refs = instance.settingsSecrets();
    for (var ref : refs) {
      env.add(
          new EnvVarBuilder()
              .withName(ref.env())
              .withNewValueFrom()
              .withNewSecretKeyRef()
              .withName(ref.secret())
              .withKey(ref.key())
              .endSecretKeyRef()
              .endValueFrom()
              .build());
    }
    var sso = instance.sso();
    if (sso != null) {
      if (sso.getProviders() != null && !sso.getProviders().isEmpty()) {
        env.add(value(SSO_CONFIG_DICT, json(ssoConfig(sso, refs))));
      }
      env.add(
          value(REQUIRE_SSO_LOGIN, String.valueOf(Boolean.TRUE.equals(sso.getRequireSsoLogin()))));
    }
    if (instance.fileStorage() != null) {
      env.add(value(FILE_STORAGE_DICT, json(fileStorage(instance.fileStorage(), refs))));
    }
    env.addAll(loginPage(instance.loginPage()));
    if (instance.djangoAdmin() != null
        && Boolean.TRUE.equals(instance.djangoAdmin().getEnabled())) {
      // Only ever "true": 0.12.0's default is off, and whether it tests the value or only its
      // presence is unknown.
      env.add(value(DJANGO_ADMIN_ENABLED, "true"));
    }
    return env;
  }

  /** What build() sets for this instance; spec.env cannot override these. */
  public static Set<String> names(ResolvedInstance instance) {
    var names =
        build(instance).stream()
            .map(EnvVar::getName)
            .collect(Collectors.toCollection(java.util.HashSet::new));
    if (instance.sso() != null) {
      names.add(OIDC_CONFIG_DICT); // Mathesar's older alias, which SSO_CONFIG_DICT shadows
    }
    if (instance.djangoAdmin() != null && instance.djangoAdmin().getEnabled() != null) {
      names.add(
          DJANGO_ADMIN_ENABLED); // false is expressed by leaving it unset, which spec.env must not
      // undo
    }
    return names;
  }

  /** Version 2 of sso_config.py's schema: the one that knows GitHub. */
  private static Map<String, Object> ssoConfig(SsoSpec sso, List<SettingsSecrets.Ref> refs) {
    var providers = new LinkedHashMap<String, Object>();
    for (int i = 0; i < sso.getProviders().size(); i++) {
      var p = sso.getProviders().get(i);
      var entry = new LinkedHashMap<String, Object>();
      entry.put("type", p.getType() == null ? null : p.getType().value());
      if (p.getType() == SsoProvider.Type.OIDC) {
        entry.put("provider_name", literal(p.getName()));
        entry.put("server_url", literal(p.getServerUrl()));
      }
      entry.put("client_id", reference(refs, "SSO_PROVIDER_" + i + "_CLIENT_ID"));
      entry.put("secret", reference(refs, "SSO_PROVIDER_" + i + "_CLIENT_SECRET"));
      if (p.getAllowedEmailDomains() != null) {
        entry.put(
            "allowed_email_domains",
            p.getAllowedEmailDomains().stream().map(SettingsEnvironment::literal).toList());
      }
      if (p.getDefaultPgRoles() != null && !p.getDefaultPgRoles().isEmpty()) {
        var roles = new LinkedHashMap<String, Object>();
        for (int r = 0; r < p.getDefaultPgRoles().size(); r++) {
          var role = p.getDefaultPgRoles().get(r);
          var roleEntry = new LinkedHashMap<String, Object>();
          roleEntry.put("name", literal(role.getDatabase()));
          roleEntry.put("host", literal(role.getHost()));
          roleEntry.put("port", role.getPort());
          roleEntry.put("role", literal(role.getRole()));
          roles.put("db" + (r + 1), roleEntry);
        }
        entry.put("default_pg_role", roles);
      }
      providers.put("provider" + (i + 1), entry);
    }
    var config = new LinkedHashMap<String, Object>();
    config.put("version", 2);
    config.put("providers", providers);
    return config;
  }

  /** Mathesar's backend "default", as in its file_storage.yml.example. */
  private static Map<String, Object> fileStorage(
      FileStorageSpec storage, List<SettingsSecrets.Ref> refs) {
    var clientKwargs = new LinkedHashMap<String, Object>();
    if (storage.getEndpointUrl() != null) {
      clientKwargs.put("endpoint_url", literal(storage.getEndpointUrl()));
    }
    if (storage.getRegion() != null) {
      clientKwargs.put("region_name", literal(storage.getRegion()));
    }
    if (storage.getCredentialsSecret() != null) {
      clientKwargs.put("aws_access_key_id", reference(refs, "FILE_STORAGE_ACCESS_KEY_ID"));
      clientKwargs.put("aws_secret_access_key", reference(refs, "FILE_STORAGE_SECRET_ACCESS_KEY"));
    }
    var kwargs = new LinkedHashMap<String, Object>();
    if (!clientKwargs.isEmpty()) {
      kwargs.put("client_kwargs", clientKwargs);
    }
    var publicForms = storage.getPublicFormAccess();
    var publicFormAccess = new LinkedHashMap<String, Object>();
    // Mathesar's default when the block is absent is to let anonymous form users upload.
    publicFormAccess.put(
        "enabled", publicForms != null && Boolean.TRUE.equals(publicForms.getEnabled()));
    if (publicForms != null && publicForms.getMaxUploadSize() != null) {
      publicFormAccess.put("max_upload_size", publicForms.getMaxUploadSize());
    }
    var backend = new LinkedHashMap<String, Object>();
    backend.put("protocol", "s3");
    backend.put("prefix", literal(storage.getPrefix()));
    backend.put("kwargs", kwargs);
    backend.put("public_form_access", publicFormAccess);
    return Map.of("default", backend);
  }

  private static List<EnvVar> loginPage(LoginPageSpec page) {
    var env = new ArrayList<EnvVar>();
    if (page == null) {
      return env;
    }
    addIfSet(env, "MATHESAR_INSTANCE_NAME", page.getInstanceName());
    addIfSet(env, "MATHESAR_AUTH_LOGO_URL", page.getLogoUrl());
    addIfSet(env, "MATHESAR_LANDING_PAGE_URL", page.getLandingPageUrl());
    addIfSet(env, "MATHESAR_TERMS_OF_SERVICE_URL", page.getTermsOfServiceUrl());
    addIfSet(env, "MATHESAR_PRIVACY_POLICY_URL", page.getPrivacyPolicyUrl());
    return env;
  }

  private static void addIfSet(List<EnvVar> env, String name, String value) {
    if (value != null) {
      env.add(value(name, literal(value)));
    }
  }

  private static String reference(List<SettingsSecrets.Ref> refs, String env) {
    // Undefined only for a spec the validator refuses (no Secret named), so nothing runs with it.
    return refs.stream().anyMatch(r -> r.env().equals(env)) ? "$(" + env + ")" : null;
  }

  /** Every env value is subject to $(NAME) expansion, so a literal '$' is written '$$'. */
  private static String literal(String text) {
    return text == null ? null : text.replace("$", "$$");
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static EnvVar value(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }
}
