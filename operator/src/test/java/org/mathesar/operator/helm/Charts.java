package org.mathesar.operator.helm;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Where the chart is, and the rendered manifests as typed Kubernetes objects. */
final class Charts {
  static final Path ROOT =
      Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
  static final Path CHART = ROOT.resolve("helm/mathesar-operator");

  /**
   * The CRDs of crds/ (and of the chart's crds/), file name to CRD name: Mathesar, MathesarDatabase
   * and MathesarBackup.
   */
  static final Map<String, String> CRD_FILES =
      Map.of(
          "mathesars.mathesar.org-v1.yml", "mathesars.mathesar.org",
          "mathesardatabases.mathesar.org-v1.yml", "mathesardatabases.mathesar.org",
          "mathesarbackups.mathesar.org-v1.yml", "mathesarbackups.mathesar.org");

  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /**
   * Everything the operator may do in a watched namespace, as "group/resource:verb" ("core" for the
   * "" group). The list without the update and delete verbs no code path uses (server-side
   * apply and edits are patches; garbage collection deletes): a rule added to or dropped from the
   * chart fails the tests.
   */
  static final Set<String> NAMESPACED_PERMISSIONS =
      permissions(
          "mathesar.org",
          "mathesars",
          "get,list,watch,patch,update",
          "mathesar.org",
          "mathesars/status",
          "get,patch,update",
          "mathesar.org",
          "mathesars/finalizers",
          "update",
          "mathesar.org",
          "mathesardatabases",
          "get,list,watch,patch,update",
          "mathesar.org",
          "mathesardatabases/status",
          "get,patch,update",
          "mathesar.org",
          "mathesardatabases/finalizers",
          "update",
          "mathesar.org",
          "mathesarbackups",
          "get,list,watch,create,patch,update,delete",
          "mathesar.org",
          "mathesarbackups/status",
          "get,patch,update",
          "mathesar.org",
          "mathesarbackups/finalizers",
          "update",
          "core",
          "pods",
          "get,list",
          "apps",
          "deployments",
          "get,list,watch,create,patch",
          "core",
          "services",
          "get,list,watch,create,patch",
          "core",
          "persistentvolumeclaims",
          "get,list,watch,create,patch",
          "core",
          "secrets",
          "get,list,watch,create,patch,delete",
          "batch",
          "jobs",
          "get,list,watch,create,patch,delete",
          "core",
          "events",
          "create,patch",
          "postgresql.cnpg.io",
          "clusters",
          "get,list,watch,create,patch",
          "postgresql.cnpg.io",
          "backups",
          "get,create",
          "core",
          "configmaps",
          "get,list,watch",
          "policy",
          "poddisruptionbudgets",
          "get,list,watch,create,patch,delete",
          "networking.k8s.io",
          "ingresses",
          "get,list,watch,create,patch,delete",
          "networking.k8s.io",
          "networkpolicies",
          "get,list,watch,create,patch,delete",
          "gateway.networking.k8s.io",
          "httproutes",
          "get,list,watch,create,patch,delete");

  /** Cluster-scoped, so granted by a ClusterRole in both modes. */
  static final Set<String> CRD_PERMISSIONS =
      permissions("apiextensions.k8s.io", "customresourcedefinitions", "get,list,watch");

  /**
   * Leader election, in the release namespace only. The issue listed get,create,update; "patch" is
   * added because fabric8 7.x renews the Lease with a merge patch (ChartInstallIT shows both are
   * needed).
   */
  static final Set<String> LEASE_PERMISSIONS =
      permissions("coordination.k8s.io", "leases", "get,create,update,patch");

  private Charts() {}

  private static Set<String> permissions(String... groupResourceVerbs) {
    var result = new TreeSet<String>();
    for (int i = 0; i < groupResourceVerbs.length; i += 3) {
      for (var verb : groupResourceVerbs[i + 2].split(",")) {
        result.add(groupResourceVerbs[i] + "/" + groupResourceVerbs[i + 1] + ":" + verb);
      }
    }
    return result;
  }

  /**
   * The rules flattened to "group/resource:verb"; resourceNames and nonResourceURLs must not be
   * used.
   */
  static Set<String> permissions(List<PolicyRule> rules) {
    var result = new TreeSet<String>();
    for (var rule : rules) {
      if (!rule.getResourceNames().isEmpty() || !rule.getNonResourceURLs().isEmpty()) {
        throw new AssertionError("unexpected resourceNames/nonResourceURLs in " + rule);
      }
      for (var group : rule.getApiGroups()) {
        for (var resource : rule.getResources()) {
          for (var verb : rule.getVerbs()) {
            result.add((group.isEmpty() ? "core" : group) + "/" + resource + ":" + verb);
          }
        }
      }
    }
    return result;
  }

  static Set<String> union(Set<String> a, Set<String> b) {
    var result = new TreeSet<>(a);
    result.addAll(b);
    return result;
  }

  /**
   * Parses the multi-document output of `helm template`; kinds fabric8 does not know come back
   * generic.
   */
  static List<HasMetadata> parse(String manifests) {
    Object parsed = SERIALIZATION.unmarshal(manifests);
    var result = new ArrayList<HasMetadata>();
    if (parsed instanceof List<?> list) {
      list.stream().filter(Objects::nonNull).map(HasMetadata.class::cast).forEach(result::add);
    } else if (parsed != null) {
      result.add((HasMetadata) parsed);
    }
    return result;
  }

  static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
  }

  static List<HasMetadata> ofKind(List<HasMetadata> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(o.getKind())).collect(Collectors.toList());
  }

  static <T extends HasMetadata> T single(List<HasMetadata> objects, Class<T> type) {
    var found = ofKind(objects, type);
    if (found.size() != 1) {
      throw new AssertionError(
          "expected exactly one " + type.getSimpleName() + ", found " + found.size());
    }
    return found.get(0);
  }

  static <T extends HasMetadata> Optional<T> named(
      List<HasMetadata> objects, Class<T> type, String name) {
    return ofKind(objects, type).stream()
        .filter(o -> name.equals(o.getMetadata().getName()))
        .findFirst();
  }
}
