package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Mathesar drops an entry missing any of these silently, so the schema requires all four. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SsoDefaultPgRole {
  @Required
  @Size(min = 1)
  private String database;

  @Required
  @Size(min = 1)
  private String host;

  @Required
  @Min(1)
  @Max(65535)
  private Integer port;

  @Required
  @Size(min = 1)
  private String role;

  public String getDatabase() {
    return database;
  }

  public void setDatabase(String database) {
    this.database = database;
  }

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

  public String getRole() {
    return role;
  }

  public void setRole(String role) {
    this.role = role;
  }
}
