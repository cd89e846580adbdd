package org.mathesar.operator.benchmark;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.config.OperatorConfig;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.Phase;
import org.mathesar.operator.desired.AdminSecretFactory;
import org.mathesar.operator.desired.DeploymentFactory;
import org.mathesar.operator.desired.JobFactory;
import org.mathesar.operator.desired.MediaPvcFactory;
import org.mathesar.operator.desired.ResolvedInstance;
import org.mathesar.operator.desired.SecretKeySecretFactory;
import org.mathesar.operator.desired.ServiceFactory;
import org.mathesar.operator.it.ApiServerMetrics;
import org.mathesar.operator.it.BenchmarkSupport;
import org.mathesar.operator.rollout.JobState;

/**
 * Run on purpose only: ./mvnw -Pbenchmark -pl operator test. Measures the operator against the API
 * server's own limit (a plain client making the same objects with the same parallelism), against
 * what the waits for the cluster leave of it (the same, in the operator's order, waiting for each
 * Job and the Deployment), how quiet it is once converged and after a restart, how fast a change
 * spreads, and its footprint. The operator runs as its own process; this JVM plays the job
 * controller and kubelet. Writes operator/target/benchmarks.md; docs/benchmarks.md records a run.
 */
class OperatorBenchmark {
  private static final int[] SIZES =
      Arrays.stream(System.getProperty("benchmark.sizes", "50,200,1000").split(","))
          .mapToInt(Integer::parseInt)
          .toArray();
  private static final int RUNS = Integer.getInteger("benchmark.runs", 3);
  private static final int QUIET_SECONDS = Integer.getInteger("benchmark.quietSeconds", 60);
  private static final int THREADS = 50; // JOSDK's default number of reconciliation threads
  private static final Duration LIMIT = Duration.ofMinutes(30);
  private static final Path OUT = Path.of("target/benchmark");

  /**
   * What the floors resolve instances with: the operator's defaults, as in the operator's process.
   */
  private static final OperatorConfig FLOOR_CONFIG = OperatorConfig.defaults();

  private KubernetesClient client;
  private Path kubeconfig;
  private int namespaces;

  /** One run at one size. Times in seconds, memory in MiB, writes as counted by the API server. */
  record Sample(
      double converge,
      double floor,
      double orderedFloor,
      double writesPerInstance,
      double floorWritesPerInstance,
      double orderedFloorWritesPerInstance,
      double reconciliationsPerInstance,
      long quietWrites,
      double update,
      double startup,
      double restartReady,
      long restartWrites,
      double heapMb,
      double rssMb) {}

  @Test
  void benchmark() throws Exception {
    Files.createDirectories(OUT);
    var server = BenchmarkSupport.apiServerWithLargeServiceRange(OUT.resolve("kubeapitest"));
    server.start();
    kubeconfig = OUT.resolve("kubeconfig.yaml");
    Files.writeString(kubeconfig, server.getKubeConfigYaml());
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
            .build();
    try {
      BenchmarkSupport.installCrd(client);
      var table =
          new StringBuilder(
              "Operator process: java -XX:MaxRAM="
                  + OperatorProcess.CONTAINER_MEMORY
                  + " "
                  + String.join(" ", OperatorProcess.imageJvmFlags())
                  + "\n\n"
                  + header());
      for (int n : SIZES) {
        var samples = new ArrayList<Sample>();
        for (int run = 1; run <= RUNS; run++) {
          samples.add(measure(n, run));
          System.out.println(
              "BENCHMARK N=" + n + " run " + run + ": " + samples.get(samples.size() - 1));
        }
        table.append(row(n, samples)).append('\n');
        Files.writeString(Path.of("target/benchmarks.md"), table);
      }
      System.out.println(table);
    } finally {
      client.close();
      server.stop();
    }
  }

  private Sample measure(int n, int run) throws Exception {
    var floorWritesBefore = ApiServerMetrics.writeRequests(client);
    var floor = floor(n);
    var floorWrites = ApiServerMetrics.writeRequests(client) - floorWritesBefore;
    var orderedFloorWritesBefore = ApiServerMetrics.writesBy(client);
    var orderedFloor = orderedFloor(n);
    var orderedFloorDiff =
        ApiServerMetrics.difference(orderedFloorWritesBefore, ApiServerMetrics.writesBy(client));
    System.out.println(
        "BENCHMARK N=" + n + " run " + run + " writes of the ordered floor: " + orderedFloorDiff);
    var orderedFloorWrites = orderedFloorDiff.values().stream().mapToLong(Long::longValue).sum();

    var ns = namespace();
    BenchmarkSupport.credentials(client, ns, "db");
    try (var simulator = BenchmarkSupport.simulator(client, ns)) {
      var log = OUT.resolve("operator-" + n + "-" + run + ".log");
      double converge;
      double update;
      double startup;
      long quietWrites;
      long writes;
      long reconciliations;
      double heap;
      double rss;
      try (var operator = OperatorProcess.start(kubeconfig, ns, log)) {
        startup = operator.awaitReady();
        var writesBefore = ApiServerMetrics.writesBy(client);
        var t0 = System.nanoTime();
        createAll(ns, n);
        await().atMost(LIMIT).pollInterval(Duration.ofMillis(250)).until(() -> converged(ns, n));
        converge = seconds(t0);
        var convergeDiff =
            ApiServerMetrics.difference(writesBefore, ApiServerMetrics.writesBy(client));
        System.out.println(
            "BENCHMARK N=" + n + " run " + run + " writes while converging: " + convergeDiff);
        writes = convergeDiff.values().stream().mapToLong(Long::longValue).sum();
        reconciliations = operator.reconciliations("started");

        var quietBefore = ApiServerMetrics.writesBy(client);
        // The quiet window is the measurement itself: nothing to wait for but the clock.
        await()
            .pollDelay(Duration.ofSeconds(QUIET_SECONDS))
            .atMost(Duration.ofSeconds(QUIET_SECONDS + 5))
            .until(() -> true);
        var quietDiff = ApiServerMetrics.difference(quietBefore, ApiServerMetrics.writesBy(client));
        System.out.println("BENCHMARK N=" + n + " run " + run + " writes while idle: " + quietDiff);
        quietWrites = quietDiff.values().stream().mapToLong(Long::longValue).sum();
        heap = operator.heapAfterGcMb();
        rss = operator.rssMb();

        var t1 = System.nanoTime();
        updateAll(ns, n);
        await().atMost(LIMIT).pollInterval(Duration.ofMillis(250)).until(() -> updated(ns, n));
        update = seconds(t1);
        await().atMost(LIMIT).pollInterval(Duration.ofMillis(250)).until(() -> converged(ns, n));
      }
      // A restart with every instance present: informers list them all, each is reconciled once.
      var restartBefore = ApiServerMetrics.writesBy(client);
      double restartReady;
      try (var operator =
          OperatorProcess.start(
              kubeconfig, ns, OUT.resolve("operator-" + n + "-" + run + "-restart.log"))) {
        restartReady = operator.awaitReady();
        await()
            .atMost(LIMIT)
            .pollInterval(Duration.ofMillis(250))
            .until(() -> operator.reconciliations("success") >= n);
      }
      var restartDiff =
          ApiServerMetrics.difference(restartBefore, ApiServerMetrics.writesBy(client));
      System.out.println("BENCHMARK N=" + n + " run " + run + " writes on restart: " + restartDiff);
      var restartWrites = restartDiff.values().stream().mapToLong(Long::longValue).sum();
      return new Sample(
          converge,
          floor,
          orderedFloor,
          (double) writes / n,
          (double) floorWrites / n,
          (double) orderedFloorWrites / n,
          (double) reconciliations / n,
          quietWrites,
          update,
          startup,
          restartReady,
          restartWrites,
          heap,
          rss);
    }
  }

  private String namespace() {
    var name = "bench-" + (++namespaces);
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  private void createAll(String ns, int n) throws InterruptedException {
    parallel(n, i -> client.resource(BenchmarkSupport.mathesar(ns, "m" + i, "db")).create());
  }

  private void updateAll(String ns, int n) throws InterruptedException {
    parallel(
        n,
        i ->
            client
                .resources(Mathesar.class)
                .inNamespace(ns)
                .withName("m" + i)
                .edit(
                    m -> {
                      m.getSpec().getGunicorn().setWorkers(7);
                      return m;
                    }));
  }

  /**
   * Every instance has its Deployment, a current status saying Running, and its finished Jobs
   * cleaned up.
   */
  private boolean converged(String ns, int n) {
    if (client.apps().deployments().inNamespace(ns).list().getItems().size() < n
        || !client.batch().v1().jobs().inNamespace(ns).list().getItems().isEmpty()) {
      return false;
    }
    return client.resources(Mathesar.class).inNamespace(ns).list().getItems().stream()
            .filter(
                m ->
                    m.getStatus() != null
                        && m.getMetadata()
                            .getGeneration()
                            .equals(m.getStatus().getObservedGeneration())
                        && m.getStatus().getPhase() == Phase.Running
                        && m.getStatus().getMigratedVersion() != null
                        && Boolean.TRUE.equals(m.getStatus().getAdminCreated()))
            .count()
        == n;
  }

  private boolean updated(String ns, int n) {
    return client.apps().deployments().inNamespace(ns).list().getItems().stream()
            .filter(
                d ->
                    d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                        .anyMatch(
                            e -> e.getName().equals("WEB_CONCURRENCY") && "7".equals(e.getValue())))
            .count()
        == n;
  }

  /**
   * The same objects and a status write, with the same parallelism, and no operator logic at all.
   */
  private double floor(int n) throws InterruptedException {
    var ns = floorNamespace();
    var t0 = System.nanoTime();
    parallel(
        n,
        i -> {
          var objects = createMathesar(ns, "f" + i);
          objects.beforeJobs().forEach(this::create);
          create(objects.migration());
          create(objects.admin());
          create(objects.deployment());
          objects
              .mathesar()
              .getStatus()
              .setObservedGeneration(objects.mathesar().getMetadata().getGeneration());
          client.resource(objects.mathesar()).patchStatus();
        });
    return seconds(t0);
  }

  /**
   * The floor with the operator's order and waits but none of its reading, deciding or recording:
   * the admin Job only once the migration succeeded, the Deployment only once the admin exists,
   * Running only once the Deployment is ready (the converge measure's phase needs it), then the
   * Jobs go. The same simulated cluster answers, and the same 50 threads send the requests; an
   * instance waiting for the cluster holds none of them, so every instance can be in flight, as
   * with the operator.
   */
  private double orderedFloor(int n) throws Exception {
    var ns = floorNamespace();
    var pool = Executors.newFixedThreadPool(THREADS);
    try (var simulator = BenchmarkSupport.simulator(client, ns);
        var jobs =
            new ConditionWatch<>(
                client.batch().v1().jobs().inNamespace(ns),
                j -> JobState.of(j) == JobState.SUCCEEDED);
        var deployments =
            new ConditionWatch<>(
                client.apps().deployments().inNamespace(ns), OperatorBenchmark::ready)) {
      var t0 = System.nanoTime();
      var instances =
          IntStream.range(0, n)
              .mapToObj(
                  i ->
                      CompletableFuture.supplyAsync(
                              () -> {
                                var objects = createMathesar(ns, "o" + i);
                                objects.beforeJobs().forEach(this::create);
                                create(objects.migration());
                                return objects;
                              },
                              pool)
                          .thenCompose(
                              objects -> jobs.reached(objects.migration()).thenApply(v -> objects))
                          .thenApplyAsync(
                              objects -> {
                                create(objects.admin());
                                return objects;
                              },
                              pool)
                          .thenCompose(
                              objects -> jobs.reached(objects.admin()).thenApply(v -> objects))
                          .thenApplyAsync(
                              objects -> {
                                create(objects.deployment());
                                return objects;
                              },
                              pool)
                          .thenCompose(
                              objects ->
                                  deployments.reached(objects.deployment()).thenApply(v -> objects))
                          .thenAcceptAsync(
                              objects -> {
                                var status = objects.mathesar().getStatus();
                                status.setObservedGeneration(
                                    objects.mathesar().getMetadata().getGeneration());
                                status.setPhase(Phase.Running);
                                status.setMigratedVersion(objects.instance().version());
                                status.setAdminCreated(true);
                                client.resource(objects.mathesar()).patchStatus();
                                client.resource(objects.migration()).delete();
                                client.resource(objects.admin()).delete();
                              },
                              pool))
              .toArray(CompletableFuture[]::new);
      CompletableFuture.allOf(instances).get(LIMIT.toMinutes(), TimeUnit.MINUTES);
      return seconds(t0);
    } finally {
      pool.shutdownNow();
    }
  }

  /** As the operator reads a Deployment's readiness: all its desired pods ready. */
  private static boolean ready(Deployment d) {
    var ready =
        d.getStatus() == null || d.getStatus().getReadyReplicas() == null
            ? 0
            : d.getStatus().getReadyReplicas();
    return ready >= d.getSpec().getReplicas();
  }

  private String floorNamespace() {
    var ns = namespace();
    BenchmarkSupport.credentials(client, ns, "db");
    return ns;
  }

  /**
   * One instance as a floor makes it: its Mathesar created, the rest built by the operator's own
   * factories.
   */
  private record InstanceObjects(
      Mathesar mathesar,
      ResolvedInstance instance,
      List<HasMetadata> beforeJobs,
      Job migration,
      Job admin,
      Deployment deployment) {}

  private InstanceObjects createMathesar(String ns, String name) {
    var m = client.resource(BenchmarkSupport.mathesar(ns, name, "db")).create();
    var instance = ResolvedInstance.resolve(m, FLOOR_CONFIG, "hash");
    return new InstanceObjects(
        m,
        instance,
        List.of(
            SecretKeySecretFactory.build(instance, null),
            AdminSecretFactory.build(instance, null),
            MediaPvcFactory.build(instance),
            ServiceFactory.build(instance)),
        JobFactory.migration(instance, false),
        JobFactory.admin(instance),
        DeploymentFactory.build(instance, instance.version(), instance.image()));
  }

  private void create(HasMetadata object) {
    client.resource(object).create();
  }

  private static void parallel(int n, IntConsumer task) throws InterruptedException {
    var pool = Executors.newFixedThreadPool(THREADS);
    var failures = new java.util.concurrent.atomic.AtomicInteger();
    IntStream.range(0, n)
        .forEach(
            i ->
                pool.submit(
                    () -> {
                      try {
                        task.accept(i);
                      } catch (RuntimeException e) {
                        failures.incrementAndGet();
                        throw e;
                      }
                    }));
    pool.shutdown();
    if (!pool.awaitTermination(LIMIT.toMinutes(), TimeUnit.MINUTES) || failures.get() > 0) {
      throw new IllegalStateException(
          failures.get() + " of " + n + " requests failed or did not finish");
    }
  }

  private static String header() {
    return "| N | runs | converge s (operator) | same objects s (floor) | same order and waits s (ordered floor)"
        + " | ratio to floor | ratio to ordered floor | writes per instance (operator / floor / ordered floor)"
        + " | reconciliations per instance"
        + " | writes in "
        + QUIET_SECONDS
        + " s idle | update spread s | start-up to ready s (empty / N present)"
        + " | writes on restart | heap after GC MiB | RSS MiB |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  }

  /**
   * Medians of the runs; the idle and restart writes are the largest seen, since the target is 0.
   */
  private static String row(int n, List<Sample> samples) {
    var converge = median(samples, Sample::converge);
    var floor = median(samples, Sample::floor);
    var orderedFloor = median(samples, Sample::orderedFloor);
    return String.format(
        Locale.ROOT,
        "| %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f / %.1f / %.1f | %.1f | %d | %.1f | %.2f / %.2f | %d | %.0f | %.0f |",
        n,
        samples.size(),
        converge,
        floor,
        orderedFloor,
        converge / floor,
        converge / orderedFloor,
        median(samples, Sample::writesPerInstance),
        median(samples, Sample::floorWritesPerInstance),
        median(samples, Sample::orderedFloorWritesPerInstance),
        median(samples, Sample::reconciliationsPerInstance),
        samples.stream().mapToLong(Sample::quietWrites).max().orElse(-1),
        median(samples, Sample::update),
        median(samples, Sample::startup),
        median(samples, Sample::restartReady),
        samples.stream().mapToLong(Sample::restartWrites).max().orElse(-1),
        median(samples, Sample::heapMb),
        median(samples, Sample::rssMb));
  }

  private static double median(List<Sample> samples, ToDoubleFunction<Sample> value) {
    var sorted = samples.stream().mapToDouble(value).sorted().toArray();
    return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
