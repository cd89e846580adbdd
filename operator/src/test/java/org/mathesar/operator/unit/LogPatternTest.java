package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The text log format names the instance as namespace/name (it read "defaultquickstart" before).
 */
class LogPatternTest {
  private static String pattern() throws IOException {
    try (var in = LogPatternTest.class.getResourceAsStream("/logback.xml")) {
      var xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      var m = Pattern.compile("<pattern>(.*?)</pattern>").matcher(xml);
      assertThat(m.find()).isTrue();
      return m.group(1);
    }
  }

  private static String format(Map<String, String> mdc) throws IOException {
    var context = new LoggerContext();
    var layout = new PatternLayout();
    layout.setContext(context);
    layout.setPattern(pattern());
    layout.start();
    var event =
        new LoggingEvent(
            "x",
            context.getLogger("org.mathesar.operator.reconciler.MathesarReconciler"),
            Level.INFO,
            "phase Running -> Degraded",
            null,
            null);
    event.setMDCPropertyMap(mdc);
    return layout.doLayout(event);
  }

  @Test
  void aReconcileLineNamesNamespaceSlashName() throws IOException {
    var line =
        format(
            Map.of(
                "namespace",
                "default",
                "instance",
                "quickstart",
                "resource",
                "default/quickstart"));

    assertThat(line)
        .contains(" default/quickstart - phase Running -> Degraded")
        .doesNotContain("defaultquickstart");
  }

  @Test
  void aLineOutsideAReconciliationHasNoStraySlash() throws IOException {
    assertThat(format(Map.of())).doesNotContain(" / ").contains(" - phase Running");
  }
}
