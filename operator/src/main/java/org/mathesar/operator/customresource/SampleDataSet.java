package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Mathesar's sample data sets (databases.setup.* sample_data), the same in 0.10.x and 0.11.x. Its
 * docstring also names movie_rentals, whose SQL file is missing from the 0.10.1 and 0.11.0 releases
 * (the call fails with FileNotFoundError), so it is not offered.
 */
public enum SampleDataSet {
  @JsonProperty("bike_shop")
  BIKE_SHOP("bike_shop"),
  @JsonProperty("hardware_store")
  HARDWARE_STORE("hardware_store"),
  @JsonProperty("ice_cream_employees")
  ICE_CREAM_EMPLOYEES("ice_cream_employees"),
  @JsonProperty("library_management")
  LIBRARY_MANAGEMENT("library_management"),
  @JsonProperty("library_makerspace")
  LIBRARY_MAKERSPACE("library_makerspace"),
  @JsonProperty("museum_exhibits")
  MUSEUM_EXHIBITS("museum_exhibits"),
  @JsonProperty("nonprofit_grants")
  NONPROFIT_GRANTS("nonprofit_grants");

  private final String value;

  SampleDataSet(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }
}
