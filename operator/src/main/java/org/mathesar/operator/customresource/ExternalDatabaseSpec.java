package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExternalDatabaseSpec {
  @JsonPropertyDescription("Host name or IP of the PostgreSQL server.")
  @Required
  @Size(min = 1)
  private String host;

  @Default("5432")
  @Min(1)
  @Max(65535)
  private Integer port = 5432;

  @JsonPropertyDescription("Database that holds Mathesar's own tables; the user should own it.")
  @Required
  @Size(min = 1)
  private String database;

  @JsonPropertyDescription(
      "libpq sslmode: disable, prefer, require, verify-ca or verify-full (the last two need caSecret).")
  @Default("prefer")
  private SslMode sslMode = SslMode.PREFER;

  @JsonPropertyDescription(
      "Secret in the same namespace with the CA certificate (PEM) that signed the server's certificate;"
          + " required by sslMode verify-ca and verify-full. Mounted into the pods, named by PGSSLROOTCERT.")
  private CaCertificateRef caSecret;

  @JsonPropertyDescription(
      "Secret in the same namespace holding the database user name and password.")
  @Required
  private CredentialsSecretRef credentialsSecret;

  public String getHost() {
    return host;
  }

  public void setHost(String host) {
    this.host = host;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public String getDatabase() {
    return database;
  }

  public void setDatabase(String database) {
    this.database = database;
  }

  public SslMode getSslMode() {
    return sslMode;
  }

  public void setSslMode(SslMode sslMode) {
    this.sslMode = sslMode;
  }

  public CaCertificateRef getCaSecret() {
    return caSecret;
  }

  public void setCaSecret(CaCertificateRef caSecret) {
    this.caSecret = caSecret;
  }

  public CredentialsSecretRef getCredentialsSecret() {
    return credentialsSecret;
  }

  public void setCredentialsSecret(CredentialsSecretRef credentialsSecret) {
    this.credentialsSecret = credentialsSecret;
  }
}
