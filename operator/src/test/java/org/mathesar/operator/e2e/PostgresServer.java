package org.mathesar.operator.e2e;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server in the cluster, as a user would run one for Mathesar: a Deployment with a
 * volume and a Service `pg` in a namespace of its own (`<instance namespace>-db`, so that the
 * instance's namespace can enforce the restricted Pod Security Standard, which a PostgreSQL image
 * starting as root does not meet), reached by the short DNS name `pg.<namespace>-db`, and a
 * credentials Secret in the instance's namespace for the Mathesar resource to reference.
 */
final class PostgresServer {
  static final String NAME = "pg";
  static final String CREDENTIALS = "pg-credentials";
  static final String USER = "mathesar";
  static final String DATABASE = "mathesar_django";

  private final KubernetesClient client;
  private final String namespace;

  private PostgresServer(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** The host name Mathesar connects to: a short form that the pods' DNS search path completes. */
  String host() {
    return NAME + "." + namespace;
  }

  /**
   * The server of an instance namespace, started unless it runs already (the playground's second
   * start).
   */
  static PostgresServer ensure(KubernetesClient client, String instanceNamespace) {
    var namespace = instanceNamespace + "-db";
    if (client.apps().deployments().inNamespace(namespace).withName(NAME).get() == null) {
      return start(client, instanceNamespace);
    }
    var server = new PostgresServer(client, namespace);
    server.awaitReplicas(1);
    return server;
  }

  static PostgresServer start(KubernetesClient client, String instanceNamespace) {
    return start(client, instanceNamespace, RealCluster.POSTGRES_IMAGE);
  }

  /** With another server image: mathesar-e2e/postgres:13 is older than Mathesar supports. */
  static PostgresServer start(KubernetesClient client, String instanceNamespace, String image) {
    var namespace = instanceNamespace + "-db";
    client
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName(namespace)
                .addToLabels("mathesar.org/e2e", "true")
                .endMetadata()
                .build())
        .create();
    var password = UUID.randomUUID().toString();
    var labels = Map.of("app", NAME);
    for (var ns : new String[] {instanceNamespace, namespace}) {
      client
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName(CREDENTIALS)
                  .withNamespace(ns)
                  .endMetadata()
                  .withStringData(Map.of("username", USER, "password", password))
                  .build())
          .create();
    }
    client
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("pg-data")
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .addToRequests("storage", new Quantity("1Gi"))
                .endResources()
                .endSpec()
                .build())
        .create();
    client
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName(NAME)
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector()
                .withMatchLabels(labels)
                .endSelector()
                .withNewStrategy()
                .withType("Recreate")
                .endStrategy()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("postgres")
                .withImage(image)
                .addNewEnv()
                .withName("POSTGRES_USER")
                .withValue(USER)
                .endEnv()
                .addNewEnv()
                .withName("POSTGRES_DB")
                .withValue(DATABASE)
                .endEnv()
                .addNewEnv()
                .withName("POSTGRES_PASSWORD")
                .withNewValueFrom()
                .withNewSecretKeyRef("password", CREDENTIALS, false)
                .endValueFrom()
                .endEnv()
                .addNewEnv()
                .withName("PGDATA")
                .withValue("/var/lib/postgresql/data/pgdata")
                .endEnv()
                .addNewPort()
                .withContainerPort(5432)
                .withProtocol("TCP")
                .endPort()
                .withNewReadinessProbe()
                .withNewTcpSocket()
                .withPort(new IntOrString(5432))
                .endTcpSocket()
                .withPeriodSeconds(2)
                .endReadinessProbe()
                .addNewVolumeMount()
                .withName("data")
                .withMountPath("/var/lib/postgresql/data")
                .endVolumeMount()
                .endContainer()
                .addNewVolume()
                .withName("data")
                .withNewPersistentVolumeClaim("pg-data", false)
                .endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
    client
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName(NAME)
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withSelector(labels)
                .addNewPort()
                .withPort(5432)
                .withTargetPort(new IntOrString(5432))
                .withProtocol("TCP")
                .endPort()
                .endSpec()
                .build())
        .create();
    var server = new PostgresServer(client, namespace);
    server.awaitReplicas(1);
    return server;
  }

  /** Scales the server to 0 (an outage: connections are refused) or back to 1. */
  void scale(int replicas) {
    deployment().scale(replicas);
    awaitReplicas(replicas);
  }

  private void awaitReplicas(int replicas) {
    await("PostgreSQL with " + replicas + " ready pod(s)")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              Deployment d = deployment().get();
              int ready =
                  d.getStatus() == null || d.getStatus().getReadyReplicas() == null
                      ? 0
                      : d.getStatus().getReadyReplicas();
              int pods =
                  client
                      .pods()
                      .inNamespace(namespace)
                      .withLabel("app", NAME)
                      .list()
                      .getItems()
                      .size();
              return ready == replicas && pods == replicas;
            });
  }

  private io.fabric8.kubernetes.client.dsl.RollableScalableResource<Deployment> deployment() {
    return client.apps().deployments().inNamespace(namespace).withName(NAME);
  }

  /** Runs SQL in the server's pod with psql over the local socket; returns the unaligned result. */
  String sql(String database, String query) {
    var pod = client.pods().inNamespace(namespace).withLabel("app", NAME).list().getItems().get(0);
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    try (var exec =
        client
            .pods()
            .inNamespace(namespace)
            .withName(pod.getMetadata().getName())
            .writingOutput(out)
            .writingError(err)
            .exec("psql", "-h", "/var/run/postgresql", "-U", USER, "-d", database, "-tAc", query)) {
      var code = exec.exitCode().get(60, TimeUnit.SECONDS);
      if (code != 0) {
        throw new IllegalStateException(
            "psql exited " + code + ": " + err.toString(StandardCharsets.UTF_8));
      }
    } catch (Exception e) {
      throw new IllegalStateException(
          "psql in " + namespace + "/" + pod.getMetadata().getName() + " failed", e);
    }
    return out.toString(StandardCharsets.UTF_8).trim();
  }
}
