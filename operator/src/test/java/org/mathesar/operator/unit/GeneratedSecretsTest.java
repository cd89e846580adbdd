package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.desired.GeneratedSecrets;

class GeneratedSecretsTest {
  private static Secret secret(Map<String, String> data) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("shop-secret-key")
        .addToLabels("a", "b")
        .endMetadata()
        .withData(data)
        .build();
  }

  @Test
  void aStoredValueWinsOverOneGeneratedMeanwhile() {
    var desired = secret(Map.of("secret-key", "bmV3", "other", "eA=="));
    var stored = secret(Map.of("secret-key", "b2xk"));

    var kept = GeneratedSecrets.keepStoredValues(desired, stored);

    assertThat(kept.getData())
        .containsExactlyInAnyOrderEntriesOf(Map.of("secret-key", "b2xk", "other", "eA=="));
    assertThat(kept.getMetadata().getLabels()).containsEntry("a", "b");
    assertThat(desired.getData()).as("the input is left alone").containsEntry("secret-key", "bmV3");
  }

  @Test
  void keysTheOperatorDoesNotWriteAreNotAdded() {
    var kept =
        GeneratedSecrets.keepStoredValues(
            secret(Map.of("password", "cA==")), secret(Map.of("password", "b2xk", "note", "eA==")));

    assertThat(kept.getData()).containsExactly(Map.entry("password", "b2xk"));
  }

  @Test
  void nothingStoredLeavesTheDesiredSecret() {
    var desired = secret(Map.of("secret-key", "bmV3"));

    assertThat(GeneratedSecrets.keepStoredValues(desired, null)).isSameAs(desired);
    assertThat(GeneratedSecrets.keepStoredValues(desired, secret(null))).isSameAs(desired);
    assertThat(
            GeneratedSecrets.keepStoredValues(desired, secret(Map.of("secret-key", ""))).getData())
        .containsEntry("secret-key", "bmV3");
  }
}
