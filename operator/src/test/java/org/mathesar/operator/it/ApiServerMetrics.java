package org.mathesar.operator.it;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** What the API server itself counts, from its /metrics. */
public final class ApiServerMetrics {
  private static final Pattern REQUESTS =
      Pattern.compile("^apiserver_request_total\\{([^}]*)\\} ([0-9.eE+]+)$", Pattern.MULTILINE);
  private static final Pattern WRITE_VERB = Pattern.compile(".*verb=\"(POST|PUT|PATCH|DELETE|APPLY|CREATE|UPDATE)\".*");

  private ApiServerMetrics() {}

  /** POST, PUT, PATCH and DELETE requests answered so far, whoever sent them. */
  public static long writeRequests(KubernetesClient client) {
    return writesBy(client).values().stream().mapToLong(Long::longValue).sum();
  }

  /** The same, by verb, resource and subresource: where writes went. */
  public static Map<String, Long> writesBy(KubernetesClient client) {
    var line = REQUESTS.matcher(client.raw(client.getMasterUrl() + "metrics"));
    var counts = new TreeMap<String, Long>();
    while (line.find()) {
      var verb = WRITE_VERB.matcher(line.group(1));
      if (verb.matches()) {
        var key = verb.group(1) + " " + label(line.group(1), "resource") + "/" + label(line.group(1), "subresource");
        counts.merge(key, (long) Double.parseDouble(line.group(2)), Long::sum);
      }
    }
    return counts;
  }

  /** What was written between two readings of {@link #writesBy}, leaving out what did not change. */
  public static Map<String, Long> difference(Map<String, Long> before, Map<String, Long> after) {
    var diff = new TreeMap<String, Long>();
    after.forEach((k, v) -> {
      var d = v - before.getOrDefault(k, 0L);
      if (d != 0) {
        diff.put(k, d);
      }
    });
    return diff;
  }

  private static String label(String labels, String name) {
    var m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(labels);
    return m.find() ? m.group(1) : "";
  }
}
