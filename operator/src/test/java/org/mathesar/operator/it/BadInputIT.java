package org.mathesar.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mathesar.operator.customresource.CloudNativePGSpec;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.Phase;
import org.mathesar.operator.status.Conditions;

class BadInputIT extends OperatorTestBase {

  /** What the CRD schema refuses outright, with the field named in the error. */
  @ParameterizedTest
  @CsvSource({
    "spec.database.external.port, 70000",
    "spec.database.external.port, 0",
    "spec.database.external.sslMode, allow",
    "spec.version, latest",
    "spec.version, v0.11.0",
    "spec.replicas, -1",
    "spec.media.size, lots",
    "spec.media.accessMode, ReadOnlyMany",
    "spec.gunicorn.workers, 0",
    "spec.gunicorn.workers, 65",
    "spec.gunicorn.timeoutSeconds, 0",
    "spec.hostname, Not_A_Host",
    "spec.secretKeySecret, Bad_Name",
    "spec.admin.secretName, Bad_Name",
    "spec.deletionPolicy, Forever",
    "spec.upgrade.migrationTimeoutSeconds, 10",
    "spec.database.cloudNativePG.instances, 0",
    "spec.database.cloudNativePG.storage.size, big",
  })
  void schemaRefuses(String field, String value) {
    var path = field.substring("spec.".length()).split("\\.");
    var refusal =
        schemaRefusal(
            newNamespace(),
            spec -> {
              Map<String, Object> node = spec;
              for (int i = 0; i < path.length - 1; i++) {
                node =
                    (Map<String, Object>)
                        node.computeIfAbsent(
                            path[i], k -> new java.util.LinkedHashMap<String, Object>());
              }
              node.put(
                  path[path.length - 1],
                  value.matches("-?[0-9]+") ? Integer.parseInt(value) : value);
            });

    assertThat(refusal).hasMessageContaining(field);
  }

  @Test
  void unknownFieldsAreNotStored() {
    var ns = newNamespace();
    var raw =
        client
            .getKubernetesSerialization()
            .convertValue(mathesar(ns, "typo", "db"), GenericKubernetesResource.class);
    ((Map<String, Object>) raw.getAdditionalProperties().get("spec")).put("replica", 3);
    client.resource(raw).create();
    // 1.20 prunes unknown fields silently; >= 1.25 with kubectl's default --validate=strict refuses
    // them.
    var stored =
        client
            .genericKubernetesResources("mathesar.org/v1alpha1", "Mathesar")
            .inNamespace(ns)
            .withName("typo")
            .get();
    assertThat((Map<String, Object>) stored.get("spec")).doesNotContainKey("replica");
  }

  @Test
  void missingCredentialsSecretIsReportedAndTheInstanceConvergesWhenItAppears() {
    var ns = newNamespace();
    client.resource(mathesar(ns, "early", "later-secret")).create();

    var m =
        awaitMathesar(
            ns, "early", condition(Conditions.DEGRADED, "True", "CredentialsSecretNotFound"));
    assertThat(m.getStatus().getPhase()).isEqualTo(Phase.Failed);
    assertThat(
            Conditions.find(m.getStatus().getConditions(), Conditions.READY)
                .orElseThrow()
                .getStatus())
        .isEqualTo("False");
    assertThat(
            Conditions.find(m.getStatus().getConditions(), Conditions.DATABASE_READY)
                .orElseThrow()
                .getMessage())
        .contains("spec.database.external.credentialsSecret.name", "later-secret");
    assertThat(client.apps().deployments().inNamespace(ns).withName("early").get()).isNull();
    assertThat(client.secrets().inNamespace(ns).withName("early-secret-key").get())
        .as("no partial objects while the spec is not usable")
        .isNull();
    awaitWarning(ns, "CredentialsSecretNotFound", "spec.database.external.credentialsSecret.name");

    credentials(ns, "later-secret");
    awaitInstalled(ns, "early");
    awaitMathesar(ns, "early", condition(Conditions.DEGRADED, "False", null));
  }

  @Test
  void missingKeyInCredentialsSecret() {
    var ns = newNamespace();
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("half")
                .withNamespace(ns)
                .endMetadata()
                .withStringData(Map.of("username", "u"))
                .build())
        .create();
    client.resource(mathesar(ns, "half", "half")).create();
    var m =
        awaitMathesar(
            ns, "half", condition(Conditions.DEGRADED, "True", "CredentialsSecretKeyMissing"));
    assertThat(
            Conditions.find(m.getStatus().getConditions(), Conditions.DEGRADED)
                .orElseThrow()
                .getMessage())
        .contains("spec.database.external.credentialsSecret.passwordKey", "'password'");
  }

  @Test
  void invalidSpecsTheSchemaCannotRefuseOn120() {
    var ns = newNamespace();
    credentials(ns, "db");
    client.resource(mathesar(ns, "bystander", "db")).create();
    var bystander = awaitInstalled(ns, "bystander");
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("keyless")
                .withNamespace(ns)
                .endMetadata()
                .withStringData(Map.of("other", "x"))
                .build())
        .create();
    expectProblem(
        ns,
        "both-db",
        m -> m.getSpec().getDatabase().setCloudNativePG(new CloudNativePGSpec()),
        "InvalidDatabase",
        "spec.database");
    expectProblem(
        ns,
        "no-db",
        m -> m.getSpec().getDatabase().setExternal(null),
        "InvalidDatabase",
        "spec.database");
    expectProblem(
        ns,
        "cnpg",
        m -> {
          m.getSpec().getDatabase().setExternal(null);
          m.getSpec().getDatabase().setCloudNativePG(new CloudNativePGSpec());
        },
        "CloudNativePGNotInstalled",
        "spec.database.cloudNativePG");
    expectProblem(
        ns,
        "a-name-that-is-far-too-long-for-a-mathesar-svc",
        m -> {},
        "InvalidName",
        "metadata.name");
    expectProblem(
        ns,
        "no-key",
        m -> m.getSpec().setSecretKeySecret("absent"),
        "SecretKeySecretNotFound",
        "spec.secretKeySecret");
    expectProblem(
        ns,
        "bad-key",
        m -> m.getSpec().setSecretKeySecret("keyless"),
        "SecretKeySecretKeyMissing",
        "spec.secretKeySecret");
    expectProblem(
        ns,
        "no-admin",
        m -> m.getSpec().getAdmin().setSecretName("absent"),
        "AdminSecretNotFound",
        "spec.admin.secretName");
    expectProblem(
        ns,
        "bad-admin",
        m -> m.getSpec().getAdmin().setSecretName("keyless"),
        "AdminSecretKeyMissing",
        "spec.admin.secretName");
    expectProblem(
        ns,
        "no-host",
        m -> m.getSpec().getIngress().setEnabled(true),
        "IngressNeedsHostname",
        "spec.hostname");
    expectProblem(
        ns,
        "no-creds",
        m -> m.getSpec().getDatabase().getExternal().getCredentialsSecret().setName("absent"),
        "CredentialsSecretNotFound",
        "spec.database.external.credentialsSecret.name");
    expectProblem(
        ns,
        "creds-key",
        m -> m.getSpec().getDatabase().getExternal().getCredentialsSecret().setPasswordKey("pw"),
        "CredentialsSecretKeyMissing",
        "spec.database.external.credentialsSecret.passwordKey");
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(ns)
                .withName("bystander")
                .get()
                .getMetadata()
                .getResourceVersion())
        .as("an instance beside the bad ones keeps running untouched")
        .isEqualTo(bystander.getMetadata().getResourceVersion());
  }

  @Test
  void aBadEditLeavesTheRunningInstanceAlone() {
    var ns = newNamespace();
    credentials(ns, "db");
    client.resource(mathesar(ns, "steady", "db")).create();
    awaitRunning(ns, "steady");
    var running = client.apps().deployments().inNamespace(ns).withName("steady").get();

    editMathesar(
        ns,
        "steady",
        m -> {
          m.getSpec()
              .getDatabase()
              .getExternal()
              .getCredentialsSecret()
              .setName("typo-in-secret-name");
          m.getSpec().setVersion("0.12.0");
          return m;
        });

    awaitMathesar(
        ns, "steady", condition(Conditions.DEGRADED, "True", "CredentialsSecretNotFound"));
    var after = client.apps().deployments().inNamespace(ns).withName("steady").get();
    assertThat(after.getMetadata().getResourceVersion())
        .isEqualTo(running.getMetadata().getResourceVersion());
    assertThat(client.services().inNamespace(ns).withName("steady").get()).isNotNull();
    assertThat(client.persistentVolumeClaims().inNamespace(ns).withName("steady-media").get())
        .isNotNull();
    assertThat(client.secrets().inNamespace(ns).withName("steady-secret-key").get()).isNotNull();

    var status =
        client
            .getKubernetesSerialization()
            .asJson(mathesarResource(ns, "steady").get().getStatus());
    var events =
        client.getKubernetesSerialization().asJson(client.v1().events().inNamespace(ns).list());
    assertThat(status + events).doesNotContain("s3cr3t-db-password");
  }

  @Test
  void downgradeIsRefusedAndTheRunningVersionKeepsServing() {
    var ns = newNamespace();
    credentials(ns, "db");
    client.resource(mathesar(ns, "down", "db")).create();
    awaitInstalled(ns, "down");
    markDeploymentReady(ns, "down");
    awaitMathesar(ns, "down", m -> "0.11.0".equals(m.getStatus().getVersion()));
    var running = client.apps().deployments().inNamespace(ns).withName("down").get();

    editMathesar(
        ns,
        "down",
        m -> {
          m.getSpec().setVersion("0.10.0");
          return m;
        });

    awaitMathesar(ns, "down", condition(Conditions.DEGRADED, "True", "DowngradeRefused"));
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(ns)
                .withName("down")
                .get()
                .getMetadata()
                .getResourceVersion())
        .isEqualTo(running.getMetadata().getResourceVersion());
    awaitWarning(ns, "DowngradeRefused", "spec.version");
  }

  private void expectProblem(
      String ns, String name, Consumer<Mathesar> edit, String reason, String field) {
    var m = mathesar(ns, name, "db");
    edit.accept(m);
    client.resource(m).create();
    var seen = awaitMathesar(ns, name, condition(Conditions.DEGRADED, "True", reason));
    assertThat(
            Conditions.find(seen.getStatus().getConditions(), Conditions.DEGRADED)
                .orElseThrow()
                .getMessage())
        .contains(field);
    // Nothing partial: no Deployment, Job, Secret or volume for a spec the operator cannot use.
    assertThat(client.apps().deployments().inNamespace(ns).withName(name).get()).isNull();
    assertThat(
            client
                .batch()
                .v1()
                .jobs()
                .inNamespace(ns)
                .withLabel("app.kubernetes.io/instance", name)
                .list()
                .getItems())
        .isEmpty();
    assertThat(
            client
                .secrets()
                .inNamespace(ns)
                .withLabel("app.kubernetes.io/instance", name)
                .list()
                .getItems())
        .isEmpty();
    assertThat(client.persistentVolumeClaims().inNamespace(ns).withName(name + "-media").get())
        .isNull();
    awaitWarning(ns, reason, field);
  }
}
