package org.mathesar.operator.desired;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/** The volume for uploaded files, mounted at /code/.media. */
public final class MediaPvcFactory {
  public static final String COMPONENT = "media";

  private MediaPvcFactory() {}

  public static PersistentVolumeClaim build(ResolvedInstance instance) {
    var m = instance.resource();
    var media = instance.media();
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(ObjectNames.mediaPvc(m))
        .withNamespace(instance.namespace())
        .withLabels(Labels.forComponent(m, COMPONENT))
        .endMetadata()
        .withNewSpec()
        .withAccessModes(media.getAccessMode().name())
        .withStorageClassName(media.getStorageClassName())
        .withNewResources()
        .withRequests(Map.of("storage", new Quantity(media.getSize())))
        .endResources()
        .endSpec()
        .build();
  }
}
