package org.mathesar.operator.dev;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.mathesar.operator.MathesarOperator;
import org.mathesar.operator.config.OperatorConfig;

/**
 * A newcomer's sandbox: starts a local kube-apiserver + etcd (the test bed's), installs the CRDs,
 * runs the operator in this process and applies samples/. Runs until Ctrl-C. There is no kubelet,
 * so pods never start; the objects and status can be inspected with kubectl.
 */
public final class LocalDevCluster {
  private LocalDevCluster() {}

  public static void main(String[] args) throws Exception {
    var root = Path.of(System.getProperty("project.root", ".."));
    var kubeconfig = root.resolve(".local/kubeconfig");
    var server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withApiServerVersion(System.getProperty("kube.version", "1.20.2"))
                .withUpdateKubeConfig(false)
                .build());
    server.start();
    Files.createDirectories(kubeconfig.getParent());
    Files.writeString(kubeconfig, server.getKubeConfigYaml());
    var client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
            .build();
    installCrds(client, root.resolve("crds"));
    var operator = new MathesarOperator(client, OperatorConfig.fromEnvironment());
    operator.start();
    applySamples(client, root.resolve("samples"));

    var done = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.close();
                  client.close();
                  server.stop();
                  done.countDown();
                }));
    System.out.printf(
        "%n=== Mathesar operator running against a local API server ===%n"
            + "Look at what it made:%n"
            + "  kubectl --kubeconfig %s get mathesars,deploy,svc,secret,pvc,jobs%n"
            + "  kubectl --kubeconfig %s describe mathesar mathesar%n"
            + "There is no kubelet or job controller here: migration Jobs never finish, so the instances%n"
            + "stay Migrating (and the CloudNativePG sample says CloudNativePG is not installed).%n"
            + "Press Ctrl-C to stop.%n%n",
        kubeconfig.toAbsolutePath(), kubeconfig.toAbsolutePath());
    done.await();
  }

  /**
   * Every CRD of crds/ (Mathesar, MathesarDatabase): the operator does not start while one is
   * missing.
   */
  private static void installCrds(KubernetesClient client, Path crds)
      throws IOException, InterruptedException {
    try (Stream<Path> files = Files.list(crds)) {
      for (var file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
        installCrd(client, file);
      }
    }
  }

  private static void installCrd(KubernetesClient client, Path crdFile)
      throws IOException, InterruptedException {
    try (var in = new FileInputStream(crdFile.toFile())) {
      var crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
      client.resource(crd).createOr(NonDeletingOperation::update);
      client.resource(crd).waitUntilCondition(LocalDevCluster::established, 30, TimeUnit.SECONDS);
    }
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static void applySamples(KubernetesClient client, Path samples) throws IOException {
    if (!Files.isDirectory(samples)) {
      return;
    }
    try (Stream<Path> files = Files.list(samples)) {
      for (var file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (var in = Files.newInputStream(file)) {
          for (HasMetadata item : client.load(in).items()) {
            client.resource(item).inNamespace("default").createOr(NonDeletingOperation::update);
          }
        }
        System.out.println("applied " + root(samples).relativize(file));
      }
    }
  }

  private static Path root(Path samples) {
    return samples.toAbsolutePath().getParent();
  }
}
