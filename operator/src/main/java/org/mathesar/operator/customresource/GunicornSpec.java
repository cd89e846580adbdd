package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class GunicornSpec {
  @JsonPropertyDescription("Gunicorn worker processes per pod (WEB_CONCURRENCY).")
  @Default("3")
  @Min(1)
  @Max(64)
  private Integer workers = 3;

  @JsonPropertyDescription(
      "Gunicorn worker timeout in seconds (GUNICORN_CMD_ARGS=--timeout). Upgrading a user database"
          + " from the UI can take longer than gunicorn's own 30 s default.")
  @Default("300")
  @Min(1)
  private Integer timeoutSeconds = 300;

  public Integer getWorkers() {
    return workers;
  }

  public void setWorkers(Integer workers) {
    this.workers = workers;
  }

  public Integer getTimeoutSeconds() {
    return timeoutSeconds;
  }

  public void setTimeoutSeconds(Integer timeoutSeconds) {
    this.timeoutSeconds = timeoutSeconds;
  }
}
