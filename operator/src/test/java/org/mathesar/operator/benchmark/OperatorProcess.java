package org.mathesar.operator.benchmark;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.mathesar.operator.it.PrometheusText;

/**
 * The operator as its own JVM, sized as in its container: the JVM is told it has the chart's
 * default memory limit (so its ergonomics pick the heap and the collector they pick there) and gets
 * the image's own flags from the Dockerfile. Its memory is measured apart from the benchmark's.
 * {@code -Dbenchmark.operatorJvmArgs="-XX:StartFlightRecording=filename=op-{start}.jfr"} adds flags
 * for a profile ({start} counts the operator starts); figures from such a run are not the image's.
 */
final class OperatorProcess implements AutoCloseable {
  /** The chart's default memory limit (helm/mathesar-operator/values.yaml). */
  static final String CONTAINER_MEMORY = "512m";

  private static final java.util.concurrent.atomic.AtomicInteger STARTS =
      new java.util.concurrent.atomic.AtomicInteger();
  private final Process process;
  private final int port;
  private final long startedNanos = System.nanoTime();
  private final HttpClient http = HttpClient.newHttpClient();

  private OperatorProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static OperatorProcess start(Path kubeconfig, String namespace, Path log) throws IOException {
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var command = new java.util.ArrayList<>(List.of(java, "-XX:MaxRAM=" + CONTAINER_MEMORY));
    command.addAll(imageJvmFlags());
    var extra =
        System.getProperty("benchmark.operatorJvmArgs", "")
            .trim()
            .replace("{start}", Integer.toString(STARTS.incrementAndGet()));
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    command.addAll(
        List.of(
            "-cp", System.getProperty("java.class.path"), "org.mathesar.operator.OperatorMain"));
    var builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().put("WATCH_NAMESPACES", namespace);
    builder.environment().put("HTTP_PORT", Integer.toString(port));
    return new OperatorProcess(builder.start(), port);
  }

  /** The -XX flags of the image's ENTRYPOINT. */
  static List<String> imageJvmFlags() throws IOException {
    var dockerfile =
        Files.readString(Path.of(System.getProperty("project.root", ".."), "Dockerfile"));
    var flags = new java.util.ArrayList<String>();
    var flag =
        Pattern.compile("\"(-XX:[^\"]+)\"")
            .matcher(dockerfile.substring(dockerfile.lastIndexOf("ENTRYPOINT")));
    while (flag.find()) {
      flags.add(flag.group(1));
    }
    return flags;
  }

  /** Seconds from the process start until /readyz answers 200 (informers started and synced). */
  double awaitReady() {
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(() -> get("/readyz").statusCode() == 200);
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  /** Reconciliations {@code started} or ended in {@code success} so far, from JOSDK's metrics. */
  long reconciliations(String outcome) throws IOException, InterruptedException {
    return (long)
        PrometheusText.sum(
            get("/metrics").body(), "operator_sdk_reconciliations_" + outcome + "_total", "");
  }

  /** Heap in use after a full collection, in MiB, from the operator's own JVM metrics. */
  double heapAfterGcMb() throws IOException, InterruptedException {
    var jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    var gc =
        new ProcessBuilder(jcmd, Long.toString(process.pid()), "GC.run")
            .redirectErrorStream(true)
            .start();
    gc.getInputStream().readAllBytes();
    gc.waitFor(1, TimeUnit.MINUTES);
    return PrometheusText.sum(get("/metrics").body(), "jvm_memory_used_bytes", "area=\"heap\"")
        / 1048576.0;
  }

  /** Resident set size of the operator's process, in MiB. */
  double rssMb() throws IOException {
    for (var line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    throw new IOException("no VmRSS for process " + process.pid());
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** SIGTERM, as Kubernetes stops a pod; killed if it has not exited within 30 s. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
