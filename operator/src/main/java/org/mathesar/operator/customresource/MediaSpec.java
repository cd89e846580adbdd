package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class MediaSpec {
  public static final String QUANTITY_PATTERN =
      "^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$";

  @JsonPropertyDescription("Requested size of the media volume. It can grow, never shrink.")
  @Default("1Gi")
  @Pattern(QUANTITY_PATTERN)
  private String size = "1Gi";

  @JsonPropertyDescription(
      "Storage class of the media volume; the cluster default when omitted. Fixed once created.")
  private String storageClassName;

  @JsonPropertyDescription(
      "Access mode of the media volume. More than one replica needs ReadWriteMany. Fixed once created.")
  @Default("ReadWriteOnce")
  private MediaAccessMode accessMode = MediaAccessMode.ReadWriteOnce;

  public String getSize() {
    return size;
  }

  public void setSize(String size) {
    this.size = size;
  }

  public String getStorageClassName() {
    return storageClassName;
  }

  public void setStorageClassName(String storageClassName) {
    this.storageClassName = storageClassName;
  }

  public MediaAccessMode getAccessMode() {
    return accessMode;
  }

  public void setAccessMode(MediaAccessMode accessMode) {
    this.accessMode = accessMode;
  }

  public enum MediaAccessMode {
    ReadWriteOnce,
    ReadWriteMany,
    ReadWriteOncePod
  }
}
