package org.mathesar.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.mathesar.operator.helm.Charts.CRD_PERMISSIONS;
import static org.mathesar.operator.helm.Charts.LEASE_PERMISSIONS;
import static org.mathesar.operator.helm.Charts.NAMESPACED_PERMISSIONS;
import static org.mathesar.operator.helm.Charts.named;
import static org.mathesar.operator.helm.Charts.ofKind;
import static org.mathesar.operator.helm.Charts.permissions;
import static org.mathesar.operator.helm.Charts.single;
import static org.mathesar.operator.helm.Charts.union;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** `helm template` with various values, checked on the parsed objects. */
class ChartTemplateTest {
  private static final String RELEASE = "mathesar-operator";
  private static final String NAMESPACE = "mathesar-system";

  @TempDir Path tmp;

  private List<HasMetadata> render(String valuesYaml) throws IOException {
    var template = new Helm(Charts.CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
    if (valuesYaml != null) {
      var values = Files.writeString(Files.createTempFile(tmp, "values", ".yaml"), valuesYaml);
      template.withValuesFile(values);
    }
    return Charts.parse(template.call());
  }

  private static Map<String, EnvVar> env(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .collect(
            Collectors.toMap(
                EnvVar::getName,
                e -> e,
                (a, b) -> {
                  throw new AssertionError("duplicate env " + a);
                },
                LinkedHashMap::new));
  }

  private static String value(Map<String, EnvVar> env, String name) {
    assertThat(env).containsKey(name);
    return env.get(name).getValue();
  }

  private static Subject operatorServiceAccount() {
    return new io.fabric8.kubernetes.api.model.rbac.SubjectBuilder()
        .withKind("ServiceAccount")
        .withName(RELEASE)
        .withNamespace(NAMESPACE)
        .build();
  }

  @Test
  void defaultValuesWatchAllNamespacesWithAClusterRole() throws IOException {
    var objects = render(null);

    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .containsExactlyInAnyOrder(
            "ServiceAccount",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "Service",
            "Deployment");
    // CRDs come from crds/, which `helm template` leaves out (helm install applies them first).
    assertThat(ofKind(objects, "CustomResourceDefinition")).isEmpty();

    var sa = single(objects, ServiceAccount.class);
    assertThat(sa.getMetadata().getName()).isEqualTo(RELEASE);
    assertThat(sa.getMetadata().getNamespace()).isEqualTo(NAMESPACE);

    // Cluster-wide: exactly the rules, without the Lease.
    var clusterRole = single(objects, ClusterRole.class);
    assertThat(permissions(clusterRole.getRules()))
        .isEqualTo(union(NAMESPACED_PERMISSIONS, CRD_PERMISSIONS));
    var binding = single(objects, ClusterRoleBinding.class);
    assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(binding.getRoleRef().getName()).isEqualTo(clusterRole.getMetadata().getName());
    assertThat(binding.getSubjects()).containsExactly(operatorServiceAccount());

    // The Lease, in the release namespace only.
    var leaseRole = single(objects, Role.class);
    assertThat(leaseRole.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(permissions(leaseRole.getRules())).isEqualTo(LEASE_PERMISSIONS);
    var leaseBinding = single(objects, RoleBinding.class);
    assertThat(leaseBinding.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(leaseBinding.getRoleRef().getName()).isEqualTo(leaseRole.getMetadata().getName());
    assertThat(leaseBinding.getSubjects()).containsExactly(operatorServiceAccount());

    var deployment = single(objects, Deployment.class);
    assertThat(deployment.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    var pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo(sa.getMetadata().getName());
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
    assertThat(pod.getContainers()).hasSize(1);
    var container = pod.getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("ghcr.io/mathesar-operator/mathesar-operator:0.1.0");
    assertThat(container.getImagePullPolicy()).isEqualTo("IfNotPresent");

    var env = env(deployment);
    assertThat(value(env, "WATCH_NAMESPACES")).isEmpty();
    assertThat(value(env, "MATHESAR_DEFAULT_VERSION")).isEqualTo("0.11.0");
    assertThat(value(env, "MATHESAR_IMAGE_REPOSITORY")).isEqualTo("mathesar/mathesar");
    assertThat(value(env, "HTTP_PORT")).isEqualTo("8080");
    assertThat(value(env, "LEADER_ELECTION")).isEqualTo("true");
    assertThat(env.get("LEADER_ELECTION_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.namespace");
    assertThat(value(env, "LEADER_ELECTION_LEASE_NAME")).isEqualTo(RELEASE + "-lock");
    assertThat(value(env, "LEADER_ELECTION_LEASE_SECONDS")).isEqualTo("15");
    assertThat(env.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.name");
    assertThat(value(env, "POLL_SECONDS")).isEqualTo("15");
    assertThat(value(env, "LOG_LEVEL")).isEqualTo("INFO");
    assertThat(value(env, "LOG_FORMAT")).isEqualTo("json");

    assertThat(container.getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("http-metrics");
              assertThat(p.getContainerPort()).isEqualTo(8080);
              assertThat(p.getProtocol()).isEqualTo("TCP");
            });
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal())
        .isEqualTo("http-metrics");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal())
        .isEqualTo("http-metrics");

    var podSecurity = pod.getSecurityContext();
    assertThat(podSecurity.getRunAsNonRoot()).isTrue();
    assertThat(podSecurity.getRunAsUser()).isEqualTo(65532L);
    assertThat(podSecurity.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var security = container.getSecurityContext();
    assertThat(security.getRunAsNonRoot()).isTrue();
    assertThat(security.getRunAsUser()).isEqualTo(65532L);
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(security.getCapabilities().getAdd()).isEmpty();
    assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(security.getPrivileged()).isNull();

    assertThat(container.getVolumeMounts())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.getMountPath()).isEqualTo("/tmp");
              assertThat(m.getReadOnly()).isNotEqualTo(Boolean.TRUE);
              assertThat(pod.getVolumes())
                  .filteredOn(v -> v.getName().equals(m.getName()))
                  .singleElement()
                  .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
            });
    assertThat(container.getResources().getLimits()).containsKey("memory");

    var service = single(objects, Service.class);
    assertThat(service.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("http-metrics");
              assertThat(p.getPort()).isEqualTo(8080);
              assertThat(p.getTargetPort().getStrVal()).isEqualTo("http-metrics");
              assertThat(p.getProtocol()).isEqualTo("TCP");
            });
  }

  @Test
  void watchedNamespacesGetARoleEachAndNoClusterWideWrites() throws IOException {
    var objects = render("watchNamespaces: [team-a, team-b]\n");

    var roles = ofKind(objects, Role.class);
    var byNamespace =
        roles.stream()
            .filter(r -> !r.getMetadata().getName().endsWith("-leader-election"))
            .collect(Collectors.toMap(r -> r.getMetadata().getNamespace(), r -> r));
    assertThat(byNamespace).containsOnlyKeys("team-a", "team-b");
    byNamespace
        .values()
        .forEach(r -> assertThat(permissions(r.getRules())).isEqualTo(NAMESPACED_PERMISSIONS));

    var bindings =
        ofKind(objects, RoleBinding.class).stream()
            .filter(b -> !b.getMetadata().getName().endsWith("-leader-election"))
            .toList();
    assertThat(bindings)
        .extracting(b -> b.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("team-a", "team-b");
    bindings.forEach(
        b -> {
          assertThat(b.getRoleRef().getKind()).isEqualTo("Role");
          assertThat(b.getRoleRef().getName())
              .isEqualTo(byNamespace.get(b.getMetadata().getNamespace()).getMetadata().getName());
          // The ServiceAccount stays in the release namespace.
          assertThat(b.getSubjects()).containsExactly(operatorServiceAccount());
        });

    // Only reading CRDs (cluster-scoped, a Role cannot grant it) remains cluster-wide.
    var clusterRole = single(objects, ClusterRole.class);
    assertThat(permissions(clusterRole.getRules())).isEqualTo(CRD_PERMISSIONS);
    var clusterBinding = single(objects, ClusterRoleBinding.class);
    assertThat(clusterBinding.getRoleRef().getName())
        .isEqualTo(clusterRole.getMetadata().getName());
    assertThat(clusterBinding.getSubjects()).containsExactly(operatorServiceAccount());

    // The Lease rule is in the release namespace, not in the watched ones.
    var leaseRole = named(objects, Role.class, RELEASE + "-leader-election").orElseThrow();
    assertThat(leaseRole.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(permissions(leaseRole.getRules())).isEqualTo(LEASE_PERMISSIONS);
    assertThat(
            named(objects, RoleBinding.class, RELEASE + "-leader-election")
                .orElseThrow()
                .getMetadata()
                .getNamespace())
        .isEqualTo(NAMESPACE);

    var env = env(single(objects, Deployment.class));
    assertThat(value(env, "WATCH_NAMESPACES")).isEqualTo("team-a,team-b");
  }

  @Test
  void severalReplicasNeedLeaderElection() throws IOException {
    assertThat(single(render("replicas: 3\n"), Deployment.class).getSpec().getReplicas())
        .isEqualTo(3);
    assertThat(
            single(render("replicas: 1\nleaderElection:\n  enabled: false\n"), Deployment.class)
                .getSpec()
                .getReplicas())
        .isEqualTo(1);
  }

  @Test
  void leaderElectionOffDropsTheLeaseRoleAndEnv() throws IOException {
    var objects = render("leaderElection:\n  enabled: false\n");
    assertThat(ofKind(objects, Role.class)).isEmpty();
    assertThat(ofKind(objects, RoleBinding.class)).isEmpty();
    var env = env(single(objects, Deployment.class));
    assertThat(value(env, "LEADER_ELECTION")).isEqualTo("false");
    assertThat(env)
        .doesNotContainKeys(
            "LEADER_ELECTION_NAMESPACE",
            "LEADER_ELECTION_LEASE_NAME",
            "LEADER_ELECTION_LEASE_SECONDS",
            "POD_NAME");
  }

  @Test
  void serviceMonitorScrapesTheMetricsService() throws IOException {
    assertThat(ofKind(render(null), "ServiceMonitor")).isEmpty();

    var objects =
        render(
            """
        metrics:
          serviceMonitor:
            enabled: true
            interval: 15s
            labels:
              release: prometheus
        """);
    var monitor = (GenericKubernetesResource) ofKind(objects, "ServiceMonitor").get(0);
    assertThat(ofKind(objects, "ServiceMonitor")).hasSize(1);
    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(monitor.getMetadata().getLabels()).contains(entry("release", "prometheus"));

    Map<String, String> matchLabels = monitor.get("spec", "selector", "matchLabels");
    var service = single(objects, Service.class);
    assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(matchLabels);
    List<String> namespaces = monitor.get("spec", "namespaceSelector", "matchNames");
    assertThat(namespaces).containsExactly(NAMESPACE);
    List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
    assertThat(endpoints)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e)
                    .contains(
                        entry("port", "http-metrics"),
                        entry("path", "/metrics"),
                        entry("interval", "15s")));
  }

  @Test
  void valuesReachTheDeployment() throws IOException {
    var objects =
        render(
            """
        image:
          repository: registry.example.com/mathesar-operator
          tag: 1.2.3
          pullPolicy: Always
        imagePullSecrets:
          - name: regcred
        replicas: 2
        leaderElection:
          leaseSeconds: 30
        pollSeconds: 60
        defaultMathesarVersion: "0.12.0"
        mathesarImageRepository: registry.example.com/mathesar
        logLevel: DEBUG
        logFormat: text
        metrics:
          port: 9090
        nodeSelector:
          kubernetes.io/os: linux
        tolerations:
          - key: dedicated
            operator: Exists
        """);
    var deployment = single(objects, Deployment.class);
    var pod = deployment.getSpec().getTemplate().getSpec();
    var container = pod.getContainers().get(0);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(container.getImage()).isEqualTo("registry.example.com/mathesar-operator:1.2.3");
    assertThat(container.getImagePullPolicy()).isEqualTo("Always");
    assertThat(pod.getImagePullSecrets()).extracting(s -> s.getName()).containsExactly("regcred");
    assertThat(pod.getNodeSelector()).containsExactly(entry("kubernetes.io/os", "linux"));
    assertThat(pod.getTolerations())
        .singleElement()
        .satisfies(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
    var env = env(deployment);
    assertThat(value(env, "MATHESAR_DEFAULT_VERSION")).isEqualTo("0.12.0");
    assertThat(value(env, "MATHESAR_IMAGE_REPOSITORY")).isEqualTo("registry.example.com/mathesar");
    assertThat(value(env, "LOG_LEVEL")).isEqualTo("DEBUG");
    assertThat(value(env, "LOG_FORMAT")).isEqualTo("text");
    assertThat(value(env, "HTTP_PORT")).isEqualTo("9090");
    assertThat(value(env, "LEADER_ELECTION_LEASE_SECONDS")).isEqualTo("30");
    assertThat(value(env, "POLL_SECONDS")).isEqualTo("60");
    assertThat(container.getPorts().get(0).getContainerPort()).isEqualTo(9090);
    assertThat(single(objects, Service.class).getSpec().getPorts().get(0).getPort())
        .isEqualTo(9090);
  }

  static Stream<Arguments> valuesTheSchemaRefuses() {
    return Stream.of(
        // Typos: additionalProperties: false at every level we define.
        Arguments.of("replica: 2", "at '': additional properties 'replica' not allowed"),
        Arguments.of(
            "watchNamespace: [a]", "at '': additional properties 'watchNamespace' not allowed"),
        Arguments.of(
            "image:\n  tags: latest", "at '/image': additional properties 'tags' not allowed"),
        Arguments.of(
            "leaderElection:\n  enable: false",
            "at '/leaderElection': additional properties 'enable' not allowed"),
        Arguments.of(
            "metrics:\n  serviceMonitor:\n    enable: true",
            "at '/metrics/serviceMonitor': additional properties 'enable' not allowed"),
        Arguments.of(
            "resources:\n  limit:\n    memory: 1Gi",
            "at '/resources': additional properties 'limit' not allowed"),
        // Wrong values.
        Arguments.of("logFormat: yaml", "at '/logFormat'"),
        Arguments.of("logLevel: verbose", "at '/logLevel'"),
        Arguments.of("replicas: two", "at '/replicas'"),
        Arguments.of("watchNamespaces: team-a", "at '/watchNamespaces'"),
        Arguments.of("watchNamespaces: [Team_A]", "at '/watchNamespaces/0'"),
        Arguments.of("defaultMathesarVersion: latest", "at '/defaultMathesarVersion'"),
        Arguments.of("image:\n  pullPolicy: Sometimes", "at '/image/pullPolicy'"),
        Arguments.of("metrics:\n  port: 0", "at '/metrics/port'"),
        Arguments.of("leaderElection:\n  leaseSeconds: 1", "at '/leaderElection/leaseSeconds'"),
        Arguments.of("pollSeconds: 0", "at '/pollSeconds'"),
        // Two pods without leader election would both reconcile.
        Arguments.of("replicas: 2\nleaderElection:\n  enabled: false", "at '/replicas'"));
  }

  /**
   * values.schema.json makes a typo or a wrong value fail `helm template` (and install/upgrade)
   * instead of being ignored.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("valuesTheSchemaRefuses")
  void valuesThatDoNotMatchTheSchemaFail(String values, String expectedError) {
    assertThatThrownBy(() -> render(values + "\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(expectedError);
  }
}
