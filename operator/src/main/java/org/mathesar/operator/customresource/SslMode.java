package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The values Mathesar accepts for POSTGRES_SSLMODE. */
public enum SslMode {
  @JsonProperty("disable")
  DISABLE("disable"),
  @JsonProperty("prefer")
  PREFER("prefer"),
  @JsonProperty("require")
  REQUIRE("require");

  private final String value;

  SslMode(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }
}
