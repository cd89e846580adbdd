package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * No schema default: unset means "Mathesar's own behaviour" (off from 0.12.0, always on before),
 * which an explicit false could not express for the older releases.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DjangoAdminSpec {
  @JsonPropertyDescription(
      "true: MATHESAR_DJANGO_ADMIN_ENABLED=true, the Django admin at /admin/ (0.12.0 and later; before"
          + " 0.12.0 it is always on). false or unset: off on 0.12.0 and later; false is refused"
          + " before 0.12.0. An upgrade from before 0.12.0 to 0.12.0 or later waits until it is"
          + " set, true or false, or spec.env sets MATHESAR_DJANGO_ADMIN_ENABLED"
          + " (DjangoAdminChoiceNeeded).")
  private Boolean enabled;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }
}
