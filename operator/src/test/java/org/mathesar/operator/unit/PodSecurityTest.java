package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.DeploymentFactory;
import org.mathesar.operator.desired.JobFactory;

/**
 * Web and Job pods meet the restricted Pod Security Standard by default, checked field by field
 * against the standard's list
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/), since the test bed's
 * Kubernetes 1.20 has no Pod Security admission to ask.
 */
class PodSecurityTest {
  private static final Set<String> RESTRICTED_VOLUME_TYPES =
      Set.of(
          "configMap",
          "csi",
          "downwardAPI",
          "emptyDir",
          "ephemeral",
          "persistentVolumeClaim",
          "projected",
          "secret");

  /**
   * Every rule of the baseline and restricted profiles that a pod spec can break; empty when it
   * meets them.
   */
  static List<String> restrictedViolations(PodSpec pod) {
    var out = new ArrayList<String>();
    var psc = pod.getSecurityContext();
    if (Boolean.TRUE.equals(pod.getHostNetwork())
        || Boolean.TRUE.equals(pod.getHostPID())
        || Boolean.TRUE.equals(pod.getHostIPC())) {
      out.add("host namespaces");
    }
    for (var v : pod.getVolumes()) {
      var types = new ArrayList<String>();
      if (v.getConfigMap() != null) types.add("configMap");
      if (v.getCsi() != null) types.add("csi");
      if (v.getDownwardAPI() != null) types.add("downwardAPI");
      if (v.getEmptyDir() != null) types.add("emptyDir");
      if (v.getEphemeral() != null) types.add("ephemeral");
      if (v.getPersistentVolumeClaim() != null) types.add("persistentVolumeClaim");
      if (v.getProjected() != null) types.add("projected");
      if (v.getSecret() != null) types.add("secret");
      if (types.isEmpty() || !RESTRICTED_VOLUME_TYPES.containsAll(types)) {
        out.add("volume " + v.getName() + " of a type restricted does not allow");
      }
    }
    if (pod.getSecurityContext() != null
        && pod.getSecurityContext().getSysctls() != null
        && !pod.getSecurityContext().getSysctls().isEmpty()) {
      out.add("sysctls");
    }
    var podNonRoot = psc != null && Boolean.TRUE.equals(psc.getRunAsNonRoot());
    var podSeccomp =
        psc != null
            && psc.getSeccompProfile() != null
            && Set.of("RuntimeDefault", "Localhost").contains(psc.getSeccompProfile().getType());
    if (psc != null && psc.getRunAsUser() != null && psc.getRunAsUser() == 0) {
      out.add("pod runAsUser 0");
    }
    var containers =
        Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream()).toList();
    for (Container c : containers) {
      var sc = c.getSecurityContext();
      var name = "container " + c.getName() + ": ";
      if (sc == null) {
        out.add(name + "no securityContext");
        continue;
      }
      if (Boolean.TRUE.equals(sc.getPrivileged())) out.add(name + "privileged");
      if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation()))
        out.add(name + "allowPrivilegeEscalation is not false");
      if (!podNonRoot && !Boolean.TRUE.equals(sc.getRunAsNonRoot()))
        out.add(name + "runAsNonRoot is not true");
      if (sc.getRunAsUser() != null && sc.getRunAsUser() == 0) out.add(name + "runAsUser 0");
      var containerSeccomp =
          sc.getSeccompProfile() != null
              && Set.of("RuntimeDefault", "Localhost").contains(sc.getSeccompProfile().getType());
      if (!podSeccomp && !containerSeccomp)
        out.add(name + "no RuntimeDefault or Localhost seccomp profile");
      if (sc.getCapabilities() == null
          || sc.getCapabilities().getDrop() == null
          || !sc.getCapabilities().getDrop().contains("ALL")) {
        out.add(name + "capabilities do not drop ALL");
      }
      if (sc.getCapabilities() != null
          && sc.getCapabilities().getAdd() != null
          && !Set.of("NET_BIND_SERVICE").containsAll(sc.getCapabilities().getAdd())) {
        out.add(name + "adds capabilities");
      }
      if (c.getPorts() != null
          && c.getPorts().stream().anyMatch(p -> p.getHostPort() != null && p.getHostPort() != 0)) {
        out.add(name + "hostPort");
      }
      if (sc.getProcMount() != null && !"Default".equals(sc.getProcMount()))
        out.add(name + "procMount");
    }
    return out;
  }

  static Stream<PodSpec> pods() {
    return podsOf(TestResources.mathesar()).stream();
  }

  private static List<PodSpec> podsOf(Mathesar m) {
    var instance = TestResources.resolved(m);
    return List.of(
        DeploymentFactory.build(instance, instance.version(), instance.image())
            .getSpec()
            .getTemplate()
            .getSpec(),
        JobFactory.migration(instance, false).getSpec().getTemplate().getSpec(),
        JobFactory.admin(instance).getSpec().getTemplate().getSpec());
  }

  @ParameterizedTest
  @MethodSource("pods")
  void webAndJobPodsMeetTheRestrictedStandardByDefault(PodSpec pod) {
    assertThat(restrictedViolations(pod)).isEmpty();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
    assertThat(pod.getSecurityContext().getFsGroup())
        .as("media volume writable by the pods' group")
        .isEqualTo(1000L);
  }

  @ParameterizedTest
  @MethodSource("pods")
  void everyContainerHasAWritableTmpOnItsReadOnlyRoot(PodSpec pod) {
    for (var c :
        Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream()).toList()) {
      assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      assertThat(c.getVolumeMounts())
          .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
    }
    assertThat(pod.getVolumes())
        .anySatisfy(
            v -> {
              assertThat(v.getName()).isEqualTo("tmp");
              assertThat(v.getEmptyDir()).isNotNull();
            });
  }

  @Test
  void webPodsWriteStaticFilesAndMediaOnVolumes() {
    var instance = TestResources.resolved(TestResources.mathesar());
    var web =
        DeploymentFactory.build(instance, instance.version(), instance.image())
            .getSpec()
            .getTemplate()
            .getSpec();
    assertThat(web.getContainers().get(0).getVolumeMounts())
        .extracting(v -> v.getMountPath())
        .contains("/code/static", "/code/.media/", "/tmp");
    assertThat(web.getInitContainers().get(0).getVolumeMounts())
        .extracting(v -> v.getMountPath())
        .contains("/code/static", "/tmp");
  }

  @Test
  void theUsersSecurityContextsReplaceTheDefaults() {
    var m = TestResources.mathesar();
    m.getSpec().setPodSecurityContext(new PodSecurityContextBuilder().withRunAsUser(0L).build());
    m.getSpec()
        .setSecurityContext(new SecurityContextBuilder().withReadOnlyRootFilesystem(false).build());

    for (var pod : podsOf(m)) {
      assertThat(pod.getSecurityContext()).isEqualTo(m.getSpec().getPodSecurityContext());
      assertThat(pod.getContainers().get(0).getSecurityContext())
          .isEqualTo(m.getSpec().getSecurityContext());
      // The checker sees what the user chose: root is not restricted.
      assertThat(restrictedViolations(pod)).contains("pod runAsUser 0");
    }
  }
}
