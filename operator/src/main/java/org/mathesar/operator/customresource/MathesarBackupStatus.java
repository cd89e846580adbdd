package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class MathesarBackupStatus {
  private Long observedGeneration;

  @JsonPropertyDescription("Pending, Running, Completed or Failed; Completed and Failed are final.")
  private BackupPhase phase;

  @JsonPropertyDescription("When the backup Job was created.")
  private String startedAt;

  @JsonPropertyDescription("When the backup Job ended.")
  private String completedAt;

  @JsonPropertyDescription("Where the backup is: pvc://<claim>/<namespace>/<instance>/<backup>/.")
  private String location;

  @JsonPropertyDescription("Bytes of the database dump (pg_dump custom format).")
  private Long databaseBytes;

  @JsonPropertyDescription("Bytes of the media archive (tar).")
  private Long mediaBytes;

  @JsonPropertyDescription(
      "The Mathesar version the instance was migrated to when it was backed up.")
  private String version;

  @JsonPropertyDescription("The image of that version.")
  private String image;

  @JsonPropertyDescription(
      "Secret holding copies of the SECRET_KEY and the admin credentials; owned by nothing, so it"
          + " outlives this resource and the instance.")
  private String keysSecret;

  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public BackupPhase getPhase() {
    return phase;
  }

  public void setPhase(BackupPhase phase) {
    this.phase = phase;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public String getCompletedAt() {
    return completedAt;
  }

  public void setCompletedAt(String completedAt) {
    this.completedAt = completedAt;
  }

  public String getLocation() {
    return location;
  }

  public void setLocation(String location) {
    this.location = location;
  }

  public Long getDatabaseBytes() {
    return databaseBytes;
  }

  public void setDatabaseBytes(Long databaseBytes) {
    this.databaseBytes = databaseBytes;
  }

  public Long getMediaBytes() {
    return mediaBytes;
  }

  public void setMediaBytes(Long mediaBytes) {
    this.mediaBytes = mediaBytes;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public String getKeysSecret() {
    return keysSecret;
  }

  public void setKeysSecret(String keysSecret) {
    this.keysSecret = keysSecret;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof MathesarBackupStatus other)) {
      return false;
    }
    return Objects.equals(observedGeneration, other.observedGeneration)
        && phase == other.phase
        && Objects.equals(startedAt, other.startedAt)
        && Objects.equals(completedAt, other.completedAt)
        && Objects.equals(location, other.location)
        && Objects.equals(databaseBytes, other.databaseBytes)
        && Objects.equals(mediaBytes, other.mediaBytes)
        && Objects.equals(version, other.version)
        && Objects.equals(image, other.image)
        && Objects.equals(keysSecret, other.keysSecret)
        && Objects.equals(conditions, other.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(phase, startedAt, completedAt, location, version, keysSecret);
  }
}
