package org.mathesar.operator;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Arrays;
import org.mathesar.operator.config.OperatorConfig;
import org.slf4j.LoggerFactory;

/** `java -jar mathesar-operator.jar`: runs the operator until SIGTERM. */
public final class OperatorMain {
  private OperatorMain() {}

  public static void main(String[] args) throws Exception {
    if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
      System.out.print(OperatorConfig.HELP);
      return;
    }
    if ("json".equalsIgnoreCase(System.getenv("LOG_FORMAT"))
        && System.getProperty("logback.configurationFile") == null) {
      // Must be set before the first logger exists.
      System.setProperty("logback.configurationFile", "logback-json.xml");
    }
    var log = LoggerFactory.getLogger(OperatorMain.class);
    var config = OperatorConfig.fromEnvironment();
    var client = new KubernetesClientBuilder().build();
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Heap, GC, threads and CPU next to the reconciliation metrics: what to size the container by.
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    var mathesarOperator = new MathesarOperator(client, config, registry);
    var http =
        config.httpPort() > 0
            ? OperatorHttpServer.start(config.httpPort(), mathesarOperator, registry)
            : null;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("SIGTERM: stopping");
                  mathesarOperator.close();
                  if (http != null) {
                    http.stop(0);
                  }
                  client.close();
                },
                "shutdown"));
    log.info(
        "starting: API server {}, namespaces {}, default Mathesar {}",
        client.getMasterUrl(),
        config.watchesAllNamespaces() ? "all" : config.watchNamespaces(),
        config.defaultMathesarVersion());
    mathesarOperator.start();
    Thread.currentThread().join();
  }
}
