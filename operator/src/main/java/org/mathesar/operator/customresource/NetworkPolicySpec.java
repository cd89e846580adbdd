package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class NetworkPolicySpec {
  @JsonPropertyDescription(
      "Make NetworkPolicy <name> for the instance's web and Job pods: in, only TCP 8000; out, only DNS,"
          + " the internal database and egressTo. Back to false: the operator deletes it.")
  @Default("false")
  private Boolean enabled = false;

  @JsonPropertyDescription(
      "Who may connect to port 8000 (NetworkPolicyPeers, e.g. the ingress controller's namespace)."
          + " Empty or omitted: anyone, still only port 8000.")
  private List<NetworkPolicyPeer> ingressFrom;

  @JsonPropertyDescription(
      "Further egress rules (NetworkPolicyEgressRules), e.g. to the servers of user databases, an SSO"
          + " provider or S3. Everything not allowed is blocked, including Mathesar's analytics.")
  private List<NetworkPolicyEgressRule> egressTo;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public List<NetworkPolicyPeer> getIngressFrom() {
    return ingressFrom;
  }

  public void setIngressFrom(List<NetworkPolicyPeer> ingressFrom) {
    this.ingressFrom = ingressFrom;
  }

  public List<NetworkPolicyEgressRule> getEgressTo() {
    return egressTo;
  }

  public void setEgressTo(List<NetworkPolicyEgressRule> egressTo) {
    this.egressTo = egressTo;
  }
}
