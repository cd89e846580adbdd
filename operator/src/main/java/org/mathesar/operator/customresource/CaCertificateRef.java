package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A Secret in the instance's namespace holding the CA certificate (PEM) that signed the server's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CaCertificateRef {
  @Required
  @Size(min = 1)
  private String name;

  @JsonPropertyDescription("Key of the PEM certificate in the Secret.")
  @Default("ca.crt")
  private String key = "ca.crt";

  public CaCertificateRef() {}

  public CaCertificateRef(String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }
}
