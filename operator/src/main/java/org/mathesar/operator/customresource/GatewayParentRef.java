package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A Gateway an HTTPRoute attaches to (Gateway API parentRef, kind Gateway only). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GatewayParentRef {
  private static final String DNS_1123_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  @JsonPropertyDescription("Name of the Gateway.")
  @Required
  @Size(min = 1, max = 253)
  private String name;

  @JsonPropertyDescription("Namespace of the Gateway; the instance's namespace when omitted.")
  @Pattern(DNS_1123_LABEL)
  private String namespace;

  @JsonPropertyDescription("Name of one listener of the Gateway; all its listeners when omitted.")
  @Size(min = 1, max = 253)
  private String sectionName;

  public GatewayParentRef() {}

  public GatewayParentRef(String name, String namespace, String sectionName) {
    this.name = name;
    this.namespace = namespace;
    this.sectionName = sectionName;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getSectionName() {
    return sectionName;
  }

  public void setSectionName(String sectionName) {
    this.sectionName = sectionName;
  }
}
