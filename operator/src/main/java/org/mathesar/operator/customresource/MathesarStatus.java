package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class MathesarStatus {
  private Long observedGeneration;
  private Phase phase;

  /** Mathesar version the Deployment runs. */
  private String version;

  /** The version whose migrations have run; the Deployment runs this version. */
  private String migratedVersion;

  /**
   * The image that migrated it: during an upgrade, a Deployment deleted by hand comes back with
   * this image, so a private mirror (spec.image) is not replaced by the public repository.
   */
  private String migratedImage;

  private FailedMigration failedMigration;

  /**
   * The database migratedVersion and adminCreated describe, e.g.
   * postgres.example:5432/mathesar_django.
   */
  private String database;

  /** The Secret with the first admin's user name and password. */
  private String adminSecret;

  /** Whether the first admin exists (the admin Job succeeded). */
  private Boolean adminCreated;

  /**
   * Where the instance was restored from (spec.restoreFrom), once the restore Job succeeded: e.g.
   * pvc://backups/shop/mathesar/nightly/. Recorded once; a restore never runs twice.
   */
  private String restoredFrom;

  private String url;

  /**
   * One URL per public host name (spec.hostname, then spec.additionalHostnames); the first is url.
   */
  private List<String> urls;

  @StatusReplicas private Integer replicas;

  /**
   * The web pods' label selector, for the scale subresource (a HorizontalPodAutoscaler reads it).
   */
  @LabelSelector private String selector;

  private Integer readyReplicas;

  /** Name of the Secret that holds SECRET_KEY, once it exists. */
  private String secretKeySecret;

  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public Phase getPhase() {
    return phase;
  }

  public void setPhase(Phase phase) {
    this.phase = phase;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public String getMigratedVersion() {
    return migratedVersion;
  }

  public void setMigratedVersion(String migratedVersion) {
    this.migratedVersion = migratedVersion;
  }

  public String getDatabase() {
    return database;
  }

  public void setDatabase(String database) {
    this.database = database;
  }

  public FailedMigration getFailedMigration() {
    return failedMigration;
  }

  public void setFailedMigration(FailedMigration failedMigration) {
    this.failedMigration = failedMigration;
  }

  public String getAdminSecret() {
    return adminSecret;
  }

  public void setAdminSecret(String adminSecret) {
    this.adminSecret = adminSecret;
  }

  public Boolean getAdminCreated() {
    return adminCreated;
  }

  public void setAdminCreated(Boolean adminCreated) {
    this.adminCreated = adminCreated;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public List<String> getUrls() {
    return urls;
  }

  public void setUrls(List<String> urls) {
    this.urls = urls;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public Integer getReadyReplicas() {
    return readyReplicas;
  }

  public void setReadyReplicas(Integer readyReplicas) {
    this.readyReplicas = readyReplicas;
  }

  public String getSecretKeySecret() {
    return secretKeySecret;
  }

  public void setSecretKeySecret(String secretKeySecret) {
    this.secretKeySecret = secretKeySecret;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public String getSelector() {
    return selector;
  }

  public void setSelector(String selector) {
    this.selector = selector;
  }

  public String getMigratedImage() {
    return migratedImage;
  }

  public void setMigratedImage(String migratedImage) {
    this.migratedImage = migratedImage;
  }

  public String getRestoredFrom() {
    return restoredFrom;
  }

  public void setRestoredFrom(String restoredFrom) {
    this.restoredFrom = restoredFrom;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof MathesarStatus that)) return false;
    return Objects.equals(observedGeneration, that.observedGeneration)
        && phase == that.phase
        && Objects.equals(version, that.version)
        && Objects.equals(migratedVersion, that.migratedVersion)
        && Objects.equals(migratedImage, that.migratedImage)
        && Objects.equals(failedMigration, that.failedMigration)
        && Objects.equals(database, that.database)
        && Objects.equals(adminSecret, that.adminSecret)
        && Objects.equals(adminCreated, that.adminCreated)
        && Objects.equals(restoredFrom, that.restoredFrom)
        && Objects.equals(url, that.url)
        && Objects.equals(urls, that.urls)
        && Objects.equals(replicas, that.replicas)
        && Objects.equals(selector, that.selector)
        && Objects.equals(readyReplicas, that.readyReplicas)
        && Objects.equals(secretKeySecret, that.secretKeySecret)
        && Objects.equals(conditions, that.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        observedGeneration,
        phase,
        version,
        migratedVersion,
        migratedImage,
        failedMigration,
        database,
        adminSecret,
        adminCreated,
        restoredFrom,
        url,
        urls,
        replicas,
        selector,
        readyReplicas,
        secretKeySecret,
        conditions);
  }
}
