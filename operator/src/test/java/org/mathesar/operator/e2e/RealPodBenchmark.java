package org.mathesar.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mathesar.operator.e2e.E2ESupport.client;
import static org.mathesar.operator.e2e.E2ESupport.mathesar;
import static org.mathesar.operator.e2e.E2ESupport.ready;
import static org.mathesar.operator.e2e.E2ESupport.resource;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.CredentialsSecretRef;
import org.mathesar.operator.customresource.DeletionPolicy;
import org.mathesar.operator.customresource.GunicornSpec;
import org.mathesar.operator.customresource.InstanceRef;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MathesarDatabaseSpec;
import org.mathesar.operator.desired.JobFactory;
import org.mathesar.operator.desired.Labels;
import org.mathesar.operator.desired.MetadataKeys;

/**
 * Many instances on one node, on real pods: N instances applied at once, each with a database of
 * its own on one PostgreSQL server; then one spec change rolled across all of them. Run on purpose
 * (not in {@code bash .ci/test}), on the node that runs the pods, since it reads the node's and the
 * operator's memory and CPU from /proc:
 *
 * <pre>
 * MATHESAR_KEEP_CLUSTER=true bash .ci/e2e -Dtest=RealPodBenchmark -Dbenchmark.exclude=none \
 *     -Dbenchmark.realPodSizes=1,5,10
 * </pre>
 *
 * Results: a Markdown table in target/real-pod-benchmark.md (docs/benchmarks.md has them).
 */
class RealPodBenchmark {
  private static final List<Integer> SIZES =
      Arrays.stream(System.getProperty("benchmark.realPodSizes", "1,5,10").split(","))
          .map(String::trim)
          .map(Integer::parseInt)
          .toList();
  private static final Duration ALL_READY_TIMEOUT = Duration.ofMinutes(15);
  private static final Path RESULTS = Path.of("target", "real-pod-benchmark.md");
  private static final Path LOAD_RESULTS = Path.of("target", "real-pod-load.md");

  /** What the pods' resources were: the operator's defaults unless the run says otherwise. */
  private static final String RESOURCES =
      System.getProperty("benchmark.resources", "the operator's default resources");

  private static final int USERS = Integer.getInteger("benchmark.loadUsers", 4);
  private static final int PAGES_PER_USER = Integer.getInteger("benchmark.loadPages", 300);
  private static final Duration LOAD_TIME =
      Duration.ofSeconds(Integer.getInteger("benchmark.loadSeconds", 90));

  record Row(
      int instances,
      long allReadySeconds,
      IntSummaryStatistics migrationSeconds,
      IntSummaryStatistics podStartSeconds,
      double operatorCpuSeconds,
      long operatorPeakRssMiB,
      long nodeMiBPerInstance,
      long specChangeSeconds) {
    String markdown() {
      return "| "
          + instances
          + " | "
          + allReadySeconds
          + " | "
          + range(migrationSeconds)
          + " | "
          + range(podStartSeconds)
          + " | "
          + String.format("%.1f", operatorCpuSeconds)
          + " | "
          + operatorPeakRssMiB
          + " | "
          + nodeMiBPerInstance
          + " | "
          + specChangeSeconds
          + " |";
    }

    private static String range(IntSummaryStatistics s) {
      return s.getCount() == 0 ? "n/a" : s.getMin() + " to " + s.getMax();
    }
  }

  @Test
  void instancesAppliedAtOnceAndASpecChangeRolledAcrossThem() throws Exception {
    var rows = new ArrayList<Row>();
    for (int n : SIZES) {
      var row = run(n);
      rows.add(row);
      write(rows);
    }
    assertThat(rows).hasSize(SIZES.size());
  }

  /**
   * One instance at rest and under a bounded load, to size requests and limits by: USERS sessions
   * of their own, each logging in and paging through a 10,000-row table 100 rows at a time (the
   * UI's records.list), for at most LOAD_TIME or PAGES_PER_USER pages, through the Service.
   */
  @Test
  void oneInstanceAtRestAndUnderLoad() throws Exception {
    var ns = RealCluster.newNamespace("load");
    var pg = PostgresServer.start(client(), ns);
    // Mathesar refuses to connect its own internal database (here "load"): the table is elsewhere.
    pg.sql(PostgresServer.DATABASE, "CREATE DATABASE load OWNER " + PostgresServer.USER);
    pg.sql(PostgresServer.DATABASE, "CREATE DATABASE catalog OWNER " + PostgresServer.USER);
    pg.sql(
        "catalog",
        "SET ROLE "
            + PostgresServer.USER
            + "; CREATE TABLE items (id int PRIMARY KEY, name text, quantity int, price numeric,"
            + " added date); INSERT INTO items SELECT i, 'item ' || i, i % 97, (i % 1000) / 10.0,"
            + " DATE '2026-01-01' + (i % 365) FROM generate_series(1, 10000) AS i");
    client().resource(instance(ns, "load")).create();
    E2ESupport.awaitMathesar(ns, "load", RealCluster.READY_TIMEOUT, ready());
    var spec = new MathesarDatabaseSpec();
    spec.setInstanceRef(new InstanceRef("load"));
    spec.setHost(pg.host());
    spec.setDatabase("catalog");
    spec.setCredentialsSecret(new CredentialsSecretRef(PostgresServer.CREDENTIALS));
    client().resource(ConnectedDatabaseE2E.named(ns, "load", spec)).create();
    ConnectedDatabaseE2E.awaitDatabase(
        ns, "load", Duration.ofMinutes(2), ConnectedDatabaseE2E.readyDb());

    var container = NodeProc.webContainer(ns).orElseThrow();
    var idleStart = container.cpuSeconds();
    var idleSince = Instant.now();
    var rest = new AtomicLong();
    await("a minute at rest")
        .during(Duration.ofSeconds(60))
        .atMost(Duration.ofSeconds(75))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              rest.accumulateAndGet(container.workingSetMiB(), Math::max);
              return true;
            });
    var idleCores = cores(container.cpuSeconds() - idleStart, idleSince);

    var latencies = new ConcurrentLinkedQueue<Long>();
    var failures = new AtomicInteger();
    var peak = new AtomicLong();
    var loadStart = container.cpuSeconds();
    var loadSince = Instant.now();
    try (var endpoint = ServiceEndpoint.open(client(), ns, "load")) {
      var credentials = E2ESupport.adminCredentials(ns, "load");
      var pool = Executors.newFixedThreadPool(USERS);
      var users = new ArrayList<Future<?>>();
      for (int u = 0; u < USERS; u++) {
        users.add(
            pool.submit(
                () -> {
                  var web = new MathesarWeb(endpoint);
                  web.login(credentials.get("username"), credentials.get("password"));
                  var database = ConnectedDatabaseE2E.databaseIds(web, "catalog").get(0);
                  var table = tableOid(web, database, "items");
                  var until = Instant.now().plus(LOAD_TIME);
                  for (int page = 0;
                      page < PAGES_PER_USER && Instant.now().isBefore(until);
                      page++) {
                    var started = System.nanoTime();
                    try {
                      web.rpc(
                          "records.list",
                          Map.of(
                              "table_oid",
                              table,
                              "database_id",
                              database,
                              "limit",
                              100,
                              "offset",
                              (page * 100) % 10000,
                              "return_record_summaries",
                              true));
                      latencies.add((System.nanoTime() - started) / 1_000_000);
                    } catch (Exception e) {
                      failures.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      pool.shutdown();
      await("the load")
          .atMost(LOAD_TIME.plusMinutes(2))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                peak.accumulateAndGet(container.workingSetMiB(), Math::max);
                return users.stream().allMatch(Future::isDone);
              });
      for (var user : users) {
        user.get();
      }
    }
    var loadCores = cores(container.cpuSeconds() - loadStart, loadSince);
    var sorted = latencies.stream().sorted().toList();
    var result =
        String.format(
            "Mathesar %s, %d gunicorn workers, %s, %d users x up to %d pages of 100 rows"
                + " (records.list) for at most %d s, through the Service; %s%n%n"
                + "| | working set (MiB) | CPU (cores) |%n|---|---|---|%n"
                + "| a minute at rest, after login and connecting the database | %d | %.3f |%n"
                + "| under load: %d pages in %d s, %d failed, latency p50 %d ms, p95 %d ms, max %d"
                + " ms | %d (peak) | %.2f (average) |%n",
            RealCluster.VERSION,
            new GunicornSpec().getWorkers(),
            RESOURCES,
            USERS,
            PAGES_PER_USER,
            LOAD_TIME.toSeconds(),
            Instant.now(),
            rest.get(),
            idleCores,
            sorted.size(),
            Duration.between(loadSince, Instant.now()).toSeconds(),
            failures.get(),
            percentile(sorted, 50),
            percentile(sorted, 95),
            sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1),
            peak.get(),
            loadCores);
    Files.createDirectories(LOAD_RESULTS.getParent());
    Files.writeString(LOAD_RESULTS, result);
    System.out.println(result);
    client().namespaces().withName(ns).delete();
    client().namespaces().withName(ns + "-db").delete();
    assertThat(failures).as("failed pages").hasValue(0);
    assertThat(sorted).as("pages read").isNotEmpty();
  }

  private static double cores(double cpuSeconds, Instant since) {
    return cpuSeconds * 1000 / Math.max(1, Duration.between(since, Instant.now()).toMillis());
  }

  private static long percentile(List<Long> sorted, int p) {
    return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
  }

  private static long tableOid(MathesarWeb web, long database, String name) throws Exception {
    for (var schema : web.rpc("schemas.list", Map.of("database_id", database))) {
      for (var t :
          web.rpc(
              "tables.list",
              Map.of("schema_oid", schema.get("oid").asLong(), "database_id", database))) {
        if (t.get("name").asText().equals(name)) {
          return t.get("oid").asLong();
        }
      }
    }
    throw new AssertionError("no table " + name);
  }

  private Row run(int n) throws Exception {
    var ns = RealCluster.newNamespace("bench" + n);
    var pg = PostgresServer.start(client(), ns);
    var names = IntStream.rangeClosed(1, n).mapToObj(i -> "m" + i).toList();
    for (var name : names) {
      pg.sql(PostgresServer.DATABASE, "CREATE DATABASE " + name + " OWNER " + PostgresServer.USER);
    }
    var jobs = new ConcurrentHashMap<String, Job>();
    var memoryBefore = NodeProc.memAvailableMiB();
    var operator = NodeProc.operatorPid();
    var cpuBefore = operator.map(NodeProc::cpuSeconds).orElse(0.0);
    var peakRss = new AtomicLong();
    var applied = Instant.now();
    try (var watch =
        client()
            .batch()
            .v1()
            .jobs()
            .inNamespace(ns)
            .withLabel(MetadataKeys.COMPONENT_LABEL, JobFactory.MIGRATE_COMPONENT)
            .watch(
                new Watcher<Job>() {
                  @Override
                  public void eventReceived(Action action, Job job) {
                    jobs.put(job.getMetadata().getName(), job);
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      for (var name : names) {
        client().resource(instance(ns, name)).create();
      }
      // Polled every second, which is also how often the operator's memory is sampled.
      await("all " + n + " Ready")
          .atMost(ALL_READY_TIMEOUT)
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                peakRss.accumulateAndGet(operator.map(NodeProc::rssMiB).orElse(0L), Math::max);
                return allReady(ns, names);
              });
    }
    var allReady = Duration.between(applied, Instant.now()).toSeconds();
    var cpu = operator.map(NodeProc::cpuSeconds).orElse(0.0) - cpuBefore;
    peakRss.accumulateAndGet(operator.map(NodeProc::rssMiB).orElse(0L), Math::max);
    var perInstance = (memoryBefore - NodeProc.memAvailableMiB()) / n;
    var migrations =
        jobs.values().stream()
            .filter(j -> j.getStatus() != null && j.getStatus().getCompletionTime() != null)
            .mapToInt(
                j ->
                    (int)
                        E2ESupport.between(
                                j.getStatus().getStartTime(), j.getStatus().getCompletionTime())
                            .toSeconds())
            .summaryStatistics();
    var podStarts =
        client().pods().inNamespace(ns).list().getItems().stream()
            .map(RealPodBenchmark::scheduledToReady)
            .flatMap(Optional::stream)
            .mapToInt(Integer::intValue)
            .summaryStatistics();

    var changed = Instant.now();
    for (var name : names) {
      E2ESupport.edit(
          ns,
          name,
          m -> {
            m.getSpec().setEnv(List.of(new EnvVar("BENCHMARK_ROUND", "2", null)));
            return m;
          });
    }
    await("all " + n + " serve the new spec")
        .atMost(ALL_READY_TIMEOUT)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> allReady(ns, names) && allRolled(ns, names));
    var rolled = Duration.between(changed, Instant.now()).toSeconds();

    client().namespaces().withName(ns).delete();
    client().namespaces().withName(ns + "-db").delete();
    await("namespaces " + ns + " gone")
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () ->
                client().namespaces().withName(ns).get() == null
                    && client().namespaces().withName(ns + "-db").get() == null);
    return new Row(n, allReady, migrations, podStarts, cpu, peakRss.get(), perInstance, rolled);
  }

  private static Mathesar instance(String ns, String name) {
    var m = mathesar(ns, name, RealCluster.VERSION);
    m.getSpec().getDatabase().getExternal().setDatabase(name);
    m.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
    return m;
  }

  private static boolean allReady(String ns, List<String> names) {
    return names.stream()
        .allMatch(
            name -> {
              var m = resource(ns, name).get();
              return m != null && ready().test(m);
            });
  }

  /** Every Deployment at its latest template, with no pod of an older one left. */
  private static boolean allRolled(String ns, List<String> names) {
    return names.stream()
        .allMatch(
            name -> {
              var d = client().apps().deployments().inNamespace(ns).withName(name).get();
              if (d == null || d.getStatus() == null) {
                return false;
              }
              var s = d.getStatus();
              var env = d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
              return env.stream().anyMatch(e -> "BENCHMARK_ROUND".equals(e.getName()))
                  && d.getMetadata().getGeneration().equals(s.getObservedGeneration())
                  && d.getSpec().getReplicas().equals(s.getUpdatedReplicas())
                  && d.getSpec().getReplicas().equals(s.getReadyReplicas())
                  && d.getSpec().getReplicas().equals(s.getReplicas());
            });
  }

  private static Optional<Integer> scheduledToReady(Pod pod) {
    if (!Labels.WEB_COMPONENT.equals(
        pod.getMetadata().getLabels().get(MetadataKeys.COMPONENT_LABEL))) {
      return Optional.empty();
    }
    var conditions = pod.getStatus().getConditions();
    var scheduled = conditions.stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst();
    var ready =
        conditions.stream()
            .filter(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
            .findFirst();
    if (scheduled.isEmpty() || ready.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        (int)
            E2ESupport.between(
                    scheduled.get().getLastTransitionTime(), ready.get().getLastTransitionTime())
                .toSeconds());
  }

  private static void write(List<Row> rows) throws IOException {
    var out = new StringBuilder();
    out.append("Node: ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores, ")
        .append(NodeProc.memTotalMiB())
        .append(" MiB; Mathesar ")
        .append(RealCluster.VERSION)
        .append(", ")
        .append(Instant.now())
        .append("\n\n");
    out.append(
        "| N | all Ready (s) | migration Jobs (s) | web pod scheduled to ready (s) | operator CPU"
            + " (s) | operator peak RSS (MiB) | node memory per instance (MiB) | spec change"
            + " rolled across all (s) |\n");
    out.append("|---|---|---|---|---|---|---|---|\n");
    rows.forEach(r -> out.append(r.markdown()).append('\n'));
    Files.createDirectories(RESULTS.getParent());
    Files.writeString(RESULTS, out);
    System.out.println(out);
  }

  /** What /proc on the node says: this test runs on the node of the project's cluster. */
  static final class NodeProc {
    private static final double TICKS_PER_SECOND = 100.0;

    private NodeProc() {}

    static long memAvailableMiB() {
      return meminfo("MemAvailable:");
    }

    static long memTotalMiB() {
      return meminfo("MemTotal:");
    }

    private static long meminfo(String key) {
      return kibibytesLine(Path.of("/proc/meminfo"), key) / 1024;
    }

    /** The number on the line of a /proc file that starts with the key (kB in both files read). */
    private static long kibibytesLine(Path file, String key) {
      try {
        return Files.readAllLines(file).stream()
            .filter(l -> l.startsWith(key))
            .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
            .findFirst()
            .orElse(0);
      } catch (IOException e) {
        return 0;
      }
    }

    /** A pod's web container, as its cgroups on this node (cgroup v1, docker). */
    static Optional<Cgroup> webContainer(String namespace) {
      var id =
          run(
              "docker",
              "ps",
              "-q",
              "--filter",
              "label=io.kubernetes.pod.namespace=" + namespace,
              "--filter",
              "label=io.kubernetes.container.name=mathesar");
      if (id.isBlank()) {
        return Optional.empty();
      }
      var pid =
          run("docker", "inspect", "--format", "{{.State.Pid}}", id.lines().findFirst().get());
      try {
        String memory = null;
        String cpu = null;
        for (var line : Files.readAllLines(Path.of("/proc/" + pid.trim() + "/cgroup"))) {
          var parts = line.split(":", 3);
          var controllers = Arrays.asList(parts[1].split(","));
          if (controllers.contains("memory")) {
            memory = "/sys/fs/cgroup/memory" + parts[2];
          }
          if (controllers.contains("cpuacct")) {
            cpu = "/sys/fs/cgroup/cpuacct" + parts[2];
          }
        }
        return memory == null || cpu == null
            ? Optional.empty()
            : Optional.of(new Cgroup(Path.of(memory), Path.of(cpu)));
      } catch (IOException e) {
        return Optional.empty();
      }
    }

    /** Working set as the kubelet counts it: usage less the inactive page cache. */
    record Cgroup(Path memory, Path cpu) {
      long workingSetMiB() {
        try {
          var usage =
              Long.parseLong(Files.readString(memory.resolve("memory.usage_in_bytes")).trim());
          var inactive =
              Files.readAllLines(memory.resolve("memory.stat")).stream()
                  .filter(l -> l.startsWith("total_inactive_file "))
                  .mapToLong(l -> Long.parseLong(l.split(" ")[1]))
                  .findFirst()
                  .orElse(0);
          return (usage - inactive) / (1024 * 1024);
        } catch (IOException e) {
          return 0;
        }
      }

      double cpuSeconds() {
        try {
          return Long.parseLong(Files.readString(cpu.resolve("cpuacct.usage")).trim()) / 1e9;
        } catch (IOException e) {
          return 0;
        }
      }
    }

    private static String run(String... command) {
      try {
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var out = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        return out.trim();
      } catch (IOException e) {
        return "";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "";
      }
    }

    /** The operator's JVM, found by its jar in the command line. */
    static Optional<Long> operatorPid() {
      try (var procs = Files.list(Path.of("/proc"))) {
        return procs
            .filter(p -> p.getFileName().toString().matches("[0-9]+"))
            .filter(
                p -> {
                  try {
                    return new String(Files.readAllBytes(p.resolve("cmdline")))
                        .contains("/app/mathesar-operator.jar");
                  } catch (IOException e) {
                    return false;
                  }
                })
            .map(p -> Long.parseLong(p.getFileName().toString()))
            .findFirst();
      } catch (IOException e) {
        return Optional.empty();
      }
    }

    /** utime + stime of a process. */
    static double cpuSeconds(long pid) {
      try {
        var stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
      } catch (IOException | RuntimeException e) {
        return 0;
      }
    }

    static long rssMiB(long pid) {
      return kibibytesLine(Path.of("/proc/" + pid + "/status"), "VmRSS:") / 1024;
    }
  }
}
