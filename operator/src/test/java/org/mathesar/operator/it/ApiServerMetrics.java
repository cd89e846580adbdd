package org.mathesar.operator.it;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** What the API server itself counts, from its /metrics. */
public final class ApiServerMetrics {
  private static final Set<String> WRITE_VERBS =
      Set.of("POST", "PUT", "PATCH", "DELETE", "APPLY", "CREATE", "UPDATE");

  private ApiServerMetrics() {}

  /** POST, PUT, PATCH and DELETE requests answered so far, whoever sent them. */
  public static long writeRequests(KubernetesClient client) {
    return writesBy(client).values().stream().mapToLong(Long::longValue).sum();
  }

  /** The same, by verb, resource and subresource: where writes went. */
  public static Map<String, Long> writesBy(KubernetesClient client) {
    var counts = new TreeMap<String, Long>();
    for (var s :
        PrometheusText.samples(
            client.raw(client.getMasterUrl() + "metrics"), "apiserver_request_total")) {
      if (WRITE_VERBS.contains(s.label("verb"))) {
        counts.merge(
            s.label("verb") + " " + s.label("resource") + "/" + s.label("subresource"),
            (long) s.value(),
            Long::sum);
      }
    }
    return counts;
  }

  /**
   * What was written between two readings of {@link #writesBy}, leaving out what did not change.
   */
  public static Map<String, Long> difference(Map<String, Long> before, Map<String, Long> after) {
    var diff = new TreeMap<String, Long>();
    after.forEach(
        (k, v) -> {
          var d = v - before.getOrDefault(k, 0L);
          if (d != 0) {
            diff.put(k, d);
          }
        });
    return diff;
  }
}
