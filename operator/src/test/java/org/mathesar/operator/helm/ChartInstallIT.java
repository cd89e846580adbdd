package org.mathesar.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mathesar.operator.helm.Charts.CRD_PERMISSIONS;
import static org.mathesar.operator.helm.Charts.LEASE_PERMISSIONS;
import static org.mathesar.operator.helm.Charts.NAMESPACED_PERMISSIONS;
import static org.mathesar.operator.helm.Charts.permissions;
import static org.mathesar.operator.helm.Charts.union;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.marcnuri.helm.Helm;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectorBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mathesar.operator.MathesarOperator;
import org.mathesar.operator.config.OperatorConfig;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.it.OperatorTestBase;
import org.slf4j.LoggerFactory;

/**
 * Installs the chart into a real kube-apiserver (RBAC authorization on, as kube-api-test always
 * starts it) and runs the operator in-process as the chart's ServiceAccount (impersonation), so a
 * missing rule shows up as a 403. Then takes single rules away to show each one is needed.
 *
 * <p>The operator in {@link #operatorReconcilesWithTheChartsRbac} runs with the chart's leader
 * election. Elsewhere it runs without: MathesarOperator halts the JVM when it loses its Lease, so
 * the missing-"patch" case uses fabric8's LeaderElector (what JOSDK runs) directly.
 */
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
class ChartInstallIT {
  private static final String RELEASE = "mathesar-operator";
  private static final String RELEASE_NAMESPACE = "mathesar-system";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  @KubeConfig static String kubeConfigYaml;
  @TempDir static Path tmp;

  private static Path kubeConfigFile;
  private static KubernetesClient admin;
  private static KubernetesClient operatorClient;
  private static List<PolicyRule> installedClusterRules;
  private static List<PolicyRule> installedLeaseRules;
  private static String revoked;
  private MathesarOperator running;

  @BeforeAll
  static void installChart() throws IOException {
    // Each test starts and stops operators of its own. A JOSDK reschedule timer of a stopped one
    // can still fire into its terminated executor (RejectedExecutionException in a Timer thread),
    // which Awaitility would pin on whichever test awaits then; what these tests assert is read
    // from the API.
    Awaitility.doNotCatchUncaughtExceptionsByDefault();
    kubeConfigFile = Files.writeString(tmp.resolve("kubeconfig"), kubeConfigYaml);
    admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeConfigYaml)).build();
    var release =
        new Helm(Charts.CHART)
            .install()
            .withName(RELEASE)
            .withNamespace(RELEASE_NAMESPACE)
            .createNamespace()
            .withKubeConfig(kubeConfigFile)
            .call();
    assertThat(release.getStatus()).isEqualTo("deployed");
    operatorClient = impersonating(RELEASE_NAMESPACE, RELEASE);
    installedClusterRules = clusterRole().get().getRules();
    installedLeaseRules = leaseRole().get().getRules();
  }

  @AfterAll
  static void close() {
    Awaitility.reset();
    if (operatorClient != null) {
      operatorClient.close();
    }
    if (admin != null) {
      admin.close();
    }
  }

  @AfterEach
  void stopOperatorAndRestoreRbac() {
    if (running != null) {
      running.close();
      running = null;
    }
    if (!clusterRole().get().getRules().equals(installedClusterRules)) {
      clusterRole()
          .edit(
              r -> {
                r.setRules(installedClusterRules);
                return r;
              });
    }
    if (!leaseRole().get().getRules().equals(installedLeaseRules)) {
      leaseRole()
          .edit(
              r -> {
                r.setRules(installedLeaseRules);
                return r;
              });
    }
    if (revoked != null) {
      var permission = revoked;
      revoked = null;
      await().atMost(TIMEOUT).until(() -> allowed(permission));
    }
  }

  @Test
  void installCreatesServiceAccountRbacDeploymentAndCrd() {
    assertThat(admin.serviceAccounts().inNamespace(RELEASE_NAMESPACE).withName(RELEASE).get())
        .isNotNull();
    assertThat(permissions(clusterRole().get().getRules()))
        .isEqualTo(union(NAMESPACED_PERMISSIONS, CRD_PERMISSIONS));
    var binding = admin.rbac().clusterRoleBindings().withName(RELEASE).get();
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getName()).isEqualTo(RELEASE);
              assertThat(s.getNamespace()).isEqualTo(RELEASE_NAMESPACE);
            });
    assertThat(permissions(leaseRole().get().getRules())).isEqualTo(LEASE_PERMISSIONS);
    assertThat(admin.apps().deployments().inNamespace(RELEASE_NAMESPACE).withName(RELEASE).get())
        .isNotNull();
    assertThat(admin.services().inNamespace(RELEASE_NAMESPACE).withName(RELEASE + "-metrics").get())
        .isNotNull();

    // The CRDs of the chart's crds/ (Mathesar, MathesarDatabase, MathesarBackup), each established.
    assertThat(Charts.CRD_FILES.values())
        .containsExactlyInAnyOrder(
            "mathesars.mathesar.org",
            "mathesardatabases.mathesar.org",
            "mathesarbackups.mathesar.org");
    for (var name : Charts.CRD_FILES.values()) {
      var crd = admin.apiextensions().v1().customResourceDefinitions().withName(name).get();
      assertThat(crd).as(name).isNotNull();
      assertThat(crd.getStatus().getConditions())
          .as("%s conditions", name)
          .anySatisfy(
              c -> {
                assertThat(c.getType()).isEqualTo("Established");
                assertThat(c.getStatus()).isEqualTo("True");
              });
    }
  }

  /**
   * The configuration the chart's Deployment gives the operator (all namespaces, leader election in
   * the release namespace), run as the chart's ServiceAccount: it leads, renews its Lease and
   * reconciles, and nothing at all is refused.
   */
  @Test
  void operatorReconcilesWithTheChartsRbac() {
    var env = chartEnv(RELEASE_NAMESPACE, RELEASE);
    env.put("HTTP_PORT", "0");
    var config = OperatorConfig.fromMap(env);
    assertThat(config.watchesAllNamespaces()).isTrue();
    assertThat(config.leaderElection()).isTrue();
    assertThat(config.leaderElectionNamespace()).isEqualTo(RELEASE_NAMESPACE);
    var lease =
        admin.leases().inNamespace(RELEASE_NAMESPACE).withName(config.leaderElectionLeaseName());

    var log = captureLogs();
    try {
      running = start(config);
      await()
          .atMost(TIMEOUT)
          .until(
              () ->
                  lease.get() != null
                      && config
                          .leaderElectionIdentity()
                          .equals(lease.get().getSpec().getHolderIdentity()));
      var acquired = lease.get().getSpec().getRenewTime();

      var ns = newNamespace();
      createMathesar(ns, "mathesar");
      awaitMathesar(
          ns,
          "mathesar",
          m ->
              hasConditions(m)
                  && observed(m)
                  && admin.apps().deployments().inNamespace(ns).withName("mathesar").get() != null);
      assertThat(admin.services().inNamespace(ns).withName("mathesar").get()).isNotNull();
      assertThat(admin.secrets().inNamespace(ns).withName("mathesar-secret-key").get()).isNotNull();
      assertThat(admin.persistentVolumeClaims().inNamespace(ns).withName("mathesar-media").get())
          .isNotNull();

      // Renewing the Lease (fabric8: a merge patch) works too.
      await().atMost(TIMEOUT).until(() -> !lease.get().getSpec().getRenewTime().equals(acquired));
      assertThat(lease.get().getSpec().getHolderIdentity())
          .isEqualTo(config.leaderElectionIdentity());
    } finally {
      rootLogger().detachAppender(log);
    }
    // Not even a swallowed one (an Event the operator could not record, say).
    assertThat(log.list).noneMatch(ChartInstallIT::forbidden);
  }

  private static ch.qos.logback.classic.Logger rootLogger() {
    return (ch.qos.logback.classic.Logger)
        LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  private static ListAppender<ILoggingEvent> captureLogs() {
    var appender = new ListAppender<ILoggingEvent>();
    appender.start();
    rootLogger().addAppender(appender);
    return appender;
  }

  private static boolean forbidden(ILoggingEvent event) {
    var text = new StringBuilder(event.getFormattedMessage());
    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
      text.append('\n').append(t.getMessage());
    }
    return text.toString().contains("forbidden") || text.toString().contains("code=403");
  }

  /**
   * The Lease rules are in the release namespace only; they are what JOSDK's start-up check looks
   * for.
   */
  @Test
  void leaseRulesAreInTheReleaseNamespaceOnly() {
    assertThat(leaseVerbs(RELEASE_NAMESPACE))
        .containsExactlyInAnyOrder("get", "create", "update", "patch");
    assertThat(leaseVerbs(newNamespace())).isEmpty();
    assertThat(leaseVerbs("kube-system")).isEmpty();
  }

  /**
   * fabric8's LeaderElector as JOSDK runs it, as the chart's ServiceAccount, with short timings;
   * used where MathesarOperator itself would halt the JVM on losing its Lease.
   */
  private static final class Election implements AutoCloseable {
    static final String IDENTITY = "chart-install-it";
    final AtomicBoolean leading = new AtomicBoolean();
    final AtomicBoolean stoppedLeading = new AtomicBoolean();
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final CompletableFuture<?> future;

    Election(String leaseName) {
      var elector =
          new LeaderElectorBuilder(operatorClient, executor)
              .withConfig(
                  new LeaderElectionConfig(
                      new LeaseLock(RELEASE_NAMESPACE, leaseName, IDENTITY),
                      Duration.ofSeconds(4),
                      Duration.ofSeconds(3),
                      Duration.ofMillis(250),
                      new LeaderCallbacks(
                          () -> leading.set(true), () -> stoppedLeading.set(true), id -> {}),
                      false,
                      leaseName))
              .build();
      future = elector.start();
    }

    @Override
    public void close() {
      future.cancel(true);
      executor.shutdownNow();
    }
  }

  /**
   * watchNamespaces: a Role per namespace is enough for the operator, and it can read nothing else.
   */
  @Test
  void namespacedInstallIsEnoughForItsNamespacesAndNoMore() throws IOException {
    var watched = newNamespace();
    var releaseNamespace = "team-ops";
    var values =
        Files.writeString(tmp.resolve("namespaced.yaml"), "watchNamespaces: [" + watched + "]\n");
    var release =
        new Helm(Charts.CHART)
            .install()
            .withName("team")
            .withNamespace(releaseNamespace)
            .createNamespace()
            .withValuesFile(values)
            .withKubeConfig(kubeConfigFile)
            .call();
    assertThat(release.getStatus()).isEqualTo("deployed");
    var sa = "team-mathesar-operator";
    assertThat(admin.rbac().roles().inNamespace(watched).withName(sa).get()).isNotNull();

    var config = chartConfig(releaseNamespace, sa);
    assertThat(config.watchNamespaces()).containsExactly(watched);
    try (var client = impersonating(releaseNamespace, sa)) {
      running = new MathesarOperator(client, inProcessConfig(releaseNamespace, sa, null));
      running.start();
      createMathesar(watched, "mathesar");
      awaitMathesar(
          watched,
          "mathesar",
          m ->
              hasConditions(m)
                  && observed(m)
                  && admin.apps().deployments().inNamespace(watched).withName("mathesar").get()
                      != null);
      running.close();
      running = null;
    }

    var elsewhere = newNamespace();
    for (var verb : List.of("get", "list", "create")) {
      assertThat(allowed(releaseNamespace, sa, elsewhere, "", "secrets", verb))
          .as("secrets %s elsewhere", verb)
          .isFalse();
      assertThat(allowed(releaseNamespace, sa, watched, "", "secrets", verb))
          .as("secrets %s in %s", verb, watched)
          .isTrue();
    }
    assertThat(allowed(releaseNamespace, sa, null, "", "secrets", "list"))
        .as("secrets list cluster-wide")
        .isFalse();
    assertThat(
            allowed(
                releaseNamespace,
                sa,
                null,
                "apiextensions.k8s.io",
                "customresourcedefinitions",
                "get"))
        .isTrue();
  }

  // ---- least privilege: each of these rules is needed ----

  static Stream<Arguments> rulesTheOperatorNeeds() {
    return Stream.of(
        Arguments.of(
            "apps/deployments:create",
            (Consumer<String>) ChartInstallIT::expectApplyFailedWithoutDeployment),
        Arguments.of(
            "core/secrets:create",
            (Consumer<String>) ChartInstallIT::expectApplyFailedWithoutSecretKey),
        Arguments.of(
            "batch/jobs:create", (Consumer<String>) ChartInstallIT::expectApplyFailedWithoutJobs),
        Arguments.of(
            "mathesar.org/mathesars/status:patch",
            (Consumer<String>) ChartInstallIT::expectNoStatus),
        Arguments.of(
            "mathesar.org/mathesars:list", (Consumer<String>) ns -> expectStartToFail("mathesars")),
        Arguments.of(
            "mathesar.org/mathesardatabases:list",
            (Consumer<String>) ns -> expectStartToFail("mathesardatabases")),
        Arguments.of(
            "mathesar.org/mathesarbackups:list",
            (Consumer<String>) ns -> expectStartToFail("mathesarbackups")),
        Arguments.of(
            "coordination.k8s.io/leases:update",
            (Consumer<String>) ChartInstallIT::expectLeaderElectionToRefuse),
        Arguments.of(
            "coordination.k8s.io/leases:patch",
            (Consumer<String>) ChartInstallIT::expectLeadershipToBeLost));
  }

  @ParameterizedTest(name = "without {0}")
  @MethodSource("rulesTheOperatorNeeds")
  void withoutOneRuleTheOperatorFails(String permission, Consumer<String> expectation) {
    revoke(permission);
    expectation.accept(newNamespace());
  }

  private static void expectApplyFailedWithoutDeployment(String ns) {
    var op = startCase(ns);
    try {
      createMathesar(ns, "mathesar");
      var m = awaitMathesar(ns, "mathesar", x -> condition(x, "Degraded", "True", "ApplyFailed"));
      assertThat(find(m, "Degraded").getMessage())
          .contains("deployments.apps \"mathesar\" is forbidden");
      assertThat(admin.apps().deployments().inNamespace(ns).withName("mathesar").get()).isNull();
    } finally {
      op.close();
    }
  }

  private static void expectApplyFailedWithoutSecretKey(String ns) {
    var op = startCase(ns);
    try {
      createMathesar(ns, "mathesar");
      var m = awaitMathesar(ns, "mathesar", x -> condition(x, "Degraded", "True", "ApplyFailed"));
      assertThat(find(m, "Degraded").getMessage())
          .contains("secrets \"mathesar-secret-key\" is forbidden");
      assertThat(admin.secrets().inNamespace(ns).withName("mathesar-secret-key").get()).isNull();
      assertThat(admin.apps().deployments().inNamespace(ns).withName("mathesar").get()).isNull();
    } finally {
      op.close();
    }
  }

  private static void expectApplyFailedWithoutJobs(String ns) {
    var op = startCase(ns);
    try {
      createMathesar(ns, "mathesar");
      var m = awaitMathesar(ns, "mathesar", x -> condition(x, "Degraded", "True", "ApplyFailed"));
      assertThat(find(m, "Degraded").getMessage()).contains("jobs.batch").contains("is forbidden");
      assertThat(admin.batch().v1().jobs().inNamespace(ns).list().getItems()).isEmpty();
      assertThat(admin.apps().deployments().inNamespace(ns).withName("mathesar").get()).isNull();
    } finally {
      op.close();
    }
  }

  private static void expectNoStatus(String ns) {
    var op = startCase(ns);
    try {
      createMathesar(ns, "mathesar");
      // It applies the first objects, then fails writing status; nothing else can write it.
      await()
          .atMost(TIMEOUT)
          .until(
              () ->
                  failedReconciliations(op) > 0
                      && admin.secrets().inNamespace(ns).withName("mathesar-secret-key").get()
                          != null);
      var status = mathesars(ns).withName("mathesar").get().getStatus();
      assertThat(status == null || status.getConditions().isEmpty())
          .as("no status written: %s", status)
          .isTrue();
    } finally {
      op.close();
    }
  }

  /**
   * Without listing a primary resource (Mathesar or MathesarDatabase), its informer and so the
   * operator cannot start.
   */
  private static void expectStartToFail(String resource) {
    var op =
        new MathesarOperator(operatorClient, inProcessConfig(RELEASE_NAMESPACE, RELEASE, null));
    try {
      assertThatThrownBy(op::start)
          .hasStackTraceContaining("cannot list resource \"" + resource + "\"");
    } finally {
      op.close();
    }
  }

  private static void expectLeaderElectionToRefuse(String ns) {
    // JOSDK checks the Lease verbs before it starts electing, so this never becomes leader (and
    // never calls System.exit when stopped).
    var env = chartEnv(RELEASE_NAMESPACE, RELEASE);
    env.put("HTTP_PORT", "0");
    env.put("WATCH_NAMESPACES", ns);
    var op = new MathesarOperator(operatorClient, OperatorConfig.fromMap(env));
    try {
      assertThatThrownBy(op::start).hasStackTraceContaining("missing required verbs: [update]");
    } finally {
      op.close();
    }
  }

  private static void expectLeadershipToBeLost(String ns) {
    // Creating the Lease works, renewing it does not: JOSDK would then exit the process.
    try (var election = new Election("lease-" + ns)) {
      await().atMost(TIMEOUT).untilTrue(election.leading);
      await().atMost(TIMEOUT).untilTrue(election.stoppedLeading);
    }
  }

  private static MathesarOperator startCase(String ns) {
    var op = new MathesarOperator(operatorClient, inProcessConfig(RELEASE_NAMESPACE, RELEASE, ns));
    op.start();
    return op;
  }

  /**
   * Takes one verb away from the installed ClusterRole (or the Lease Role) and waits until the API
   * server enforces it.
   */
  private static void revoke(String permission) {
    assertThat(union(union(NAMESPACED_PERMISSIONS, CRD_PERMISSIONS), LEASE_PERMISSIONS))
        .contains(permission);
    revoked = permission;
    if (LEASE_PERMISSIONS.contains(permission)) {
      leaseRole()
          .edit(
              r -> {
                r.setRules(without(r.getRules(), permission));
                return r;
              });
    } else {
      clusterRole()
          .edit(
              r -> {
                r.setRules(without(r.getRules(), permission));
                return r;
              });
    }
    await().atMost(TIMEOUT).until(() -> !allowed(permission));
  }

  /**
   * Whether the chart's ServiceAccount may do "group/resource[/subresource]:verb" (in the release
   * namespace).
   */
  private static boolean allowed(String permission) {
    var group = permission.substring(0, permission.indexOf('/'));
    var resource = permission.substring(permission.indexOf('/') + 1, permission.indexOf(':'));
    var verb = permission.substring(permission.indexOf(':') + 1);
    return allowed(
        RELEASE_NAMESPACE,
        RELEASE,
        RELEASE_NAMESPACE,
        group.equals("core") ? "" : group,
        resource,
        verb);
  }

  /** The rules regrouped one per group and resource, minus one permission. */
  private static List<PolicyRule> without(List<PolicyRule> rules, String permission) {
    var remaining = new TreeSet<>(permissions(rules));
    assertThat(remaining.remove(permission))
        .as("%s is in the installed rules", permission)
        .isTrue();
    var verbsByResource = new TreeMap<String, List<String>>();
    for (var p : remaining) {
      verbsByResource
          .computeIfAbsent(p.substring(0, p.indexOf(':')), k -> new ArrayList<>())
          .add(p.substring(p.indexOf(':') + 1));
    }
    var result = new ArrayList<PolicyRule>();
    verbsByResource.forEach(
        (groupResource, verbs) -> {
          var group = groupResource.substring(0, groupResource.indexOf('/'));
          result.add(
              new PolicyRuleBuilder()
                  .withApiGroups(group.equals("core") ? "" : group)
                  .withResources(groupResource.substring(groupResource.indexOf('/') + 1))
                  .withVerbs(verbs)
                  .build());
        });
    return result;
  }

  // ---- helpers ----

  private static Resource<ClusterRole> clusterRole() {
    return admin.rbac().clusterRoles().withName(RELEASE);
  }

  private static Resource<Role> leaseRole() {
    return admin
        .rbac()
        .roles()
        .inNamespace(RELEASE_NAMESPACE)
        .withName(RELEASE + "-leader-election");
  }

  /** A client that acts as the chart's ServiceAccount, as the operator pod would. */
  private static KubernetesClient impersonating(String namespace, String serviceAccount) {
    var config = Config.fromKubeconfig(kubeConfigYaml);
    config.setImpersonateUsername("system:serviceaccount:" + namespace + ":" + serviceAccount);
    config.setImpersonateGroups(
        "system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated");
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /**
   * The environment the installed Deployment gives the operator container (downward API resolved).
   */
  private static Map<String, String> chartEnv(String namespace, String name) {
    Deployment deployment = admin.apps().deployments().inNamespace(namespace).withName(name).get();
    var env = new HashMap<String, String>();
    for (EnvVar e : deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
      if (e.getValueFrom() != null) {
        // The downward API, as the kubelet would fill it in.
        var field = e.getValueFrom().getFieldRef().getFieldPath();
        assertThat(field).isIn("metadata.namespace", "metadata.name");
        env.put(
            e.getName(),
            field.equals("metadata.namespace") ? namespace : name + "-7d9f8b6c5-x2x4q");
      } else {
        env.put(e.getName(), e.getValue());
      }
    }
    return env;
  }

  private static OperatorConfig chartConfig(String namespace, String name) {
    return OperatorConfig.fromMap(chartEnv(namespace, name));
  }

  /**
   * The chart's configuration without HTTP server and leader election, optionally watching one
   * namespace.
   */
  private static OperatorConfig inProcessConfig(String namespace, String name, String watchOnly) {
    var env = chartEnv(namespace, name);
    env.put("HTTP_PORT", "0");
    env.put("LEADER_ELECTION", "false");
    if (watchOnly != null) {
      env.put("WATCH_NAMESPACES", watchOnly);
    }
    return OperatorConfig.fromMap(env);
  }

  private MathesarOperator start(OperatorConfig config) {
    var op = new MathesarOperator(operatorClient, config);
    op.start();
    return op;
  }

  private static boolean allowed(
      String saNamespace, String sa, String namespace, String group, String resource, String verb) {
    var subresource = resource.contains("/") ? resource.substring(resource.indexOf('/') + 1) : null;
    var review =
        new SubjectAccessReviewBuilder()
            .withNewSpec()
            .withUser("system:serviceaccount:" + saNamespace + ":" + sa)
            .withGroups(
                "system:serviceaccounts",
                "system:serviceaccounts:" + saNamespace,
                "system:authenticated")
            .withResourceAttributes(
                new ResourceAttributesBuilder()
                    .withNamespace(namespace)
                    .withGroup(group)
                    .withVerb(verb)
                    .withResource(
                        subresource == null
                            ? resource
                            : resource.substring(0, resource.indexOf('/')))
                    .withSubresource(subresource)
                    .build())
            .endSpec()
            .build();
    return admin.authorization().v1().subjectAccessReview().create(review).getStatus().getAllowed();
  }

  private static Set<String> leaseVerbs(String namespace) {
    var review =
        operatorClient
            .resource(
                new SelfSubjectRulesReviewBuilder()
                    .withNewSpec()
                    .withNamespace(namespace)
                    .endSpec()
                    .build())
            .create();
    var verbs = new TreeSet<String>();
    review.getStatus().getResourceRules().stream()
        .filter(
            r -> r.getApiGroups().contains("coordination.k8s.io") || r.getApiGroups().contains("*"))
        .filter(r -> r.getResources().contains("leases") || r.getResources().contains("*"))
        .forEach(r -> verbs.addAll(r.getVerbs()));
    return verbs;
  }

  private static double failedReconciliations(MathesarOperator op) {
    return op.registry().find("operator.sdk.reconciliations.failed").counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  private static String newNamespace() {
    var name =
        "chart-"
            + NAMESPACES.incrementAndGet()
            + "-"
            + Long.toHexString(System.nanoTime() & 0xffffff);
    admin
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  private static NonNamespaceOperation<
          Mathesar, KubernetesResourceList<Mathesar>, Resource<Mathesar>>
      mathesars(String ns) {
    return admin.resources(Mathesar.class).inNamespace(ns);
  }

  /**
   * A credentials Secret and a minimal valid Mathesar (an external database), as a user would apply
   * them.
   */
  private static void createMathesar(String ns, String name) {
    admin
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name + "-db")
                .withNamespace(ns)
                .endMetadata()
                .withStringData(Map.of("username", "mathesar", "password", "s3cr3t-db-password"))
                .build())
        .create();
    var m = OperatorTestBase.mathesar(ns, name, name + "-db");
    admin.resource(m).create();
  }

  private static Mathesar awaitMathesar(String ns, String name, Predicate<Mathesar> condition) {
    try {
      await()
          .atMost(TIMEOUT)
          .until(
              () -> {
                finishJobs(ns);
                var m = mathesars(ns).withName(name).get();
                return m != null && condition.test(m);
              });
    } catch (ConditionTimeoutException e) {
      var last = mathesars(ns).withName(name).get();
      throw new AssertionError(
          "condition not met; last status: "
              + (last == null
                  ? "(none)"
                  : admin.getKubernetesSerialization().asYaml(last.getStatus())),
          e);
    }
    return mathesars(ns).withName(name).get();
  }

  /**
   * Plays the Job controller (there is none in the test server): every Job the operator made in the
   * namespace (migration, first admin) ran to completion.
   */
  private static void finishJobs(String ns) {
    for (var job : admin.batch().v1().jobs().inNamespace(ns).list().getItems()) {
      if (job.getStatus() != null && job.getStatus().getCompletionTime() != null) {
        continue;
      }
      var now = Instant.now().toString();
      job.setStatus(
          new JobStatusBuilder()
              .withStartTime(now)
              .withSucceeded(1)
              .withCompletionTime(now)
              .addNewCondition()
              .withType("Complete")
              .withStatus("True")
              .withLastProbeTime(now)
              .withLastTransitionTime(now)
              .endCondition()
              .build());
      job.getMetadata().setResourceVersion(null);
      admin.resource(job).updateStatus();
    }
  }

  private static boolean hasConditions(Mathesar m) {
    return m.getStatus() != null && !m.getStatus().getConditions().isEmpty();
  }

  private static boolean observed(Mathesar m) {
    return m.getMetadata().getGeneration().equals(m.getStatus().getObservedGeneration());
  }

  private static Condition find(Mathesar m, String type) {
    return m.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }

  private static boolean condition(Mathesar m, String type, String status, String reason) {
    return hasConditions(m)
        && m.getStatus().getConditions().stream()
            .anyMatch(
                c ->
                    type.equals(c.getType())
                        && status.equals(c.getStatus())
                        && reason.equals(c.getReason()));
  }
}
