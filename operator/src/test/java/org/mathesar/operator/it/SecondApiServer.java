package org.mathesar.operator.it;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second kube-apiserver on the test bed's etcd, as in a control plane with several API servers,
 * which a test may stop and start again. kube-api-test's own server cannot be restarted: when its
 * process ends, kube-api-test stops etcd and deletes its data.
 */
final class SecondApiServer implements AutoCloseable {
  private final List<String> command;
  private final int port;
  private final String kubeConfigYaml;
  private final Path log;
  private Process process;

  /**
   * Same binary and flags as the test bed's server on {@code testBedPort}, on a port of its own.
   */
  SecondApiServer(int testBedPort, String kubeConfigYaml, Path log) throws IOException {
    var testBed =
        ProcessHandle.allProcesses()
            .filter(p -> p.info().command().map(c -> c.endsWith("kube-apiserver")).orElse(false))
            .filter(
                p ->
                    Arrays.asList(p.info().arguments().orElse(new String[0]))
                        .contains(Integer.toString(testBedPort)))
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException("no kube-apiserver with port " + testBedPort));
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    var args = new ArrayList<>(List.of(testBed.info().arguments().orElseThrow()));
    args.set(args.indexOf("--secure-port") + 1, Integer.toString(port));
    command = new ArrayList<>();
    command.add(testBed.info().command().orElseThrow());
    command.addAll(args);
    this.kubeConfigYaml = kubeConfigYaml;
    this.log = log;
  }

  /** A client configuration for this server. */
  Config config() {
    var config = Config.fromKubeconfig(kubeConfigYaml);
    config.setMasterUrl("https://127.0.0.1:" + port);
    return config;
  }

  /** Starts the server and returns once it answers /readyz. */
  SecondApiServer start() throws IOException {
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    try (var probe = new KubernetesClientBuilder().withConfig(config()).build()) {
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(() -> "ok".equals(probe.raw(probe.getMasterUrl() + "readyz")));
    }
    return this;
  }

  /** SIGTERM, as a control plane node being restarted; returns once the process is gone. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(1, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor();
    }
  }
}
