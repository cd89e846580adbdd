package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;
import org.mathesar.operator.desired.Labels;
import org.mathesar.operator.desired.MetadataKeys;

class LabelsTest {
  @Test
  void selectorIdentifiesTheInstancesWebPods() {
    var selector = Labels.selector(TestResources.mathesar("shop"));

    assertThat(selector)
        .containsExactly(
            entry("app.kubernetes.io/name", "mathesar"),
            entry("app.kubernetes.io/instance", "shop"),
            entry("app.kubernetes.io/component", "web"));
  }

  @Test
  void selectorDoesNotMatchJobPods() {
    // A Job's pods carry the migrate or admin component: the Service must not send traffic to them.
    var m = TestResources.mathesar("shop");

    var selector = Labels.selector(m).entrySet();

    assertThat(Labels.forComponent(m, "migrate").entrySet().containsAll(selector)).isFalse();
    assertThat(Labels.forComponent(m, "admin").entrySet().containsAll(selector)).isFalse();
    assertThat(Labels.forComponent(m, "web").entrySet().containsAll(selector)).isTrue();
  }

  @Test
  void selectorHasNoManagedByOrVersionLabel() {
    // It never changes: a Deployment's selector is immutable.
    assertThat(Labels.selector(TestResources.mathesar("shop")))
        .doesNotContainKeys(MetadataKeys.MANAGED_BY_LABEL, MetadataKeys.VERSION_LABEL);
  }

  @Test
  void componentLabelsAreNameInstanceManagedByAndComponent() {
    var labels = Labels.forComponent(TestResources.mathesar("shop"), "web");

    assertThat(labels)
        .containsExactly(
            entry("app.kubernetes.io/name", "mathesar"),
            entry("app.kubernetes.io/instance", "shop"),
            entry("app.kubernetes.io/managed-by", "mathesar-operator"),
            entry("app.kubernetes.io/component", "web"));
  }

  @Test
  void componentLabelsOfAnotherComponentReplaceTheComponent() {
    var labels = Labels.forComponent(TestResources.mathesar("shop"), "database");

    assertThat(labels)
        .hasSize(4)
        .containsEntry("app.kubernetes.io/component", "database")
        .containsEntry("app.kubernetes.io/instance", "shop");
  }

  @Test
  void componentLabelsDoNotChangeTheSelector() {
    var m = TestResources.mathesar("shop");
    var labels = Labels.forComponent(m, "media");
    labels.put("extra", "x"); // a caller may add to its copy

    assertThat(Labels.selector(m))
        .hasSize(3)
        .containsEntry(MetadataKeys.COMPONENT_LABEL, "web")
        .doesNotContainKey("extra");
    assertThat(Labels.forComponent(m, "media")).doesNotContainKey("extra");
  }
}
