package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpRouteSpec {
  @JsonPropertyDescription(
      "Make Gateway API HTTPRoute <name> for spec.hostname and spec.additionalHostnames (hostname and"
          + " parentRefs required then). Needs the Gateway API CRDs; back to false: the operator deletes it.")
  @Default("false")
  private Boolean enabled = false;

  @JsonPropertyDescription("The Gateways (or their listeners) the route attaches to.")
  @Size(min = 1)
  private List<GatewayParentRef> parentRefs;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public List<GatewayParentRef> getParentRefs() {
    return parentRefs;
  }

  public void setParentRefs(List<GatewayParentRef> parentRefs) {
    this.parentRefs = parentRefs;
  }
}
