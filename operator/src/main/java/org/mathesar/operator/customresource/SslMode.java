package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonProperty;

/** libpq's sslmode values the operator supports (POSTGRES_SSLMODE and PGSSLMODE). */
public enum SslMode {
  @JsonProperty("disable")
  DISABLE("disable"),
  @JsonProperty("prefer")
  PREFER("prefer"),
  @JsonProperty("require")
  REQUIRE("require"),
  /**
   * TLS, and the server's certificate must be signed by the CA of spec.database.external.caSecret.
   */
  @JsonProperty("verify-ca")
  VERIFY_CA("verify-ca"),
  /** As verify-ca, and the certificate must name the host. */
  @JsonProperty("verify-full")
  VERIFY_FULL("verify-full");

  private final String value;

  SslMode(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  /** Whether the server's certificate is checked against a CA, which then must be given. */
  public boolean verifiesCertificate() {
    return this == VERIFY_CA || this == VERIFY_FULL;
  }
}
