package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A Mathesar resource in the same namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InstanceRef {
  @JsonPropertyDescription("Name of the Mathesar resource in this namespace.")
  @Required
  @Size(min = 1)
  private String name;

  public InstanceRef() {}

  public InstanceRef(String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}
