package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class MathesarDatabaseSpec {
  /** Go-style durations as the Grafana operator's resyncPeriod: 30s, 5m, 1h30m. */
  public static final String DURATION_PATTERN = "^([0-9]+h)?([0-9]+m)?([0-9]+s)?$";

  @JsonPropertyDescription("The Mathesar resource, in this namespace, that shows the database.")
  @Required
  private InstanceRef instanceRef;

  @JsonPropertyDescription(
      "Host name or IP of the PostgreSQL server, as Mathesar's pods reach it. Omit it with create: true"
          + " (the database is made on the instance's own PostgreSQL server).")
  @Size(min = 1)
  private String host;

  @JsonPropertyDescription("Port of the PostgreSQL server (default 5432).")
  @Min(1)
  @Max(65535)
  private Integer port;

  @JsonPropertyDescription("Name of the database on the server.")
  @Required
  @Size(min = 1, max = 63)
  private String database;

  @JsonPropertyDescription(
      "Secret in this namespace with the role Mathesar connects as (username and password keys); a new"
          + " password in it is pushed to Mathesar. Omit it with create: true (the instance's own role).")
  private CredentialsSecretRef credentialsSecret;

  @JsonPropertyDescription(
      "libpq sslmode Mathesar connects with: disable, prefer (default) or require.")
  @Default("prefer")
  private ConnectionSslMode sslMode = ConnectionSslMode.PREFER;

  @JsonPropertyDescription("Name Mathesar shows for the database (default: the database name).")
  @Size(max = 255)
  private String nickname;

  @JsonPropertyDescription(
      "true: Mathesar creates the database on its own PostgreSQL server (databases.setup.create_new)"
          + " when it is missing, owned by the instance's role; host, port and credentialsSecret are then"
          + " omitted. The role needs CREATEDB.")
  @Default("false")
  private Boolean create = false;

  @JsonPropertyDescription(
      "Mathesar's sample data sets installed when the database is first connected: bike_shop,"
          + " hardware_store, ice_cream_employees, library_management, library_makerspace,"
          + " museum_exhibits, nonprofit_grants.")
  private List<SampleDataSet> sampleData = new ArrayList<>();

  @JsonPropertyDescription(
      "How often the operator asks Mathesar whether the database is still connected, e.g. 5m (the"
          + " default), 30s, 1h. Changes of this resource, its Secret and its instance are acted on at once.")
  @Pattern(DURATION_PATTERN)
  private String resyncPeriod;

  public InstanceRef getInstanceRef() {
    return instanceRef;
  }

  public void setInstanceRef(InstanceRef instanceRef) {
    this.instanceRef = instanceRef;
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

  public String getDatabase() {
    return database;
  }

  public void setDatabase(String database) {
    this.database = database;
  }

  public CredentialsSecretRef getCredentialsSecret() {
    return credentialsSecret;
  }

  public void setCredentialsSecret(CredentialsSecretRef credentialsSecret) {
    this.credentialsSecret = credentialsSecret;
  }

  public ConnectionSslMode getSslMode() {
    return sslMode;
  }

  public void setSslMode(ConnectionSslMode sslMode) {
    this.sslMode = sslMode;
  }

  public String getNickname() {
    return nickname;
  }

  public void setNickname(String nickname) {
    this.nickname = nickname;
  }

  public Boolean getCreate() {
    return create;
  }

  public void setCreate(Boolean create) {
    this.create = create;
  }

  public List<SampleDataSet> getSampleData() {
    return sampleData;
  }

  public void setSampleData(List<SampleDataSet> sampleData) {
    this.sampleData = sampleData;
  }

  public String getResyncPeriod() {
    return resyncPeriod;
  }

  public void setResyncPeriod(String resyncPeriod) {
    this.resyncPeriod = resyncPeriod;
  }
}
