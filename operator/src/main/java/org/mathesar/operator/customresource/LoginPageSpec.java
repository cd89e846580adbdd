package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** The login page settings Mathesar 0.12.0 added; older releases would ignore them silently. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LoginPageSpec {
  /** An absolute http(s) URL, or a path on the instance itself. */
  public static final String URL_PATTERN = "^(https?://|/)[^\\s]*$";

  @JsonPropertyDescription("MATHESAR_INSTANCE_NAME: the name shown on the login page.")
  @Size(min = 1, max = 100)
  private String instanceName;

  @JsonPropertyDescription("MATHESAR_AUTH_LOGO_URL: logo on the login page.")
  @Pattern(URL_PATTERN)
  private String logoUrl;

  @JsonPropertyDescription("MATHESAR_LANDING_PAGE_URL.")
  @Pattern(URL_PATTERN)
  private String landingPageUrl;

  @JsonPropertyDescription("MATHESAR_TERMS_OF_SERVICE_URL.")
  @Pattern(URL_PATTERN)
  private String termsOfServiceUrl;

  @JsonPropertyDescription("MATHESAR_PRIVACY_POLICY_URL.")
  @Pattern(URL_PATTERN)
  private String privacyPolicyUrl;

  public String getInstanceName() {
    return instanceName;
  }

  public void setInstanceName(String instanceName) {
    this.instanceName = instanceName;
  }

  public String getLogoUrl() {
    return logoUrl;
  }

  public void setLogoUrl(String logoUrl) {
    this.logoUrl = logoUrl;
  }

  public String getLandingPageUrl() {
    return landingPageUrl;
  }

  public void setLandingPageUrl(String landingPageUrl) {
    this.landingPageUrl = landingPageUrl;
  }

  public String getTermsOfServiceUrl() {
    return termsOfServiceUrl;
  }

  public void setTermsOfServiceUrl(String termsOfServiceUrl) {
    this.termsOfServiceUrl = termsOfServiceUrl;
  }

  public String getPrivacyPolicyUrl() {
    return privacyPolicyUrl;
  }

  public void setPrivacyPolicyUrl(String privacyPolicyUrl) {
    this.privacyPolicyUrl = privacyPolicyUrl;
  }
}
