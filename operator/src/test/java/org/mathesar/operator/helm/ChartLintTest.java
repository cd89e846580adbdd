package org.mathesar.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.Test;

/** `helm lint --strict`: warnings count as failures. */
class ChartLintTest {

  @Test
  void chartLintsCleanInStrictMode() {
    var result = new Helm(Charts.CHART).lint().strict().call();
    assertThat(result.getMessages())
        .as("helm lint --strict messages")
        .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    assertThat(result.isFailed())
        .as("helm lint --strict failed: %s", result.getMessages())
        .isFalse();
  }
}
