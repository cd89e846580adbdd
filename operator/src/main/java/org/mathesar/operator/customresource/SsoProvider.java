package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.type != 'oidc' || (has(self.name) && has(self.serverUrl))",
    message = "an oidc provider needs name and serverUrl")
public class SsoProvider {
  /**
   * Mathesar lower-cases the OIDC name and puts it in the login URL; lower case keeps that visible.
   */
  public static final String NAME_PATTERN = "^[a-z0-9]([-_a-z0-9]*[a-z0-9])?$";

  public static final String HTTP_URL_PATTERN = "^https?://[^\\s]+$";
  public static final String SECRET_NAME_PATTERN = "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";
  public static final String SECRET_KEY_PATTERN = "^[-._a-zA-Z0-9]+$";

  public enum Type {
    @JsonProperty("oidc")
    OIDC("oidc"),
    @JsonProperty("github")
    GITHUB("github");

    private final String value;

    Type(String value) {
      this.value = value;
    }

    /** The type as Mathesar's sso config spells it. */
    public String value() {
      return value;
    }
  }

  @JsonPropertyDescription(
      "oidc (any OpenID Connect provider: Google, Okta, Keycloak, ...) or github.")
  @Required
  private Type type;

  @JsonPropertyDescription(
      "oidc only, required: provider_name, shown on the login button and part of the callback URL.")
  @Pattern(NAME_PATTERN)
  private String name;

  @JsonPropertyDescription(
      "oidc only, required: server_url, the issuer, e.g. https://accounts.google.com.")
  @Pattern(HTTP_URL_PATTERN)
  private String serverUrl;

  @JsonPropertyDescription("Secret in the same namespace holding the client id and client secret.")
  @Required
  @Pattern(SECRET_NAME_PATTERN)
  private String secretName;

  @JsonPropertyDescription("Key of the client id in that Secret.")
  @Default("client-id")
  @Pattern(SECRET_KEY_PATTERN)
  private String clientIdKey = "client-id";

  @JsonPropertyDescription("Key of the client secret in that Secret.")
  @Default("client-secret")
  @Pattern(SECRET_KEY_PATTERN)
  private String clientSecretKey = "client-secret";

  @JsonPropertyDescription(
      "allowed_email_domains: only users of these e-mail domains may sign in; empty allows all.")
  private List<String> allowedEmailDomains;

  @JsonPropertyDescription("default_pg_role: PostgreSQL roles given to a user on the first login.")
  private List<SsoDefaultPgRole> defaultPgRoles;

  public Type getType() {
    return type;
  }

  public void setType(Type type) {
    this.type = type;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getServerUrl() {
    return serverUrl;
  }

  public void setServerUrl(String serverUrl) {
    this.serverUrl = serverUrl;
  }

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  public String getClientIdKey() {
    return clientIdKey;
  }

  public void setClientIdKey(String clientIdKey) {
    this.clientIdKey = clientIdKey;
  }

  public String getClientSecretKey() {
    return clientSecretKey;
  }

  public void setClientSecretKey(String clientSecretKey) {
    this.clientSecretKey = clientSecretKey;
  }

  public List<String> getAllowedEmailDomains() {
    return allowedEmailDomains;
  }

  public void setAllowedEmailDomains(List<String> allowedEmailDomains) {
    this.allowedEmailDomains = allowedEmailDomains;
  }

  public List<SsoDefaultPgRole> getDefaultPgRoles() {
    return defaultPgRoles;
  }

  public void setDefaultPgRoles(List<SsoDefaultPgRole> defaultPgRoles) {
    this.defaultPgRoles = defaultPgRoles;
  }
}
