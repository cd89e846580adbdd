package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * An S3-compatible bucket (AWS S3, MinIO, Ceph, Garage, ...), addressed path-style
 * (endpoint/bucket/key) with Signature V4, which every one of them speaks.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class S3Target {
  /** The keys of the credentials Secret, as the AWS tools name them. */
  public static final String ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";

  public static final String SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";

  @JsonPropertyDescription(
      "URL of the S3 API, scheme and host only (no credentials in it), e.g."
          + " https://s3.eu-west-1.amazonaws.com or http://minio.storage.svc:9000. Objects are"
          + " addressed path-style.")
  @Required
  @Pattern("^https?://[^/?#@\\s]+/?$")
  private String endpoint;

  @JsonPropertyDescription("The bucket; it must exist.")
  @Required
  @Pattern("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
  private String bucket;

  @JsonPropertyDescription(
      "A key prefix in the bucket, without leading or trailing slash; no segment starts with a dot."
          + " A backup's objects are"
          + " <path>/<namespace>/<instance>/<backup>/{database.dump,media.tar,backup.json}.")
  @Pattern("^[A-Za-z0-9!_*'()-][A-Za-z0-9!_.*'()-]*(/[A-Za-z0-9!_*'()-][A-Za-z0-9!_.*'()-]*)*$")
  private String path;

  @JsonPropertyDescription("Region the requests are signed for (most other servers take any).")
  @Default("us-east-1")
  @Size(min = 1)
  private String region = "us-east-1";

  @JsonPropertyDescription(
      "A Secret in this namespace with the keys AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.")
  @Required
  @Size(min = 1)
  private String credentialsSecret;

  @JsonPropertyDescription(
      "The CA certificate (PEM) that signed the endpoint's certificate, in a Secret of this"
          + " namespace: for a server whose certificate no public CA signed (https only). The"
          + " Jobs then trust that CA alone.")
  private CaCertificateRef caSecret;

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public String getBucket() {
    return bucket;
  }

  public void setBucket(String bucket) {
    this.bucket = bucket;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public String getCredentialsSecret() {
    return credentialsSecret;
  }

  public void setCredentialsSecret(String credentialsSecret) {
    this.credentialsSecret = credentialsSecret;
  }

  public CaCertificateRef getCaSecret() {
    return caSecret;
  }

  public void setCaSecret(CaCertificateRef caSecret) {
    this.caSecret = caSecret;
  }
}
