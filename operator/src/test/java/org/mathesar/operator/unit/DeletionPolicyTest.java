package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.DeletionPolicy;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MathesarSpec;

class DeletionPolicyTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private static Mathesar parse(String spec) {
    return JSON.unmarshal(
        "{\"apiVersion\":\"mathesar.org/v1alpha1\",\"kind\":\"Mathesar\",\"metadata\":{\"name\":\"demo\"},\"spec\":"
            + spec
            + "}",
        Mathesar.class);
  }

  @Test
  void retainIsTheDefault() {
    assertThat(new MathesarSpec().getDeletionPolicy()).isEqualTo(DeletionPolicy.Retain);
    assertThat(TestResources.mathesar().getSpec().getDeletionPolicy())
        .isEqualTo(DeletionPolicy.Retain);
  }

  @Test
  void policiesAreRetainAndDelete() {
    assertThat(DeletionPolicy.values())
        .containsExactly(DeletionPolicy.Retain, DeletionPolicy.Delete);
  }

  @Test
  void omittedPolicyReadsAsRetain() {
    assertThat(parse("{}").getSpec().getDeletionPolicy()).isEqualTo(DeletionPolicy.Retain);
  }

  @Test
  void policyIsReadByItsName() {
    assertThat(parse("{\"deletionPolicy\":\"Delete\"}").getSpec().getDeletionPolicy())
        .isEqualTo(DeletionPolicy.Delete);
    assertThat(parse("{\"deletionPolicy\":\"Retain\"}").getSpec().getDeletionPolicy())
        .isEqualTo(DeletionPolicy.Retain);
  }

  @Test
  void policyIsWrittenByItsName() {
    var m = TestResources.mathesar();
    m.getSpec().setDeletionPolicy(DeletionPolicy.Delete);

    assertThat(JSON.asJson(m)).contains("\"deletionPolicy\":\"Delete\"");
  }
}
