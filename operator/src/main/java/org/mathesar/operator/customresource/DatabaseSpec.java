package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.external) != has(self.cloudNativePG)",
    message = "set exactly one of spec.database.external and spec.database.cloudNativePG")
public class DatabaseSpec {
  @JsonPropertyDescription("A PostgreSQL server you run (PostgreSQL 14 to 18).")
  private ExternalDatabaseSpec external;

  @JsonProperty("cloudNativePG")
  @JsonPropertyDescription(
      "A PostgreSQL cluster for this instance alone, run by CloudNativePG (which must be installed):"
          + " Cluster <name>-db, database mathesar_django owned by mathesar.")
  private CloudNativePGSpec cloudNativePG;

  public ExternalDatabaseSpec getExternal() {
    return external;
  }

  public void setExternal(ExternalDatabaseSpec external) {
    this.external = external;
  }

  public CloudNativePGSpec getCloudNativePG() {
    return cloudNativePG;
  }

  public void setCloudNativePG(CloudNativePGSpec cloudNativePG) {
    this.cloudNativePG = cloudNativePG;
  }
}
