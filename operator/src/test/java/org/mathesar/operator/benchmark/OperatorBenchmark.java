package org.mathesar.operator.benchmark;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.MathesarOperator;
import org.mathesar.operator.config.OperatorConfig;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.DeploymentFactory;
import org.mathesar.operator.desired.JobFactory;
import org.mathesar.operator.desired.MediaPvcFactory;
import org.mathesar.operator.desired.ResolvedInstance;
import org.mathesar.operator.desired.SecretKeySecretFactory;
import org.mathesar.operator.desired.AdminSecretFactory;
import org.mathesar.operator.desired.ServiceFactory;
import org.mathesar.operator.it.BenchmarkSupport;


/**
 * Run on purpose only: ./mvnw -Pbenchmark -pl operator test. Measures the operator against the API
 * server's own limit (a plain client making the same objects with the same parallelism), how quiet it
 * is once converged, how fast a change spreads, and its footprint. Writes
 * operator/target/benchmarks.md; docs/benchmarks.md records a run.
 */
class OperatorBenchmark {
  private static KubernetesClient client;
  private static String kubeConfigYaml;
  private static final int[] SIZES = sizes();
  private static final int RUNS = Integer.getInteger("benchmark.runs", 3);
  private static final int QUIET_SECONDS = Integer.getInteger("benchmark.quietSeconds", 60);
  private static final int THREADS = 50; // JOSDK's default reconciliation threads

  @Test
  void benchmark() throws Exception {
    var server = BenchmarkSupport.apiServerWithLargeServiceRange(Path.of("target/benchmark-kubeapitest"));
    server.start();
    kubeConfigYaml = server.getKubeConfigYaml();
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeConfigYaml)).build();
    try {
      BenchmarkSupport.installCrd(client);
      run();
    } finally {
      client.close();
      server.stop();
    }
  }

  private void run() throws Exception {
    var rows = new ArrayList<String>();
    for (int n : SIZES) {
      var operatorTimes = new ArrayList<Double>();
      var floorTimes = new ArrayList<Double>();
      var updateTimes = new ArrayList<Double>();
      var startTimes = new ArrayList<Double>();
      long writes = -1;
      double heapMb = 0;
      double rssMb = 0;
      int runs = n >= 1000 ? 1 : RUNS;
      for (int run = 0; run < runs; run++) {
        floorTimes.add(floor(n));
        var ns = namespace();
        BenchmarkSupport.credentials(client, ns, "db");
        try (var simulator = BenchmarkSupport.simulator(client, ns)) {
          var opClient = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeConfigYaml)).build();
          var started = System.nanoTime();
          var op = new MathesarOperator(opClient, OperatorConfig.defaults().withWatchNamespaces(java.util.Set.of(ns)));
          op.start();
          startTimes.add(seconds(started));
          try {
            var t0 = System.nanoTime();
            createAll(ns, n);
            await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(250)).until(() -> converged(ns, n));
            operatorTimes.add(seconds(t0));
            if (run == 0) {
              var before = writeRequests();
              await().pollDelay(Duration.ofSeconds(QUIET_SECONDS)).atMost(Duration.ofSeconds(QUIET_SECONDS + 1)).until(() -> true);
              writes = writeRequests() - before;
              System.gc();
              heapMb = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1048576.0;
              rssMb = rssMb();
            }
            var t1 = System.nanoTime();
            updateAll(ns, n);
            await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(250)).until(() -> updated(ns, n));
            updateTimes.add(seconds(t1));
          } finally {
            op.close();
            opClient.close();
          }
        }
      }
      var op = median(operatorTimes);
      var fl = median(floorTimes);
      rows.add(String.format(Locale.ROOT, "| %d | %d | %.1f | %.1f | %.2f | %d | %.1f | %.2f | %.0f | %.0f |",
          n, runs, op, fl, op / fl, writes, median(updateTimes), median(startTimes), heapMb, rssMb));
      System.out.println("BENCHMARK " + rows.get(rows.size() - 1));
    }
    var table = new StringBuilder()
        .append("| N | runs | converge s (operator) | same objects s (floor) | ratio | writes in ").append(QUIET_SECONDS)
        .append(" s idle | update spread s | start-up to informers synced s | heap MB | JVM RSS MB |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|\n");
    rows.forEach(r -> table.append(r).append('\n'));
    Files.writeString(Path.of("target/benchmarks.md"), table.toString());
    System.out.println(table);
  }

  private static int[] sizes() {
    return java.util.Arrays.stream(System.getProperty("benchmark.sizes", "50,200,1000").split(","))
        .mapToInt(Integer::parseInt).toArray();
  }

  private static int namespaces;

  private static String namespace() {
    var name = "bench-" + (++namespaces) + "-" + System.nanoTime() % 100000;
    client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    return name;
  }

  private static void createAll(String ns, int n) throws InterruptedException {
    parallel(n, i -> client.resource(BenchmarkSupport.mathesar(ns, "m" + i, "db")).create());
  }

  private static void updateAll(String ns, int n) throws InterruptedException {
    parallel(n, i -> client.resources(Mathesar.class).inNamespace(ns).withName("m" + i).edit(m -> {
      m.getSpec().getGunicorn().setWorkers(7);
      return m;
    }));
  }

  /** Every instance has its Deployment, a current status, and its finished Jobs cleaned up. */
  private static boolean converged(String ns, int n) {
    var deployments = client.apps().deployments().inNamespace(ns).list().getItems().size();
    if (deployments < n || !client.batch().v1().jobs().inNamespace(ns).list().getItems().isEmpty()) {
      return false;
    }
    return client.resources(Mathesar.class).inNamespace(ns).list().getItems().stream()
        .filter(m -> m.getStatus() != null && m.getMetadata().getGeneration().equals(m.getStatus().getObservedGeneration())
            && m.getStatus().getMigratedVersion() != null && Boolean.TRUE.equals(m.getStatus().getAdminCreated()))
        .count() == n;
  }

  private static boolean updated(String ns, int n) {
    return client.apps().deployments().inNamespace(ns).list().getItems().stream()
        .filter(d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
            .anyMatch(e -> e.getName().equals("WEB_CONCURRENCY") && "7".equals(e.getValue())))
        .count() == n;
  }

  /** The same objects and status writes, with the same parallelism, and no operator logic at all. */
  private static double floor(int n) throws InterruptedException {
    var ns = namespace();
    BenchmarkSupport.credentials(client, ns, "db");
    var config = OperatorConfig.defaults();
    var t0 = System.nanoTime();
    parallel(n, i -> {
      var m = client.resource(BenchmarkSupport.mathesar(ns, "f" + i, "db")).create();
      var instance = ResolvedInstance.resolve(m, config, "hash");
      List.of(SecretKeySecretFactory.build(instance, null), AdminSecretFactory.build(instance, null),
              MediaPvcFactory.build(instance), ServiceFactory.build(instance), JobFactory.migration(instance),
              JobFactory.admin(instance), DeploymentFactory.build(instance, instance.version(), instance.image()))
          .forEach(o -> client.resource(o).create());
      m.getStatus().setObservedGeneration(m.getMetadata().getGeneration());
      client.resource(m).patchStatus();
    });
    return seconds(t0);
  }

  private static void parallel(int n, java.util.function.IntConsumer task) throws InterruptedException {
    var pool = Executors.newFixedThreadPool(THREADS);
    IntStream.range(0, n).forEach(i -> pool.submit(() -> task.accept(i)));
    pool.shutdown();
    pool.awaitTermination(30, TimeUnit.MINUTES);
  }

  /** POST, PUT, PATCH and DELETE requests the API server has answered, from its own metrics. */
  private static long writeRequests() {
    var metrics = client.raw(client.getMasterUrl() + "metrics");
    var line = Pattern.compile("^apiserver_request_total\\{(.*)\\} ([0-9.e+]+)$", Pattern.MULTILINE).matcher(metrics);
    long total = 0;
    while (line.find()) {
      var labels = line.group(1);
      if (labels.matches(".*verb=\"(POST|PUT|PATCH|DELETE|APPLY|CREATE|UPDATE)\".*")) {
        total += (long) Double.parseDouble(line.group(2));
      }
    }
    return total;
  }

  private static double rssMb() throws IOException {
    for (var l : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (l.startsWith("VmRSS:")) {
        return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static double median(List<Double> values) {
    var sorted = values.stream().sorted().toList();
    return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2);
  }

}
