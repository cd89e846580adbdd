package org.mathesar.operator.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.net.InetAddress;
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
    var forward = forward(client, namespace, service, InetAddress.getLoopbackAddress(), 0);
    return new ServiceEndpoint(
        URI.create("http://127.0.0.1:" + forward.getLocalPort()), host, forward);
  }

  /**
   * Forwards a local port to port 80 of a Service: to the target port of one of its ready pods, as
   * `kubectl port-forward svc/...` does (fabric8's Service port-forward passes the Service's port
   * number to the pod unchanged, where nothing listens).
   */
  static LocalPortForward forward(
      KubernetesClient client,
      String namespace,
      String service,
      InetAddress address,
      int localPort) {
    var svc = client.services().inNamespace(namespace).withName(service).require();
    var port =
        svc.getSpec().getPorts().stream().filter(p -> p.getPort() == 80).findFirst().orElseThrow();
    var pod =
        client
            .pods()
            .inNamespace(namespace)
            .withLabels(svc.getSpec().getSelector())
            .list()
            .getItems()
            .stream()
            .filter(io.fabric8.kubernetes.client.readiness.Readiness::isPodReady)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no ready pod behind Service " + namespace + "/" + service));
    var target =
        port.getTargetPort() == null
            ? 80
            : port.getTargetPort().getIntVal() != null
                ? port.getTargetPort().getIntVal()
                : pod.getSpec().getContainers().stream()
                    .flatMap(c -> c.getPorts().stream())
                    .filter(p -> port.getTargetPort().getStrVal().equals(p.getName()))
                    .findFirst()
                    .orElseThrow()
                    .getContainerPort();
    return client
        .pods()
        .inNamespace(namespace)
        .withName(pod.getMetadata().getName())
        .portForward(target, address, localPort);
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
