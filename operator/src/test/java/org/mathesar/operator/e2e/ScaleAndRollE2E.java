package org.mathesar.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.MediaSpec.MediaAccessMode;

/**
 * Scenario 5: `kubectl scale` to two replicas (the scale subresource) on ReadWriteMany media; the
 * PodDisruptionBudget that comes with the second replica, as the cluster's disruption controller
 * and eviction API apply it; a changed value in a Secret that spec.env reads, and then a spec
 * change, each roll the pods while requests to the Service keep being answered; `kubectl scale`
 * back to one removes the budget. A cluster without ReadWriteMany storage (kind) runs it on
 * ReadWriteOnce (-De2e.mediaAccessMode), where the operator keeps both pods on the volume's node.
 */
class ScaleAndRollE2E extends E2ESupport {
  private static final String NAME = "scaled";
  private static final String ENV_SECRET = "scaled-settings";

  @Test
  void scaledWithKubectlGuardedByABudgetAndRolledByASecretAndASpecChange() throws Exception {
    var ns = RealCluster.newNamespace("scale");
    PostgresServer.start(client(), ns);
    client()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(ENV_SECRET)
                .withNamespace(ns)
                .endMetadata()
                .addToStringData("greeting", "first")
                .build())
        .create();
    var m = mathesar(ns, NAME, RealCluster.VERSION);
    var accessMode =
        MediaAccessMode.valueOf(System.getProperty("e2e.mediaAccessMode", "ReadWriteMany"));
    m.getSpec().getMedia().setAccessMode(accessMode);
    m.getSpec()
        .setEnv(
            List.of(
                new EnvVarBuilder()
                    .withName("E2E_GREETING")
                    .withNewValueFrom()
                    .withNewSecretKeyRef("greeting", ENV_SECRET, false)
                    .endValueFrom()
                    .build()));
    client().resource(m).create();
    awaitMathesar(ns, NAME, RealCluster.READY_TIMEOUT, ready());
    assertThat(budget(ns)).as("no PodDisruptionBudget for one replica").isNull();

    kubectl("scale", "-n", ns, "msar/" + NAME, "--replicas=2");
    awaitMathesar(
        ns,
        NAME,
        RealCluster.READY_TIMEOUT,
        ready().and(x -> x.getStatus().getReadyReplicas() == 2));
    assertThat(webPods(ns, NAME)).hasSize(2);
    // The disruption controller (kube-controller-manager) counts the healthy pods against the
    // budget.
    await()
        .atMost(RealCluster.READY_TIMEOUT)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> disruptionsAllowed(ns) == 1);
    var budget = budget(ns);
    report(
        "scale",
        "kubectl scale to 2: PodDisruptionBudget "
            + budget.getApiVersion()
            + " "
            + NAME
            + " made, the disruption controller allows "
            + disruptionsAllowed(ns)
            + " disruption of 2 healthy pods");

    rollWhilePolling(
        ns,
        accessMode,
        "a changed key of Secret " + ENV_SECRET + " (read by spec.env)",
        () ->
            client()
                .secrets()
                .inNamespace(ns)
                .withName(ENV_SECRET)
                .edit(
                    s -> {
                      s.setData(
                          Map.of(
                              "greeting",
                              java.util.Base64.getEncoder()
                                  .encodeToString("second".getBytes(StandardCharsets.UTF_8))));
                      return s;
                    }),
        "E2E_GREETING",
        "second");

    // A node drain evicts through the same API: the budget lets one pod go, not the second. Once
    // the roll has left exactly two ready pods (the eviction API ignores the budget for a pending
    // or terminating pod).
    await()
        .atMost(RealCluster.READY_TIMEOUT)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                disruptionsAllowed(ns) == 1
                    && allWebPods(ns, NAME).size() == 2
                    && allWebPods(ns, NAME).stream().allMatch(Readiness::isPodReady));
    var pods = webPods(ns, NAME);
    assertThat(
            client().pods().inNamespace(ns).withName(pods.get(0).getMetadata().getName()).evict())
        .as("the first eviction")
        .isTrue();
    // fabric8 retries a 429 with backoff by default: the retried eviction would go through once
    // the replacement is ready (seconds now), so the answer is taken from the first request.
    var noRetries =
        new ConfigBuilder(client().getConfiguration()).withRequestRetryBackoffLimit(0).build();
    try (var once = new KubernetesClientBuilder().withConfig(noRetries).build()) {
      assertThat(once.pods().inNamespace(ns).withName(pods.get(1).getMetadata().getName()).evict())
          .as("a second eviction while the first pod's replacement is not ready")
          .isFalse();
    }
    var replaced = Instant.now();
    awaitMathesar(
        ns,
        NAME,
        RealCluster.READY_TIMEOUT,
        ready().and(x -> x.getStatus().getReadyReplicas() == 2));
    report(
        "scale",
        "eviction: the first of 2 pods evicted, the second refused (429) by the budget; 2 ready again "
            + Duration.between(replaced, Instant.now()).toSeconds()
            + " s later");

    rollWhilePolling(
        ns,
        accessMode,
        "a spec change (a new spec.env variable)",
        () ->
            client()
                .resources(org.mathesar.operator.customresource.Mathesar.class)
                .inNamespace(ns)
                .withName(NAME)
                .edit(
                    x -> {
                      var env = new ArrayList<>(x.getSpec().getEnv());
                      env.add(new EnvVarBuilder().withName("E2E_COLOUR").withValue("blue").build());
                      x.getSpec().setEnv(env);
                      return x;
                    }),
        "E2E_COLOUR",
        "blue");

    kubectl("scale", "-n", ns, "msar/" + NAME, "--replicas=1");
    await()
        .atMost(RealCluster.READY_TIMEOUT)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> budget(ns) == null);
    awaitMathesar(
        ns,
        NAME,
        RealCluster.READY_TIMEOUT,
        ready().and(x -> x.getStatus().getReadyReplicas() == 1));
    report(
        "scale",
        "kubectl scale back to 1: the PodDisruptionBudget is gone, so a drain never waits on the last pod");
  }

  /**
   * Makes the change, waits until both pods are new and ready while the login page is polled
   * through the Service every 250 ms, and checks a new pod's environment. Failed requests: 0
   * expected.
   */
  private static void rollWhilePolling(
      String ns,
      MediaAccessMode accessMode,
      String change,
      Runnable makeChange,
      String variable,
      String expected)
      throws Exception {
    var before = webPods(ns, NAME).stream().map(p -> p.getMetadata().getUid()).toList();
    try (var endpoint = ServiceEndpoint.open(client(), ns, NAME);
        var poller = new Poller(new MathesarWeb(endpoint), "/auth/login/", 250)) {
      var started = Instant.now();
      makeChange.run();
      awaitMathesar(
          ns,
          NAME,
          RealCluster.READY_TIMEOUT,
          ready()
              .and(x -> x.getStatus().getReadyReplicas() == 2)
              .and(
                  x ->
                      webPods(ns, NAME).stream()
                          .noneMatch(p -> before.contains(p.getMetadata().getUid()))));
      var rolled = Duration.between(started, Instant.now());
      poller.close();
      var seen =
          client()
              .pods()
              .inNamespace(ns)
              .withName(webPods(ns, NAME).get(0).getMetadata().getName())
              .inContainer("mathesar")
              .redirectingOutput()
              .exec("printenv", variable);
      assertThat(seen.exitCode().get(30, TimeUnit.SECONDS)).isZero();
      var value = new String(seen.getOutput().readAllBytes(), StandardCharsets.UTF_8).trim();
      assertThat(value).as(variable + " in a new pod").isEqualTo(expected);
      var sets = staticSets(ns);
      var assets = staticAssetsServed(new MathesarWeb(endpoint));
      report(
          "scale",
          change
              + " rolled both "
              + accessMode
              + " pods in "
              + rolled.toSeconds()
              + " s; the new pods read "
              + variable
              + "=\""
              + value
              + "\"; login page polled every 250 ms: "
              + poller
              + (endpoint.forwarded()
                  ? " (port-forward: follows one pod)"
                  : " (through the ClusterIP)")
              + "; static files: "
              + sets
              + ", "
              + assets
              + " assets of the login page served");
      assertNoFailedRequests(endpoint, poller, change);
    }
  }

  /**
   * What each web pod's collect-static said. The instance's first pod collected its image's set;
   * every pod of a roll (one image, pods started one after the other) uses that set.
   */
  private static List<String> staticSets(String ns) {
    var lines = new ArrayList<String>();
    for (var pod : webPods(ns, NAME)) {
      var log =
          client()
              .pods()
              .inNamespace(ns)
              .withName(pod.getMetadata().getName())
              .inContainer("collect-static")
              .getLog();
      var line =
          log.lines().filter(l -> l.startsWith("static files: ")).findFirst().orElse(log.strip());
      assertThat(line)
          .as("collect-static of " + pod.getMetadata().getName())
          .matches("static files: set [0-9a-f]{16} on the media volume \\(used, collected .*\\)");
      lines.add(line.substring("static files: ".length()));
    }
    assertThat(lines.stream().map(l -> l.substring(0, "set ".length() + 16)).distinct())
        .as("one set for the pods of one image")
        .hasSize(1);
    return lines;
  }

  /** Each /static/ path the login page names answers 200 with a body: the links resolve. */
  private static int staticAssetsServed(MathesarWeb web) throws Exception {
    var page = web.get("/auth/login/");
    var paths =
        java.util.regex.Pattern.compile("(/static/[^\"'?#\\s]+)")
            .matcher(page.body())
            .results()
            .map(r -> r.group(1))
            .distinct()
            .toList();
    assertThat(paths).as("static files named by the login page").isNotEmpty();
    for (var path : paths) {
      var asset = web.get(path);
      assertThat(asset.statusCode()).as(path).isEqualTo(200);
      assertThat(asset.body()).as(path).isNotEmpty();
    }
    return paths.size();
  }

  private static GenericKubernetesResource budget(String ns) {
    for (var version : List.of("policy/v1", "policy/v1beta1")) {
      if (client().supports(version, "PodDisruptionBudget")) {
        return client()
            .genericKubernetesResources(version, "PodDisruptionBudget")
            .inNamespace(ns)
            .withName(NAME)
            .get();
      }
    }
    throw new IllegalStateException("no PodDisruptionBudget API served");
  }

  private static int disruptionsAllowed(String ns) {
    var pdb = budget(ns);
    var allowed = pdb == null ? null : (Object) pdb.get("status", "disruptionsAllowed");
    return allowed instanceof Number n ? n.intValue() : -1;
  }

  /** The kubectl next to the cluster's binaries (our own cluster) or on PATH (kind). */
  private static void kubectl(String... args) throws IOException, InterruptedException {
    var beside =
        Path.of(System.getProperty("user.home"), ".kubeapitest/k8s/1.20.2-linux-amd64/kubectl");
    var command = new ArrayList<String>();
    command.add(
        System.getProperty(
            "e2e.kubectl", Files.isExecutable(beside) ? beside.toString() : "kubectl"));
    command.addAll(List.of(args));
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
  }
}
