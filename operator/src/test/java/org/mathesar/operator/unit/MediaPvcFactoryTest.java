package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.MediaSpec;
import org.mathesar.operator.desired.MediaPvcFactory;

class MediaPvcFactoryTest {
  @Test
  void defaultsAreOneGibReadWriteOnceAndTheClusterDefaultClass() {
    var pvc = MediaPvcFactory.build(TestResources.resolved(TestResources.mathesar("shop")));

    assertThat(pvc.getMetadata().getName()).isEqualTo("shop-media");
    assertThat(pvc.getMetadata().getNamespace()).isEqualTo(TestResources.NAMESPACE);
    assertThat(pvc.getMetadata().getLabels())
        .contains(
            entry("app.kubernetes.io/component", "media"),
            entry("app.kubernetes.io/instance", "shop"));
    assertThat(pvc.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(pvc.getSpec().getStorageClassName()).isNull();
    assertThat(pvc.getSpec().getResources().getRequests())
        .containsOnly(entry("storage", new Quantity("1Gi")));
  }

  @Test
  void sizeClassAndAccessModeComeFromTheSpec() {
    var m = TestResources.mathesar();
    var media = new MediaSpec();
    media.setSize("20Gi");
    media.setStorageClassName("nfs");
    media.setAccessMode(MediaSpec.MediaAccessMode.ReadWriteMany);
    m.getSpec().setMedia(media);

    var pvc = MediaPvcFactory.build(TestResources.resolved(m));

    assertThat(pvc.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
    assertThat(pvc.getSpec().getStorageClassName()).isEqualTo("nfs");
    assertThat(pvc.getSpec().getResources().getRequests().get("storage").toString())
        .isEqualTo("20Gi");
  }

  @Test
  void nullMediaSpecUsesDefaults() {
    var m = TestResources.mathesar();
    m.getSpec().setMedia(null);

    var pvc = MediaPvcFactory.build(TestResources.resolved(m));

    assertThat(pvc.getSpec().getResources().getRequests().get("storage").toString())
        .isEqualTo("1Gi");
    assertThat(pvc.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
  }
}
