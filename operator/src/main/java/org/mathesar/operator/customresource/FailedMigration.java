package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * The migration attempt that failed, so the operator does not try again until the spec changes or
 * the user asks (annotation mathesar.org/retry-migration with a new value).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FailedMigration {
  private String version;
  private String job;

  /** metadata.generation when the attempt failed. */
  private Long generation;

  /** The retry annotation's value at that time. */
  private String retryToken;

  public FailedMigration() {}

  public FailedMigration(String version, String job, Long generation, String retryToken) {
    this.version = version;
    this.job = job;
    this.generation = generation;
    this.retryToken = retryToken;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public String getJob() {
    return job;
  }

  public void setJob(String job) {
    this.job = job;
  }

  public Long getGeneration() {
    return generation;
  }

  public void setGeneration(Long generation) {
    this.generation = generation;
  }

  public String getRetryToken() {
    return retryToken;
  }

  public void setRetryToken(String retryToken) {
    this.retryToken = retryToken;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FailedMigration f
        && Objects.equals(version, f.version)
        && Objects.equals(job, f.job)
        && Objects.equals(generation, f.generation)
        && Objects.equals(retryToken, f.retryToken);
  }

  @Override
  public int hashCode() {
    return Objects.hash(version, job, generation, retryToken);
  }
}
