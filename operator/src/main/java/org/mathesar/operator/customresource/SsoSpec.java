package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class SsoSpec {
  @JsonPropertyDescription(
      "Identity providers, written into SSO_CONFIG_DICT (schema version 2). At most one of type github;"
          + " OIDC names must differ. Mathesar 0.11.0 or later.")
  private List<SsoProvider> providers = new ArrayList<>();

  @JsonPropertyDescription(
      "REQUIRE_SSO_LOGIN: true turns password login off, so users sign in only through a provider."
          + " Needs at least one provider.")
  @Default("false")
  private Boolean requireSsoLogin = false;

  public List<SsoProvider> getProviders() {
    return providers;
  }

  public void setProviders(List<SsoProvider> providers) {
    this.providers = providers;
  }

  public Boolean getRequireSsoLogin() {
    return requireSsoLogin;
  }

  public void setRequireSsoLogin(Boolean requireSsoLogin) {
    this.requireSsoLogin = requireSsoLogin;
  }
}
