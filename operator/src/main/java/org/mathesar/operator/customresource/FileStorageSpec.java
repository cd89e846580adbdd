package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Mathesar's "default" file backend (FILE_STORAGE_DICT), protocol s3: the one its source knows. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FileStorageSpec {
  /** A bucket name (S3's rules), optionally followed by a path inside it. */
  public static final String PREFIX_PATTERN = "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[^\\s]*)?$";

  @JsonPropertyDescription(
      "prefix: bucket, optionally with a path, e.g. mathesar-files or shared/mathesar. Files are stored"
          + " at s3://<prefix>/<user>/<time>/<file name>.")
  @Required
  @Pattern(PREFIX_PATTERN)
  private String prefix;

  @JsonPropertyDescription(
      "endpoint_url of an S3-compatible store (MinIO, Ceph, ...); omitted: AWS S3.")
  @Pattern(SsoProvider.HTTP_URL_PATTERN)
  private String endpointUrl;

  @JsonPropertyDescription("region_name, e.g. eu-central-1.")
  @Pattern("^[a-z0-9-]+$")
  private String region;

  @JsonPropertyDescription(
      "Secret with the access key id and secret access key. Omitted: the S3 client's own lookup"
          + " (e.g. a workload identity of the pod's service account).")
  private S3CredentialsRef credentialsSecret;

  @JsonPropertyDescription("Uploads to file columns through public forms (public_form_access).")
  private PublicFormAccess publicFormAccess = new PublicFormAccess();

  public String getPrefix() {
    return prefix;
  }

  public void setPrefix(String prefix) {
    this.prefix = prefix;
  }

  public String getEndpointUrl() {
    return endpointUrl;
  }

  public void setEndpointUrl(String endpointUrl) {
    this.endpointUrl = endpointUrl;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public S3CredentialsRef getCredentialsSecret() {
    return credentialsSecret;
  }

  public void setCredentialsSecret(S3CredentialsRef credentialsSecret) {
    this.credentialsSecret = credentialsSecret;
  }

  public PublicFormAccess getPublicFormAccess() {
    return publicFormAccess;
  }

  public void setPublicFormAccess(PublicFormAccess publicFormAccess) {
    this.publicFormAccess = publicFormAccess;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class S3CredentialsRef {
    @Required
    @Pattern(SsoProvider.SECRET_NAME_PATTERN)
    private String name;

    @io.fabric8.generator.annotation.Default("access-key-id")
    @Pattern(SsoProvider.SECRET_KEY_PATTERN)
    private String accessKeyIdKey = "access-key-id";

    @io.fabric8.generator.annotation.Default("secret-access-key")
    @Pattern(SsoProvider.SECRET_KEY_PATTERN)
    private String secretAccessKeyKey = "secret-access-key";

    public S3CredentialsRef() {}

    public S3CredentialsRef(String name) {
      this.name = name;
    }

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public String getAccessKeyIdKey() {
      return accessKeyIdKey;
    }

    public void setAccessKeyIdKey(String accessKeyIdKey) {
      this.accessKeyIdKey = accessKeyIdKey;
    }

    public String getSecretAccessKeyKey() {
      return secretAccessKeyKey;
    }

    public void setSecretAccessKeyKey(String secretAccessKeyKey) {
      this.secretAccessKeyKey = secretAccessKeyKey;
    }
  }

  /**
   * Mathesar lets anonymous form users upload when this block is absent; the operator writes it
   * always.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PublicFormAccess {
    @JsonPropertyDescription("Whether people filling a public form may upload files.")
    @io.fabric8.generator.annotation.Default("false")
    private Boolean enabled = false;

    @JsonPropertyDescription(
        "Largest upload through a public form, in bytes; omitted: Mathesar's 1 GiB.")
    @io.fabric8.generator.annotation.Min(1)
    private Long maxUploadSize;

    public Boolean getEnabled() {
      return enabled;
    }

    public void setEnabled(Boolean enabled) {
      this.enabled = enabled;
    }

    public Long getMaxUploadSize() {
      return maxUploadSize;
    }

    public void setMaxUploadSize(Long maxUploadSize) {
      this.maxUploadSize = maxUploadSize;
    }
  }
}
