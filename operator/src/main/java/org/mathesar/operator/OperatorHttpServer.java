package org.mathesar.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/** /metrics (Prometheus), /healthz (the process answers) and /readyz (informers are healthy). */
public final class OperatorHttpServer {
  private OperatorHttpServer() {}

  public static HttpServer start(
      int port, MathesarOperator operator, PrometheusMeterRegistry registry) throws IOException {
    var server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/healthz", ex -> respond(ex, 200, "ok\n", "text/plain"));
    server.createContext(
        "/readyz",
        ex -> {
          var info = operator.operator().getRuntimeInfo();
          var ready = info.isStarted() && info.allEventSourcesAreHealthy();
          respond(ex, ready ? 200 : 503, ready ? "ok\n" : "informers not ready\n", "text/plain");
        });
    server.createContext(
        "/metrics",
        ex -> respond(ex, 200, registry.scrape(), "text/plain; version=0.0.4; charset=utf-8"));
    server.setExecutor(
        Executors.newSingleThreadExecutor(
            r -> {
              var t = new Thread(r, "http");
              t.setDaemon(true);
              return t;
            }));
    server.start();
    return server;
  }

  private static void respond(HttpExchange ex, int code, String body, String type)
      throws IOException {
    var bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(code, bytes.length);
    try (var out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
