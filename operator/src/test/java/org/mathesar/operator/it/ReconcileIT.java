package org.mathesar.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.Phase;
import org.mathesar.operator.desired.MetadataKeys;
import org.mathesar.operator.status.Conditions;

class ReconcileIT extends OperatorTestBase {

  @Test
  void createsEveryObjectWiredToTheInstance() {
    var ns = newNamespace();
    credentials(ns, "db-creds");
    var m = client.resource(mathesar(ns, "demo", "db-creds")).create();

    var deployment = awaitInstalled(ns, "demo");
    var service = client.services().inNamespace(ns).withName("demo").get();
    var pvc = client.persistentVolumeClaims().inNamespace(ns).withName("demo-media").get();
    var keySecret = client.secrets().inNamespace(ns).withName("demo-secret-key").get();
    assertThat(List.<HasMetadata>of(deployment, service, pvc, keySecret))
        .allSatisfy(
            o -> {
              assertThat(o.getMetadata().getOwnerReferences())
                  .singleElement()
                  .satisfies(
                      ref -> {
                        assertThat(ref.getUid()).isEqualTo(m.getMetadata().getUid());
                        assertThat(ref.getKind()).isEqualTo("Mathesar");
                        assertThat(ref.getController()).isTrue();
                      });
              assertThat(o.getMetadata().getLabels())
                  .containsEntry("app.kubernetes.io/name", "mathesar")
                  .containsEntry("app.kubernetes.io/instance", "demo")
                  .containsEntry("app.kubernetes.io/managed-by", "mathesar-operator");
            });

    var pod = deployment.getSpec().getTemplate().getSpec();
    var container = pod.getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("mathesar/mathesar:0.11.0");
    var env = container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    assertThat(env.get("POSTGRES_HOST").getValue()).isEqualTo("postgres.example.internal");
    assertThat(env.get("POSTGRES_PORT").getValue()).isEqualTo("5432");
    assertThat(env.get("POSTGRES_DB").getValue()).isEqualTo("mathesar_django");
    assertThat(env.get("POSTGRES_SSLMODE").getValue()).isEqualTo("prefer");
    assertThat(env.get("POSTGRES_PASSWORD").getValue()).isNull();
    assertThat(env.get("POSTGRES_PASSWORD").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("db-creds");
    assertThat(env.get("POSTGRES_PASSWORD").getValueFrom().getSecretKeyRef().getKey())
        .isEqualTo("password");
    assertThat(env.get("POSTGRES_USER").getValueFrom().getSecretKeyRef().getKey())
        .isEqualTo("username");
    assertThat(env.get("SECRET_KEY").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("demo-secret-key");
    assertThat(env.get("ALLOWED_HOSTS").getValue()).contains("demo." + ns + ".svc", "localhost");
    assertThat(env.get("DEBUG").getValue()).isEqualTo("false");
    assertThat(env.get("WEB_CONCURRENCY").getValue()).isEqualTo("3");
    assertThat(env.get("GUNICORN_CMD_ARGS").getValue()).isEqualTo("--timeout 300");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/auth/login/");
    assertThat(container.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8000);
    // Liveness never reads the database: a TCP check on gunicorn's port (before 0.12.0).
    assertThat(container.getLivenessProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(8000);
    assertThat(container.getReadinessProbe().getHttpGet().getHttpHeaders())
        .anySatisfy(
            h -> {
              assertThat(h.getName()).isEqualTo("Host");
              assertThat(h.getValue()).isEqualTo("localhost");
            });
    assertThat(container.getVolumeMounts())
        .anySatisfy(v -> assertThat(v.getMountPath()).isEqualTo("/code/.media/"));
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getPersistentVolumeClaim() != null)
        .anySatisfy(
            v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("demo-media"));
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsKey(MetadataKeys.SECRETS_HASH_ANNOTATION);
    // no secret value is copied anywhere into the Deployment
    assertThat(client.getKubernetesSerialization().asJson(deployment))
        .doesNotContain("s3cr3t-db-password");

    assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPort()).isEqualTo(80);
              assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
            });
    assertThat(service.getSpec().getSelector())
        .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
    assertThat(pvc.getSpec().getResources().getRequests().get("storage").toString())
        .isEqualTo("1Gi");
    assertThat(keySecret.getData().get("secret-key")).isNotBlank();

    var pending =
        awaitMathesar(ns, "demo", condition(Conditions.PROGRESSING, "True", "RollingOut"));
    assertThat(pending.getStatus().getPhase()).isEqualTo(Phase.Provisioning);
    assertThat(pending.getStatus().getVersion()).isNull();

    markDeploymentReady(ns, "demo");
    var ready = awaitMathesar(ns, "demo", condition(Conditions.READY, "True", "Running"));
    assertThat(ready.getStatus().getPhase()).isEqualTo(Phase.Running);
    assertThat(ready.getStatus().getVersion()).isEqualTo("0.11.0");
    assertThat(ready.getStatus().getReadyReplicas()).isEqualTo(1);
    assertThat(ready.getStatus().getUrl()).isEqualTo("http://demo." + ns + ".svc.cluster.local");
    assertThat(ready.getStatus().getConditions())
        .extracting(c -> c.getType())
        .contains(
            Conditions.READY,
            Conditions.DATABASE_READY,
            Conditions.PROGRESSING,
            Conditions.DEGRADED);
    assertThat(ready.getStatus().getConditions())
        .allSatisfy(
            c -> {
              assertThat(c.getObservedGeneration()).isEqualTo(ready.getMetadata().getGeneration());
              assertThat(c.getLastTransitionTime()).isNotBlank();
            });
  }

  @Test
  void specChangesReachTheDeployment() {
    var ns = newNamespace();
    credentials(ns, "db-creds");
    client.resource(mathesar(ns, "edit", "db-creds")).create();
    awaitInstalled(ns, "edit");

    editMathesar(
        ns,
        "edit",
        m -> {
          upgradeTo(m, "0.12.0");
          m.getSpec().setReplicas(2);
          m.getSpec().setHostname("mathesar.example.com");
          m.getSpec().getGunicorn().setWorkers(5);
          m.getSpec()
              .setEnv(List.of(new EnvVar("EXTRA", "1", null), new EnvVar("DEBUG", "true", null)));
          m.getSpec().setNodeSelector(Map.of("disk", "ssd"));
          return m;
        });

    finishJob(ns, "edit-migrate-0-12-0", true);
    var d =
        awaitDeployment(
            ns,
            "edit",
            dep ->
                dep.getSpec().getReplicas() == 2
                    && dep.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage()
                        .equals("mathesar/mathesar:0.12.0"));
    var env =
        d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
            .collect(Collectors.toMap(EnvVar::getName, e -> e));
    assertThat(env.get("WEB_CONCURRENCY").getValue()).isEqualTo("5");
    assertThat(env.get("EXTRA").getValue()).isEqualTo("1");
    assertThat(env.get("DEBUG").getValue()).isEqualTo("false");
    assertThat(env.get("ALLOWED_HOSTS").getValue()).startsWith("mathesar.example.com,");
    assertThat(d.getSpec().getTemplate().getSpec().getNodeSelector()).containsEntry("disk", "ssd");

    var m = awaitMathesar(ns, "edit", condition(Conditions.CONFIGURATION_WARNING, "True", null));
    var warning =
        Conditions.find(m.getStatus().getConditions(), Conditions.CONFIGURATION_WARNING)
            .orElseThrow();
    assertThat(warning.getMessage()).contains("spec.env", "DEBUG", "spec.media.accessMode");
    assertThat(m.getStatus().getUrl()).isEqualTo("http://mathesar.example.com");
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .anySatisfy(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getReason()).isIn("EnvOverrideIgnored");
            });
  }

  @Test
  void theScaleSubresourceScalesTheWebPodsAsKubectlScaleAndAnAutoscalerDo() {
    var ns = newNamespace();
    credentials(ns, "db-creds");
    client.resource(mathesar(ns, "demo", "db-creds")).create();
    awaitInstalled(ns, "demo");

    // What `kubectl scale msar/demo --replicas=3` and a HorizontalPodAutoscaler send: the scale
    // subresource.
    mathesarResource(ns, "demo").scale(3);

    awaitDeployment(ns, "demo", d -> d.getSpec().getReplicas() == 3);
    var scale =
        client
            .genericKubernetesResources("mathesar.org/v1alpha1", "Mathesar")
            .inNamespace(ns)
            .withName("demo")
            .get();
    assertThat(scale.getAdditionalProperties().get("spec")).asString().contains("replicas=3");
    awaitMathesar(
        ns,
        "demo",
        m ->
            ("app.kubernetes.io/name=mathesar,app.kubernetes.io/instance=demo,"
                    + "app.kubernetes.io/component=web")
                .equals(m.getStatus().getSelector()));
  }

  @Test
  void changedCredentialsRollThePods() {
    var ns = newNamespace();
    credentials(ns, "db-creds");
    client.resource(mathesar(ns, "roll", "db-creds")).create();
    var before =
        awaitInstalled(ns, "roll")
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getAnnotations()
            .get(MetadataKeys.SECRETS_HASH_ANNOTATION);

    client
        .secrets()
        .inNamespace(ns)
        .withName("db-creds")
        .edit(
            s -> {
              s.setData(
                  Map.of("username", s.getData().get("username"), "password", "bmV3LXBhc3N3b3Jk"));
              return s;
            });

    var after =
        awaitDeployment(
            ns,
            "roll",
            d ->
                !before.equals(
                    d.getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getAnnotations()
                        .get(MetadataKeys.SECRETS_HASH_ANNOTATION)));
    assertThat(after).isNotNull();
  }

  @Test
  void ingressFollowsTheSpecAndTheUrlSaysHttpsWithTls() {
    var ns = newNamespace();
    credentials(ns, "db-creds");
    var m = mathesar(ns, "web", "db-creds");
    m.getSpec().setHostname("mathesar.example.com");
    m.getSpec().getIngress().setEnabled(true);
    m.getSpec().getIngress().setClassName("nginx");
    m.getSpec().getIngress().setTlsSecretName("mathesar-tls");
    m.getSpec()
        .getIngress()
        .setAnnotations(Map.of("cert-manager.io/cluster-issuer", "letsencrypt"));
    client.resource(m).create();

    await()
        .atMost(TIMEOUT)
        .until(
            () -> client.network().v1().ingresses().inNamespace(ns).withName("web").get() != null);
    var ingress = client.network().v1().ingresses().inNamespace(ns).withName("web").get();
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(ingress.getMetadata().getAnnotations())
        .containsEntry("cert-manager.io/cluster-issuer", "letsencrypt");
    assertThat(ingress.getSpec().getRules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getHost()).isEqualTo("mathesar.example.com");
              assertThat(r.getHttp().getPaths().get(0).getBackend().getService().getName())
                  .isEqualTo("web");
              assertThat(
                      r.getHttp().getPaths().get(0).getBackend().getService().getPort().getNumber())
                  .isEqualTo(80);
            });
    assertThat(ingress.getSpec().getTls())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getSecretName()).isEqualTo("mathesar-tls");
              assertThat(t.getHosts()).containsExactly("mathesar.example.com");
            });
    assertThat(ingress.getMetadata().getOwnerReferences()).hasSize(1);
    assertThat(
            awaitMathesar(ns, "web", x -> x.getStatus() != null && x.getStatus().getUrl() != null)
                .getStatus()
                .getUrl())
        .isEqualTo("https://mathesar.example.com");

    editMathesar(
        ns,
        "web",
        x -> {
          x.getSpec().getIngress().setEnabled(false);
          return x;
        });
    await()
        .atMost(TIMEOUT)
        .until(
            () -> client.network().v1().ingresses().inNamespace(ns).withName("web").get() == null);
    assertThat(
            awaitMathesar(
                ns, "web", x -> "http://mathesar.example.com".equals(x.getStatus().getUrl())))
        .isNotNull();
  }

  @Test
  void kubectlShowsPrinterColumnsAndWaitsForReady() throws Exception {
    var ns = newNamespace();
    credentials(ns, "db-creds");
    client.resource(mathesar(ns, "cli", "db-creds")).create();
    awaitInstalled(ns, "cli");

    var waiting =
        kubectl("wait", "-n", ns, "--for=condition=Ready", "mathesar/cli", "--timeout=30s");
    markDeploymentReady(ns, "cli");
    assertThat(waiting.waitFor()).as(new String(waiting.getInputStream().readAllBytes())).isZero();

    var get = kubectl("get", "msar", "-n", ns);
    var table = new String(get.getInputStream().readAllBytes());
    assertThat(get.waitFor()).isZero();
    assertThat(table.lines().findFirst().orElseThrow())
        .contains("NAME", "VERSION", "PHASE", "READY", "URL", "AGE");
    assertThat(table)
        .contains("cli", "0.11.0", "Running", "True", "http://cli." + ns + ".svc.cluster.local");
  }

  private static Process kubectl(String... args) throws IOException {
    var kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
    Files.writeString(kubeconfig, kubeConfigYaml);
    var command = new ArrayList<String>();
    command.add(
        Path.of(
                System.getProperty("user.home"),
                ".kubeapitest/k8s",
                KUBE_VERSION + "-linux-amd64",
                "kubectl")
            .toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }
}
