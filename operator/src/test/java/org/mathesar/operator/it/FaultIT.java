package org.mathesar.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.MathesarOperator;
import org.mathesar.operator.config.OperatorConfig;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.MetadataKeys;
import org.mathesar.operator.status.Conditions;

/**
 * Faults: the operator killed mid-work again and again, the API server out from under it, other
 * clients editing what it manages. Losses counted are duplicate migrations, changed keys or
 * passwords, and deleted data. Figures in docs/reliability.md come from this class.
 */
class FaultIT extends OperatorTestBase {
  static final int INSTANCES = 50;
  static final int KILLS = 5;

  @BeforeAll
  static void noSharedOperator() {
    operator.close();
    operator = null;
  }

  @Test
  void killedFiveTimesWhileReconciling50InstancesLosesNothing() throws Exception {
    var ns = newNamespace();
    credentials(ns, "db");
    var secretValues = new ConcurrentHashMap<String, Set<Map<String, String>>>();
    var secretWatch =
        client
            .secrets()
            .inNamespace(ns)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Secret s) {
                    record(s);
                  }

                  @Override
                  public void onUpdate(Secret old, Secret s) {
                    record(s);
                  }

                  @Override
                  public void onDelete(Secret s, boolean unknown) {
                    secretValues
                        .computeIfAbsent(
                            s.getMetadata().getName() + " (deleted)",
                            k -> ConcurrentHashMap.newKeySet())
                        .add(Map.of());
                  }

                  private void record(Secret s) {
                    secretValues
                        .computeIfAbsent(
                            s.getMetadata().getName(), k -> ConcurrentHashMap.newKeySet())
                        .add(s.getData());
                  }
                });
    try (var simulator = new ClusterSimulator(client, ns)) {
      IntStream.range(0, INSTANCES)
          .forEach(i -> client.resource(mathesar(ns, "i" + i, "db")).create());
      var random = new Random(42);
      var killed = new ArrayList<CompletableFuture<Void>>();
      for (int kill = 0; kill < KILLS; kill++) {
        var opClient = newClient(kubeConfigYaml);
        var op = new MathesarOperator(opClient, OperatorConfig.defaults());
        op.start();
        // Let it get somewhere, then pull the plug: connections first, so writes in flight fail.
        await().pollDelay(Duration.ofMillis(300 + random.nextInt(2000))).until(() -> true);
        opClient.close();
        // A killed process waits for nothing: its leftovers wind down (and cannot write) meanwhile.
        killed.add(CompletableFuture.runAsync(op::close));
      }
      var finalClient = newClient(kubeConfigYaml);
      var last = new MathesarOperator(finalClient, OperatorConfig.defaults());
      last.start();
      try {
        await()
            .atMost(Duration.ofMinutes(3))
            .until(
                () ->
                    client.resources(Mathesar.class).inNamespace(ns).list().getItems().stream()
                            .filter(m -> condition(Conditions.READY, "True", "Running").test(m))
                            .count()
                        == INSTANCES);
        // Same end state as an undisturbed run: every object, one Job per kind, data unchanged.
        for (int i = 0; i < INSTANCES; i++) {
          var name = "i" + i;
          var m = mathesarResource(ns, name).get();
          assertThat(m.getStatus().getMigratedVersion()).isEqualTo("0.11.0");
          assertThat(m.getStatus().getAdminCreated()).isTrue();
          assertThat(client.apps().deployments().inNamespace(ns).withName(name).get()).isNotNull();
          assertThat(client.services().inNamespace(ns).withName(name).get()).isNotNull();
          assertThat(
                  client.persistentVolumeClaims().inNamespace(ns).withName(name + "-media").get())
              .isNotNull();
          assertThat(simulator.jobsCreated.get(name + "-migrate-0-11-0"))
              .as("migration Jobs of " + name)
              .hasSize(1);
          assertThat(simulator.jobsCreated.get(name + "-admin"))
              .as("admin Jobs of " + name + ": the migration Job made it")
              .isNull();
          assertThat(secretValues.get(name + "-secret-key"))
              .as("SECRET_KEY values of " + name)
              .hasSize(1);
          assertThat(secretValues.get(name + "-admin"))
              .as("admin credentials of " + name)
              .hasSize(1);
        }
        assertThat(secretValues.keySet()).noneMatch(k -> k.endsWith("(deleted)"));
      } finally {
        last.close();
        finalClient.close();
        CompletableFuture.allOf(killed.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
      }
    } finally {
      secretWatch.close();
    }
  }

  /**
   * SIGTERM (a rolling update of the operator, a node drain) while 50 instances are being
   * reconciled: JOSDK empties its caches before the reconciliations in flight end, and those then
   * saw no Secret, no key, no objects, and marked running instances Failed (seen in the benchmark).
   */
  @Test
  void aGracefulStopWhileReconcilingChangesNothing() throws Exception {
    var ns = newNamespace();
    credentials(ns, "db");
    List<String> warningsBefore;
    try (var simulator = new ClusterSimulator(client, ns)) {
      var opClient = newClient(kubeConfigYaml);
      var op = new MathesarOperator(opClient, OperatorConfig.defaults());
      op.start();
      IntStream.range(0, INSTANCES)
          .forEach(i -> client.resource(mathesar(ns, "g" + i, "db")).create());
      await().atMost(Duration.ofMinutes(3)).until(() -> allRunning(ns));
      warningsBefore = warnings(ns);
      var started = reconciliations(op, "started");

      var edits = Executors.newFixedThreadPool(10);
      IntStream.range(0, INSTANCES)
          .forEach(
              i ->
                  edits.submit(
                      () ->
                          editMathesar(
                              ns,
                              "g" + i,
                              m -> {
                                m.getMetadata()
                                    .setAnnotations(
                                        Map.of(MetadataKeys.RETRY_MIGRATION_ANNOTATION, "stop"));
                                return m;
                              })));
      await()
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofMillis(1))
          .until(() -> reconciliations(op, "started") > started);
      op.close();
      opClient.close();
      edits.shutdown();
      assertThat(edits.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    }
    assertThat(allRunning(ns)).as("every instance still Running").isTrue();
    assertThat(warnings(ns)).isEqualTo(warningsBefore);
  }

  private static boolean allRunning(String ns) {
    return client.resources(Mathesar.class).inNamespace(ns).list().getItems().stream()
            .filter(m -> condition(Conditions.READY, "True", "Running").test(m))
            .count()
        == INSTANCES;
  }

  private static List<String> warnings(String ns) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> "Warning".equals(e.getType()))
        .map(e -> e.getReason() + ": " + e.getMessage())
        .toList();
  }

  /**
   * The operator's API server (a second one on the same etcd, as in an HA control plane) is stopped
   * with SIGTERM and started again 10 s later: every connection and watch breaks, new ones are
   * refused meanwhile, and the world moves on through the other server. The same operator process
   * must pick everything up.
   */
  @Test
  void apiServerRestartIsRiddenOutWithoutAnOperatorRestart() throws Exception {
    var ns = newNamespace();
    credentials(ns, "db");
    var apiPort = URI.create(client.getConfiguration().getMasterUrl()).getPort();
    try (var server =
            new SecondApiServer(apiPort, kubeConfigYaml, Path.of("target/second-apiserver.log"))
                .start();
        var simulator = new ClusterSimulator(client, ns)) {
      var opClient = new KubernetesClientBuilder().withConfig(server.config()).build();
      var op = new MathesarOperator(opClient, OperatorConfig.defaults());
      op.start();
      try {
        IntStream.range(0, 5).forEach(i -> client.resource(mathesar(ns, "o" + i, "db")).create());
        await()
            .atMost(TIMEOUT)
            .until(
                () ->
                    IntStream.range(0, 5)
                        .allMatch(
                            i ->
                                condition(Conditions.READY, "True", null)
                                    .test(mathesarResource(ns, "o" + i).get())));

        server.stop();
        IntStream.range(0, 5)
            .forEach(
                i ->
                    editMathesar(
                        ns,
                        "o" + i,
                        m -> {
                          m.getSpec().getGunicorn().setWorkers(5);
                          return m;
                        }));
        client.resource(mathesar(ns, "late", "db")).create();
        // The outage is the fault itself, not a wait for something.
        await().pollDelay(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(11)).until(() -> true);
        server.start();

        await()
            .atMost(Duration.ofMinutes(2))
            .until(
                () ->
                    IntStream.range(0, 5)
                        .allMatch(
                            i ->
                                webContainer(ns, "o" + i).getEnv().stream()
                                    .anyMatch(
                                        e ->
                                            e.getName().equals("WEB_CONCURRENCY")
                                                && "5".equals(e.getValue()))));
        await()
            .atMost(Duration.ofMinutes(2))
            .until(
                () ->
                    condition(Conditions.READY, "True", null)
                        .test(mathesarResource(ns, "late").get()));
        assertThat(op.operator().getRuntimeInfo().isStarted())
            .as("the same operator, never restarted")
            .isTrue();
      } finally {
        op.close();
        opClient.close();
      }
    }
  }

  @Test
  void editsByOthersConvergeWithoutAFight() {
    var ns = newNamespace();
    credentials(ns, "db");
    var op = startOperator(OperatorConfig.defaults());
    try (var simulator = new ClusterSimulator(client, ns)) {
      client.resource(mathesar(ns, "shared", "db")).create();
      awaitMathesar(ns, "shared", condition(Conditions.READY, "True", null));

      // A field the operator owns is put back...
      editDeployment(
          ns,
          d ->
              d.getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .setImage("evil/mathesar:latest"));
      await()
          .atMost(TIMEOUT)
          .until(() -> webContainer(ns, "shared").getImage().equals("mathesar/mathesar:0.11.0"));
      // ...a field it does not own is left alone (kubectl rollout restart, an annotation of another
      // tool).
      editDeployment(
          ns,
          d -> {
            d.getMetadata().getAnnotations().put("example.com/owner", "team-data");
            d.getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .put("kubectl.kubernetes.io/restartedAt", "2026-11-22T00:00:00Z");
          });
      // The simulated deployment controller observes the new generation once...
      await()
          .atMost(TIMEOUT)
          .until(
              () -> {
                var d = client.apps().deployments().inNamespace(ns).withName("shared").get();
                return d.getStatus() != null
                    && d.getMetadata()
                        .getGeneration()
                        .equals(d.getStatus().getObservedGeneration());
              });
      var settled =
          client
              .apps()
              .deployments()
              .inNamespace(ns)
              .withName("shared")
              .get()
              .getMetadata()
              .getResourceVersion();
      // ...and nobody writes in a loop: the object stays as it is.
      await()
          .during(Duration.ofSeconds(5))
          .atMost(Duration.ofSeconds(7))
          .until(
              () ->
                  settled.equals(
                      client
                          .apps()
                          .deployments()
                          .inNamespace(ns)
                          .withName("shared")
                          .get()
                          .getMetadata()
                          .getResourceVersion()));
      var d = client.apps().deployments().inNamespace(ns).withName("shared").get();
      assertThat(d.getMetadata().getAnnotations()).containsEntry("example.com/owner", "team-data");
      assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations())
          .containsKey("kubectl.kubernetes.io/restartedAt");
    } finally {
      op.close();
    }
  }

  /**
   * An edit as kubectl makes it: read, change, write with the read resourceVersion, and read again
   * on a conflict (the simulated controller writes the Deployment's status meanwhile).
   */
  private static void editDeployment(
      String ns,
      java.util.function.Consumer<io.fabric8.kubernetes.api.model.apps.Deployment> change) {
    await()
        .atMost(TIMEOUT)
        .ignoreExceptionsMatching(
            e ->
                e instanceof io.fabric8.kubernetes.client.KubernetesClientException k
                    && k.getCode() == 409)
        .until(
            () -> {
              client
                  .apps()
                  .deployments()
                  .inNamespace(ns)
                  .withName("shared")
                  .edit(
                      d -> {
                        change.accept(d);
                        return d;
                      });
              return true;
            });
  }

  private static KubernetesClient newClient(String kubeConfig) {
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeConfig)).build();
  }
}
