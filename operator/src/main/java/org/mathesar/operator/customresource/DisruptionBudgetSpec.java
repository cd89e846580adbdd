package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.IntOrString;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class DisruptionBudgetSpec {
  @JsonPropertyDescription(
      "Whether the web pods get a PodDisruptionBudget <name>. Omitted: only while spec.replicas is more"
          + " than 1, so that a node drain never waits on a single pod.")
  private Boolean enabled;

  @JsonPropertyDescription(
      "How many web pods a voluntary disruption (node drain, eviction) may take at once: a number or a"
          + " percentage. Omitted, and no minAvailable: 1.")
  private IntOrString maxUnavailable;

  @JsonPropertyDescription(
      "Instead of maxUnavailable: how many web pods must stay up during voluntary disruptions. Set only one"
          + " of the two.")
  private IntOrString minAvailable;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public IntOrString getMaxUnavailable() {
    return maxUnavailable;
  }

  public void setMaxUnavailable(IntOrString maxUnavailable) {
    this.maxUnavailable = maxUnavailable;
  }

  public IntOrString getMinAvailable() {
    return minAvailable;
  }

  public void setMinAvailable(IntOrString minAvailable) {
    this.minAvailable = minAvailable;
  }
}
