package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.reconciler.OptionalCrdWatch;

/** An optional API counts as installed only where the version the operator writes is served. */
class OptionalCrdWatchTest {
  private static io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition crd(
      String... served) {
    var builder =
        new CustomResourceDefinitionBuilder()
            .withNewMetadata()
            .withName("httproutes.gateway.networking.k8s.io")
            .endMetadata()
            .withNewSpec();
    for (var version : served) {
      builder
          .addNewVersion()
          .withName(version.replace("-off", ""))
          .withServed(!version.endsWith("-off"))
          .endVersion();
    }
    return builder.endSpec().build();
  }

  @Test
  void aGatewayApiBeforeV1IsNotInstalledForTheOperator() {
    assertThat(OptionalCrdWatch.serves(crd("v1beta1"), "v1")).isFalse();
    assertThat(OptionalCrdWatch.serves(crd("v1beta1", "v1-off"), "v1")).isFalse();
    assertThat(OptionalCrdWatch.serves(crd("v1beta1", "v1"), "v1")).isTrue();
    assertThat(OptionalCrdWatch.serves(null, "v1")).isFalse();
  }
}
