package org.mathesar.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.config.OperatorConfig;
import org.mathesar.operator.status.Conditions;

class SecretKeyIT extends OperatorTestBase {

  @Test
  void secretKeySurvivesSpecChangesAndAnOperatorRestart() {
    var ns = newNamespace();
    credentials(ns, "db");
    client.resource(mathesar(ns, "keep", "db")).create();
    awaitInstalled(ns, "keep");
    var original = secretKey(ns, "keep-secret-key");

    for (int replicas = 2; replicas <= 4; replicas++) {
      int r = replicas;
      editMathesar(
          ns,
          "keep",
          m -> {
            m.getSpec().setReplicas(r);
            return m;
          });
      awaitDeployment(ns, "keep", d -> d.getSpec().getReplicas() == r);
      assertThat(secretKey(ns, "keep-secret-key")).isEqualTo(original);
    }

    operator.close();
    operator = startOperator(OperatorConfig.defaults());
    editMathesar(
        ns,
        "keep",
        m -> {
          m.getSpec().setHostname("after-restart.example.com");
          return m;
        });
    awaitDeployment(
        ns,
        "keep",
        d ->
            d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .anyMatch(
                    e ->
                        e.getValue() != null
                            && e.getValue().startsWith("after-restart.example.com")));
    assertThat(secretKey(ns, "keep-secret-key")).isEqualTo(original);
  }

  @Test
  void deletedKeyIsReportedNotRegeneratedAndARecreatedOneIsAdopted() {
    var ns = newNamespace();
    credentials(ns, "db");
    client.resource(mathesar(ns, "lost", "db")).create();
    var deployment = awaitInstalled(ns, "lost");
    awaitMathesar(
        ns,
        "lost",
        m -> m.getStatus() != null && "lost-secret-key".equals(m.getStatus().getSecretKeySecret()));

    client.secrets().inNamespace(ns).withName("lost-secret-key").delete();

    var degraded =
        awaitMathesar(ns, "lost", condition(Conditions.DEGRADED, "True", "SecretKeyMissing"));
    var message =
        Conditions.find(degraded.getStatus().getConditions(), Conditions.DEGRADED)
            .orElseThrow()
            .getMessage();
    assertThat(message).contains("lost-secret-key", "Restore", "kubectl", "create secret generic");
    assertThat(client.secrets().inNamespace(ns).withName("lost-secret-key").get()).isNull();
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(ns)
                .withName("lost")
                .get()
                .getMetadata()
                .getResourceVersion())
        .as("the running Deployment is left alone")
        .isEqualTo(deployment.getMetadata().getResourceVersion());
    awaitWarning(ns, "SecretKeyMissing", "");

    var restored = "restored-key-restored-key-restored-key-restored-k1";
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("lost-secret-key")
                .withNamespace(ns)
                .endMetadata()
                .withStringData(Map.of("secret-key", restored))
                .build())
        .create();

    awaitMathesar(ns, "lost", condition(Conditions.DEGRADED, "False", null));
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              var adopted = client.secrets().inNamespace(ns).withName("lost-secret-key").get();
              assertThat(adopted.getMetadata().getLabels())
                  .containsEntry("app.kubernetes.io/managed-by", "mathesar-operator");
              assertThat(adopted.getMetadata().getOwnerReferences()).hasSize(1);
            });
    assertThat(secretKey(ns, "lost-secret-key")).isEqualTo(restored);
  }

  @Test
  void userProvidedSecretKeyIsUsedAndNothingIsGenerated() {
    var ns = newNamespace();
    credentials(ns, "db");
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("my-key")
                .withNamespace(ns)
                .endMetadata()
                .withStringData(Map.of("secret-key", "mine-mine-mine"))
                .build())
        .create();
    var m = mathesar(ns, "own", "db");
    m.getSpec().setSecretKeySecret("my-key");
    client.resource(m).create();

    var d = awaitInstalled(ns, "own");
    var ref =
        d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
            .filter(e -> e.getName().equals("SECRET_KEY"))
            .findFirst()
            .orElseThrow()
            .getValueFrom()
            .getSecretKeyRef();
    assertThat(ref.getName()).isEqualTo("my-key");
    assertThat(client.secrets().inNamespace(ns).withName("own-secret-key").get()).isNull();
    assertThat(
            client
                .secrets()
                .inNamespace(ns)
                .withName("my-key")
                .get()
                .getMetadata()
                .getOwnerReferences())
        .as("a user's Secret is never owned, so never garbage-collected")
        .isEmpty();
  }

  private static String secretKey(String ns, String name) {
    var s = client.secrets().inNamespace(ns).withName(name).get();
    return new String(java.util.Base64.getDecoder().decode(s.getData().get("secret-key")));
  }
}
