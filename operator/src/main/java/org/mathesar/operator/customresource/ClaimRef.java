package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClaimRef {
  @JsonPropertyDescription("Name of the PersistentVolumeClaim in this namespace.")
  @Required
  @Size(min = 1)
  private String claimName;

  public ClaimRef() {}

  public ClaimRef(String claimName) {
    this.claimName = claimName;
  }

  public String getClaimName() {
    return claimName;
  }

  public void setClaimName(String claimName) {
    this.claimName = claimName;
  }
}
