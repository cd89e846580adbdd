package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class IngressSpec {
  @JsonPropertyDescription("Make Ingress <name> for spec.hostname (required then).")
  @Default("false")
  private Boolean enabled = false;

  @JsonPropertyDescription("ingressClassName; the cluster's default class when omitted.")
  private String className;

  @JsonPropertyDescription("Annotations for the Ingress, e.g. cert-manager.io/cluster-issuer.")
  private Map<String, String> annotations;

  @JsonPropertyDescription(
      "Secret with the TLS certificate for spec.hostname; with it status.url is https://<hostname>.")
  private String tlsSecretName;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public String getClassName() {
    return className;
  }

  public void setClassName(String className) {
    this.className = className;
  }

  public Map<String, String> getAnnotations() {
    return annotations;
  }

  public void setAnnotations(Map<String, String> annotations) {
    this.annotations = annotations;
  }

  public String getTlsSecretName() {
    return tlsSecretName;
  }

  public void setTlsSecretName(String tlsSecretName) {
    this.tlsSecretName = tlsSecretName;
  }
}
