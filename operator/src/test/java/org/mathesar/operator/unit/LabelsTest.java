package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;
import org.mathesar.operator.desired.Labels;

class LabelsTest {
  @Test
  void selectorIdentifiesTheInstanceOnly() {
    var selector = Labels.selector(TestResources.mathesar("shop"));

    assertThat(selector)
        .containsExactly(
            entry("app.kubernetes.io/name", "mathesar"), entry("app.kubernetes.io/instance", "shop"));
  }

  @Test
  void componentLabelsAddManagedByAndComponentToTheSelector() {
    var labels = Labels.forComponent(TestResources.mathesar("shop"), "web");

    assertThat(labels)
        .containsExactly(
            entry("app.kubernetes.io/name", "mathesar"),
            entry("app.kubernetes.io/instance", "shop"),
            entry("app.kubernetes.io/managed-by", "mathesar-operator"),
            entry("app.kubernetes.io/component", "web"));
  }

  @Test
  void componentLabelsDoNotChangeTheSelector() {
    var m = TestResources.mathesar("shop");
    Labels.forComponent(m, "media");

    assertThat(Labels.selector(m)).hasSize(2).doesNotContainKey(Labels.COMPONENT);
  }

  @Test
  void managedSelectorMatchesTheManagedByLabel() {
    assertThat(Labels.MANAGED_SELECTOR).isEqualTo("app.kubernetes.io/managed-by=mathesar-operator");
  }
}
