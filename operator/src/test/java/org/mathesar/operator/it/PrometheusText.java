package org.mathesar.operator.it;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Samples read from a Prometheus text exposition (/metrics of the API server or of the operator).
 */
public final class PrometheusText {
  private PrometheusText() {}

  /**
   * One sample line: its labels as written between the braces (empty without any), and its value.
   */
  public record Sample(String labels, double value) {
    public String label(String name) {
      var m = Pattern.compile("(?:^|,)" + Pattern.quote(name) + "=\"([^\"]*)\"").matcher(labels);
      return m.find() ? m.group(1) : "";
    }
  }

  public static List<Sample> samples(String text, String name) {
    var line =
        Pattern.compile(
                "^" + Pattern.quote(name) + "(?:\\{([^}]*)\\})? ([0-9.eE+-]+)$", Pattern.MULTILINE)
            .matcher(text);
    var samples = new ArrayList<Sample>();
    while (line.find()) {
      samples.add(
          new Sample(
              line.group(1) == null ? "" : line.group(1), Double.parseDouble(line.group(2))));
    }
    return samples;
  }

  /** The sum of a metric's samples whose labels contain the given text. */
  public static double sum(String text, String name, String labelsContaining) {
    return samples(text, name).stream()
        .filter(s -> s.labels().contains(labelsContaining))
        .mapToDouble(Sample::value)
        .sum();
  }
}
