package org.mathesar.operator.e2e;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The running operator's /metrics, read through a port-forward to its pod (works on any cluster).
 */
final class OperatorMetricsScrape {
  private OperatorMetricsScrape() {}

  /**
   * The sum of a counter's samples whose labels include namespace="..." (0 when it has none yet).
   */
  static double sum(String metric, String namespace) throws Exception {
    var pod = RealCluster.operatorPod().orElseThrow();
    try (var forward =
        RealCluster.client()
            .pods()
            .inNamespace(RealCluster.OPERATOR_NAMESPACE)
            .withName(pod.getMetadata().getName())
            .portForward(8080, InetAddress.getLoopbackAddress(), 0)) {
      var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      var body =
          http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + forward.getLocalPort() + "/metrics"))
                      .timeout(Duration.ofSeconds(20))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      var label = "namespace=\"" + namespace + "\"";
      return body.lines()
          .filter(l -> l.startsWith(metric + "{") && l.contains(label))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
          .sum();
    }
  }
}
