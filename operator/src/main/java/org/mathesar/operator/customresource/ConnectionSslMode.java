package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The sslmode values Mathesar's connect_existing accepts (0.10 and 0.11): no certificate checks.
 */
public enum ConnectionSslMode {
  @JsonProperty("disable")
  DISABLE("disable"),
  @JsonProperty("prefer")
  PREFER("prefer"),
  @JsonProperty("require")
  REQUIRE("require");

  private final String value;

  ConnectionSslMode(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }
}
