package org.mathesar.operator.it;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.mathesar.operator.customresource.Mathesar;

/**
 * The test bed's pieces for the benchmark, which lives in another package and runs its own server.
 */
public final class BenchmarkSupport {
  private BenchmarkSupport() {}

  public static AutoCloseable simulator(KubernetesClient client, String namespace) {
    return new ClusterSimulator(client, namespace);
  }

  public static Mathesar mathesar(String namespace, String name, String credentialsSecret) {
    return OperatorTestBase.mathesar(namespace, name, credentialsSecret);
  }

  public static void credentials(KubernetesClient client, String namespace, String name) {
    client
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withStringData(java.util.Map.of("username", "mathesar", "password", "benchmark"))
                .build())
        .create();
  }

  /**
   * Every generated CRD (Mathesar and MathesarDatabase), established: the operator needs both to
   * start.
   */
  public static void installCrd(KubernetesClient client) throws IOException {
    OperatorTestBase.installCrd(client);
  }

  /**
   * kube-api-test fixes the Service range at 10.0.0.0/24 (254 ClusterIPs, after any extra flags),
   * too few for a thousand instances; this server's kube-apiserver is a wrapper that widens it to
   * /16.
   */
  public static KubeAPIServer apiServerWithLargeServiceRange(Path dir) throws IOException {
    var version = OperatorTestBase.KUBE_VERSION;
    var real =
        Path.of(System.getProperty("user.home"), ".kubeapitest/k8s", version + "-linux-amd64");
    var bin = dir.resolve("k8s").resolve(version + "-linux-amd64");
    Files.createDirectories(bin);
    for (var tool : new String[] {"etcd", "kubectl"}) {
      Files.deleteIfExists(bin.resolve(tool));
      Files.createSymbolicLink(bin.resolve(tool), real.resolve(tool).toRealPath());
    }
    var wrapper = bin.resolve("kube-apiserver");
    Files.writeString(
        wrapper,
        "#!/usr/bin/env bash\nexec "
            + real.resolve("kube-apiserver").toRealPath()
            + " \"${@/10.0.0.0\\/24/10.0.0.0\\/16}\"\n");
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    return new KubeAPIServer(
        KubeAPIServerConfigBuilder.anAPIServerConfig()
            .withTestDir(dir.toAbsolutePath().toString())
            .withApiServerVersion(version)
            .withOfflineMode(true)
            .build());
  }
}
