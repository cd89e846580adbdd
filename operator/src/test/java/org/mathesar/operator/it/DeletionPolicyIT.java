package org.mathesar.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.DeletionPolicy;

class DeletionPolicyIT extends OperatorTestBase {

  @BeforeAll
  static void cloudNativePG() throws Exception {
    installCloudNativePGCrds();
  }

  @Test
  void retainKeepsTheDataAndARecreatedInstanceAdoptsIt() {
    var ns = newNamespace();
    var first = client.resource(cloudNativePGMathesar(ns, "kept")).create();
    markClusterReady(ns, "kept");
    awaitInstalled(ns, "kept");
    var key = client.secrets().inNamespace(ns).withName("kept-secret-key").get().getData();
    var password = client.secrets().inNamespace(ns).withName("kept-admin").get().getData();

    client.resource(first).delete();
    await().atMost(TIMEOUT).until(() -> mathesarResource(ns, "kept").get() == null);

    for (var o : dataObjects(ns, "kept")) {
      assertThat(o.getMetadata().getOwnerReferences()).as(o.getKind()).isEmpty();
      assertThat(o.getMetadata().getAnnotations())
          .as(o.getKind())
          .containsEntry("mathesar.org/retained-from", "Mathesar kept");
    }
    // What holds no data goes with the resource (garbage collection follows these references).
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(ns)
                .withName("kept")
                .get()
                .getMetadata()
                .getOwnerReferences())
        .hasSize(1);
    assertThat(
            client
                .services()
                .inNamespace(ns)
                .withName("kept")
                .get()
                .getMetadata()
                .getOwnerReferences())
        .hasSize(1);
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("Retained"));

    var second = client.resource(cloudNativePGMathesar(ns, "kept")).create();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              for (var o : dataObjects(ns, "kept")) {
                assertThat(o.getMetadata().getOwnerReferences())
                    .as(o.getKind())
                    .singleElement()
                    .satisfies(
                        r -> assertThat(r.getUid()).isEqualTo(second.getMetadata().getUid()));
                assertThat(o.getMetadata().getAnnotations())
                    .as(o.getKind())
                    .doesNotContainKey("mathesar.org/retained-from");
              }
            });
    assertThat(client.secrets().inNamespace(ns).withName("kept-secret-key").get().getData())
        .isEqualTo(key);
    assertThat(client.secrets().inNamespace(ns).withName("kept-admin").get().getData())
        .isEqualTo(password);
  }

  @Test
  void deleteLeavesEverythingToGarbageCollection() {
    var ns = newNamespace();
    var m = cloudNativePGMathesar(ns, "gone");
    m.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
    m = client.resource(m).create();
    await().atMost(TIMEOUT).until(() -> dataObjects(ns, "gone").size() == 4);

    client.resource(m).delete();
    await().atMost(TIMEOUT).until(() -> mathesarResource(ns, "gone").get() == null);
    for (var o : dataObjects(ns, "gone")) {
      assertThat(o.getMetadata().getOwnerReferences())
          .as(o.getKind())
          .singleElement()
          .satisfies(r -> assertThat(r.getController()).isTrue());
      assertThat(o.getMetadata().getAnnotations())
          .as(o.getKind())
          .doesNotContainKey("mathesar.org/retained-from");
    }
  }

  private static List<HasMetadata> dataObjects(String ns, String name) {
    return java.util.stream.Stream.<HasMetadata>of(
            cluster(ns, name + "-db").get(),
            client.secrets().inNamespace(ns).withName(name + "-secret-key").get(),
            client.secrets().inNamespace(ns).withName(name + "-admin").get(),
            client.persistentVolumeClaims().inNamespace(ns).withName(name + "-media").get())
        .filter(java.util.Objects::nonNull)
        .toList();
  }
}
