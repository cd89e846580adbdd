package org.mathesar.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.MediaSpec.MediaAccessMode;

/**
 * Scenario 5: scaled to two replicas through the scale subresource (as `kubectl scale` does), on
 * ReadWriteMany media; a spec change rolls the pods while requests to the Service keep being answered. A cluster without ReadWriteMany storage (kind) runs it on ReadWriteOnce
 * (-De2e.mediaAccessMode), where the operator keeps both pods on the volume's node.
 */
class ScaleAndRollE2E extends E2ESupport {
  private static final String NAME = "scaled";

  @Test
  void aRollOfTwoReplicasKeepsAnswering() throws Exception {
    var ns = RealCluster.newNamespace("scale");
    PostgresServer.start(client(), ns);
    var m = mathesar(ns, NAME, RealCluster.VERSION);
    var accessMode = MediaAccessMode.valueOf(System.getProperty("e2e.mediaAccessMode", "ReadWriteMany"));
    m.getSpec().getMedia().setAccessMode(accessMode);
    client().resource(m).create();
    awaitMathesar(ns, NAME, RealCluster.READY_TIMEOUT, ready());
    // What `kubectl scale msar/scaled --replicas=2` sends: the scale subresource.
    resource(ns, NAME).scale(2);
    awaitMathesar(ns, NAME, RealCluster.READY_TIMEOUT, ready().and(x -> x.getStatus().getReadyReplicas() == 2));
    assertThat(webPods(ns, NAME)).hasSize(2);
    var before = webPods(ns, NAME).stream().map(p -> p.getMetadata().getUid()).toList();

    try (var endpoint = ServiceEndpoint.open(client(), ns, NAME);
        var poller = new Poller(new MathesarWeb(endpoint), "/auth/login/", 250)) {
      var started = Instant.now();
      edit(ns, NAME, x -> {
        x.getSpec().setEnv(List.of(new EnvVar("E2E_ROLL", "1", null)));
        return x;
      });
      awaitMathesar(ns, NAME, RealCluster.READY_TIMEOUT, ready().and(x -> x.getStatus().getReadyReplicas() == 2)
          .and(x -> webPods(ns, NAME).stream().noneMatch(p -> before.contains(p.getMetadata().getUid()))));
      var rolled = Duration.between(started, Instant.now());
      poller.close();
      report("scale", "scaled 1 to 2 through the scale subresource, " + accessMode + " media: a spec change rolled both pods in " + rolled.toSeconds()
          + " s; login page polled every 250 ms: " + poller
          + (endpoint.forwarded() ? " (port-forward: follows one pod)" : " (through the ClusterIP)"));
      assertNoFailedRequests(endpoint, poller, "the roll");
    }
  }
}
