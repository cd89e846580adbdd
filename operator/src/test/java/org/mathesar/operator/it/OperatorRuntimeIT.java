package org.mathesar.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.MathesarOperator;
import org.mathesar.operator.OperatorHttpServer;
import org.mathesar.operator.config.OperatorConfig;
import org.mathesar.operator.status.Conditions;

/**
 * How the operator runs: metrics and health endpoints, leader election, watched namespaces. Each
 * test starts its own operators, so the shared one is stopped.
 */
class OperatorRuntimeIT extends OperatorTestBase {

  @BeforeAll
  static void stopSharedOperator() {
    operator.close();
    operator = null;
  }

  @Test
  void metricsAndHealthAreServed() throws Exception {
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var ns = newNamespace();
    var second =
        new MathesarOperator(
            client, OperatorConfig.defaults().withWatchNamespaces(Set.of(ns)), registry);
    var server = OperatorHttpServer.start(port, second, registry);
    try {
      var http = HttpClient.newHttpClient();
      assertThat(get(http, port, "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(http, port, "/readyz").statusCode())
          .as("informers not started yet")
          .isEqualTo(503);
      second.start();
      assertThat(get(http, port, "/readyz").statusCode()).isEqualTo(200);

      credentials(ns, "db");
      client.resource(mathesar(ns, "measured", "db")).create();
      finishJob(ns, awaitJob(ns, "measured", "migrate").getMetadata().getName(), true);
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                var metrics = get(http, port, "/metrics").body();
                assertThat(metrics)
                    .contains("mathesar_instances{phase=\"Provisioning\"} 1.0")
                    .contains("mathesar_migrations_total{result=\"succeeded\"} 1.0")
                    .contains("mathesar_migration_duration_seconds_count{result=\"succeeded\"} 1")
                    .contains("operator_sdk_reconciliations");
              });
    } finally {
      server.stop(0);
      second.close();
    }
  }

  @Test
  void onlyTheLeaderReconcilesAndAStandbyTakesOver() {
    var ns = newNamespace();
    var config =
        OperatorConfig.defaults().withWatchNamespaces(Set.of(ns)).withLeaderElection("default", 4);
    var first = startOperator(config);
    await().atMost(TIMEOUT).until(() -> lease() != null);
    var second =
        startOperator(
            OperatorConfig.defaults()
                .withWatchNamespaces(Set.of(ns))
                .withLeaderElection("default", 4));
    try {
      var leader = lease().getSpec().getHolderIdentity();
      assertThat(leader).isEqualTo(config.leaderElectionIdentity());
      credentials(ns, "db");
      client.resource(mathesar(ns, "led", "db")).create();
      awaitJob(ns, "led", "migrate");

      first.close();
      await().atMost(TIMEOUT).until(() -> !leader.equals(lease().getSpec().getHolderIdentity()));
      client.resource(mathesar(ns, "after", "db")).create();
      awaitJob(ns, "after", "migrate");
    } finally {
      second.close();
    }
  }

  @Test
  void onlyWatchedNamespacesAreReconciled() {
    var watched = newNamespace();
    var other = newNamespace();
    var scoped = startOperator(OperatorConfig.defaults().withWatchNamespaces(Set.of(watched)));
    try {
      credentials(watched, "db");
      credentials(other, "db");
      client.resource(mathesar(watched, "in", "db")).create();
      client.resource(mathesar(other, "out", "db")).create();
      awaitJob(watched, "in", "migrate");
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  mathesarResource(other, "out").get().getStatus().getObservedGeneration() == null);
    } finally {
      scoped.close();
    }
    // The same resource is served by an operator that watches its namespace.
    var everywhere = startOperator(OperatorConfig.defaults());
    try {
      awaitMathesar(other, "out", condition(Conditions.PROGRESSING, "True", "Migrating"));
    } finally {
      everywhere.close();
    }
  }

  private static io.fabric8.kubernetes.api.model.coordination.v1.Lease lease() {
    return client.leases().inNamespace("default").withName("mathesar-operator-lock").get();
  }

  private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
