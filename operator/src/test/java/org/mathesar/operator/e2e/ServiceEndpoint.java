package org.mathesar.operator.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/**
 * How the tests reach a Service on port 80: its ClusterIP where this machine can route to it (the
 * project's own cluster, whose kube-proxy rules are on this host), else a port-forward through the
 * API server (kind and other remote clusters; it follows one pod, so a rollout breaks it).
 */
final class ServiceEndpoint implements AutoCloseable {
  final URI uri;
  /** The Host header to send: a name in the instance's ALLOWED_HOSTS. */
  final String host;
  private final LocalPortForward forward;

  private ServiceEndpoint(URI uri, String host, LocalPortForward forward) {
    this.uri = uri;
    this.host = host;
    this.forward = forward;
  }

  static ServiceEndpoint open(KubernetesClient client, String namespace, String service) {
    var svc = client.services().inNamespace(namespace).withName(service).require();
    var clusterIp = svc.getSpec().getClusterIP();
    var host = service + "." + namespace + ".svc.cluster.local";
    if (reachable(clusterIp, 80)) {
      return new ServiceEndpoint(URI.create("http://" + clusterIp + ":80"), host, null);
    }
    var forward = client.services().inNamespace(namespace).withName(service).portForward(80);
    return new ServiceEndpoint(URI.create("http://127.0.0.1:" + forward.getLocalPort()), host, forward);
  }

  boolean forwarded() {
    return forward != null;
  }

  private static boolean reachable(String ip, int port) {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress(ip, port), 2000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    if (forward != null) {
      forward.close();
    }
  }
}
