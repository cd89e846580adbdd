package org.mathesar.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.status.Conditions;

class IsolationIT extends OperatorTestBase {

  @Test
  void instancesSideBySideNeverTouchEachOtherAndGoQuietOnceConverged() {
    var nsA = newNamespace();
    var nsB = newNamespace();
    credentials(nsA, "db-one");
    credentials(nsA, "db-two");
    credentials(nsB, "db-one");
    var one = client.resource(mathesar(nsA, "one", "db-one")).create();
    var two = client.resource(mathesar(nsA, "two", "db-two")).create();
    // same name as the first, other namespace
    var other = client.resource(mathesar(nsB, "one", "db-one")).create();

    for (var m : List.of(one, two, other)) {
      var ns = m.getMetadata().getNamespace();
      var name = m.getMetadata().getName();
      var d = awaitInstalled(ns, name);
      assertThat(d.getMetadata().getOwnerReferences().get(0).getUid())
          .isEqualTo(m.getMetadata().getUid());
      assertThat(d.getSpec().getSelector().getMatchLabels())
          .containsEntry("app.kubernetes.io/instance", name);
      var creds =
          d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
              .filter(e -> e.getName().equals("POSTGRES_PASSWORD"))
              .findFirst()
              .orElseThrow()
              .getValueFrom()
              .getSecretKeyRef()
              .getName();
      assertThat(creds)
          .isEqualTo(m.getSpec().getDatabase().getExternal().getCredentialsSecret().getName());
      markDeploymentReady(ns, name);
      awaitMathesar(ns, name, condition(Conditions.READY, "True", null));
    }
    assertThat(client.secrets().inNamespace(nsA).withName("one-secret-key").get().getData())
        .isNotEqualTo(client.secrets().inNamespace(nsA).withName("two-secret-key").get().getData())
        .isNotEqualTo(client.secrets().inNamespace(nsB).withName("one-secret-key").get().getData());

    // Converged: nothing the operator owns, nor the resources themselves, is written for 10 s.
    var before = versions(nsA, nsB);
    await()
        .during(Duration.ofSeconds(10))
        .atMost(Duration.ofSeconds(12))
        .until(() -> versions(nsA, nsB).equals(before));

    // An edit of one instance changes only that instance's objects.
    editMathesar(
        nsA,
        "one",
        m -> {
          m.getSpec().getGunicorn().setWorkers(7);
          return m;
        });
    awaitDeployment(
        nsA,
        "one",
        d ->
            d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .anyMatch(e -> e.getName().equals("WEB_CONCURRENCY") && "7".equals(e.getValue())));
    var after = versions(nsA, nsB);
    assertThat(after.get(nsA + "/Deployment/two")).isEqualTo(before.get(nsA + "/Deployment/two"));
    assertThat(after.get(nsB + "/Deployment/one")).isEqualTo(before.get(nsB + "/Deployment/one"));
    assertThat(after.get(nsA + "/Deployment/one"))
        .isNotEqualTo(before.get(nsA + "/Deployment/one"));
  }

  /**
   * A reconciliation of an instance that is as it should be sends no write at all: server-side
   * apply of an unchanged object costs the API server a request even when it changes nothing, and
   * every restart, resync or unrelated event would send one per object.
   */
  @Test
  void aReconciliationWithNothingToChangeWritesNothing() {
    var ns = newNamespace();
    credentials(ns, "db");
    client.resource(mathesar(ns, "calm", "db")).create();
    awaitRunning(ns, "calm");
    awaitFinishedJobsGone(ns, "calm");
    assertAReconciliationWritesNothing(ns, "calm");
  }

  private static Map<String, String> versions(String... namespaces) {
    var map = new HashMap<String, String>();
    for (var ns : namespaces) {
      record(map, ns, "Deployment", client.apps().deployments().inNamespace(ns).list().getItems());
      record(map, ns, "Service", client.services().inNamespace(ns).list().getItems());
      record(map, ns, "PVC", client.persistentVolumeClaims().inNamespace(ns).list().getItems());
      record(map, ns, "Secret", client.secrets().inNamespace(ns).list().getItems());
      record(map, ns, "Job", client.batch().v1().jobs().inNamespace(ns).list().getItems());
      record(
          map,
          ns,
          "Mathesar",
          client
              .resources(org.mathesar.operator.customresource.Mathesar.class)
              .inNamespace(ns)
              .list()
              .getItems());
      map.put(
          ns + "/Events",
          String.valueOf(client.v1().events().inNamespace(ns).list().getItems().size()));
    }
    return map;
  }

  private static void record(
      Map<String, String> map, String ns, String kind, List<? extends HasMetadata> items) {
    items.forEach(
        i ->
            map.put(
                ns + "/" + kind + "/" + i.getMetadata().getName(),
                i.getMetadata().getResourceVersion()));
  }
}
