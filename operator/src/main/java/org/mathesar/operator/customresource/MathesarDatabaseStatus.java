package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What Mathesar holds for the database. Nothing here changes while it stays connected, so a
 * converged resource is never written.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MathesarDatabaseStatus {
  private Long observedGeneration;

  @JsonPropertyDescription("host:port/database as Mathesar connects to it, once connected.")
  private String connection;

  @JsonPropertyDescription("UID of the Mathesar resource the ids below belong to.")
  private String instanceUid;

  @JsonPropertyDescription("Mathesar's id of the database (databases.configured.list).")
  private Long databaseId;

  @JsonPropertyDescription("Mathesar's id of the server.")
  private Long serverId;

  @JsonPropertyDescription("Mathesar's id of the configured role it connects as.")
  private Long configuredRoleId;

  @JsonPropertyDescription("The role Mathesar connects as.")
  private String role;

  @JsonPropertyDescription(
      "resourceVersion of the credentials Secret whose password Mathesar holds; a newer Secret is pushed.")
  private String credentialsVersion;

  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getConnection() {
    return connection;
  }

  public void setConnection(String connection) {
    this.connection = connection;
  }

  public String getInstanceUid() {
    return instanceUid;
  }

  public void setInstanceUid(String instanceUid) {
    this.instanceUid = instanceUid;
  }

  public Long getDatabaseId() {
    return databaseId;
  }

  public void setDatabaseId(Long databaseId) {
    this.databaseId = databaseId;
  }

  public Long getServerId() {
    return serverId;
  }

  public void setServerId(Long serverId) {
    this.serverId = serverId;
  }

  public Long getConfiguredRoleId() {
    return configuredRoleId;
  }

  public void setConfiguredRoleId(Long configuredRoleId) {
    this.configuredRoleId = configuredRoleId;
  }

  public String getRole() {
    return role;
  }

  public void setRole(String role) {
    this.role = role;
  }

  public String getCredentialsVersion() {
    return credentialsVersion;
  }

  public void setCredentialsVersion(String credentialsVersion) {
    this.credentialsVersion = credentialsVersion;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof MathesarDatabaseStatus that)) return false;
    return Objects.equals(observedGeneration, that.observedGeneration)
        && Objects.equals(connection, that.connection)
        && Objects.equals(instanceUid, that.instanceUid)
        && Objects.equals(databaseId, that.databaseId)
        && Objects.equals(serverId, that.serverId)
        && Objects.equals(configuredRoleId, that.configuredRoleId)
        && Objects.equals(role, that.role)
        && Objects.equals(credentialsVersion, that.credentialsVersion)
        && Objects.equals(conditions, that.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        observedGeneration,
        connection,
        instanceUid,
        databaseId,
        serverId,
        configuredRoleId,
        role,
        credentialsVersion,
        conditions);
  }
}
