package org.mathesar.operator.it;

import io.fabric8.kubernetes.client.KubernetesClient;

/** Lets the benchmark (another package) use the test bed's cluster simulator. */
public final class BenchmarkSupport {
  private BenchmarkSupport() {}

  public static AutoCloseable simulator(KubernetesClient client, String namespace) {
    return new ClusterSimulator(client, namespace);
  }
}
