package org.mathesar.operator.validation;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.mathesar.operator.customresource.MathesarSpec;
import org.mathesar.operator.desired.DeploymentFactory;

/**
 * The pod-level additions (extra volumes and mounts, init containers, sidecars, the disruption
 * budget) checked against each other and against what the operator puts in the pod. The API server
 * would refuse most of these only when the Deployment is written, as an ApplyFailed with its own
 * wording; here they are refused first, with the field and what to do.
 */
final class WorkloadValidator {
  private WorkloadValidator() {}

  static void validate(MathesarSpec spec, List<SpecProblem> problems) {
    var volumes = new HashSet<String>();
    var extraVolumes =
        spec.getExtraVolumes() == null
            ? List.<io.fabric8.kubernetes.api.model.Volume>of()
            : spec.getExtraVolumes();
    for (int i = 0; i < extraVolumes.size(); i++) {
      var name = extraVolumes.get(i).getName();
      var field = "spec.extraVolumes[" + i + "].name";
      if (name == null || name.isBlank()) {
        problems.add(
            new SpecProblem("InvalidExtraVolume", field, "every extra volume needs a name"));
      } else if (DeploymentFactory.OWN_VOLUMES.contains(name)) {
        problems.add(
            new SpecProblem(
                "InvalidExtraVolume",
                field,
                "'"
                    + name
                    + "' is a volume the operator adds ("
                    + String.join(", ", DeploymentFactory.OWN_VOLUMES)
                    + "); rename it"));
      } else if (!volumes.add(name)) {
        problems.add(
            new SpecProblem(
                "InvalidExtraVolume",
                field,
                "'" + name + "' is listed twice; volume names must be unique"));
      }
    }
    var mounts =
        spec.getExtraVolumeMounts() == null
            ? List.<io.fabric8.kubernetes.api.model.VolumeMount>of()
            : spec.getExtraVolumeMounts();
    var paths = new HashSet<String>();
    for (int i = 0; i < mounts.size(); i++) {
      var mount = mounts.get(i);
      var field = "spec.extraVolumeMounts[" + i + "]";
      if (mount.getName() == null || !volumes.contains(mount.getName())) {
        problems.add(
            new SpecProblem(
                "InvalidExtraVolume",
                field + ".name",
                "'"
                    + mount.getName()
                    + "' is not one of spec.extraVolumes; add the volume there or fix the name"));
      }
      var path = normalized(mount.getMountPath());
      if (path.isEmpty()) {
        problems.add(
            new SpecProblem(
                "InvalidExtraVolume", field + ".mountPath", "set the path to mount the volume at"));
      } else if (DeploymentFactory.OWN_MOUNT_PATHS.stream()
          .map(WorkloadValidator::normalized)
          .anyMatch(path::equals)) {
        problems.add(
            new SpecProblem(
                "InvalidExtraVolume",
                field + ".mountPath",
                path
                    + " is where the operator mounts one of its own volumes; choose another path"));
      } else if (!paths.add(path)) {
        problems.add(
            new SpecProblem(
                "InvalidExtraVolume", field + ".mountPath", path + " is mounted twice"));
      }
    }
    var containers = new HashSet<>(DeploymentFactory.OWN_CONTAINERS);
    checkContainers("spec.initContainers", spec.getInitContainers(), containers, problems);
    checkContainers("spec.sidecars", spec.getSidecars(), containers, problems);
    var budget = spec.getPodDisruptionBudget();
    if (budget != null && budget.getMaxUnavailable() != null && budget.getMinAvailable() != null) {
      problems.add(
          new SpecProblem(
              "InvalidDisruptionBudget",
              "spec.podDisruptionBudget",
              "set only one of maxUnavailable and minAvailable"));
    }
    if (budget != null) {
      checkBudgetValue(
          "spec.podDisruptionBudget.maxUnavailable", budget.getMaxUnavailable(), problems);
      checkBudgetValue("spec.podDisruptionBudget.minAvailable", budget.getMinAvailable(), problems);
    }
  }

  private static void checkContainers(
      String list,
      List<io.fabric8.kubernetes.api.model.Container> containers,
      HashSet<String> names,
      List<SpecProblem> problems) {
    if (containers == null) {
      return;
    }
    for (int i = 0; i < containers.size(); i++) {
      var c = containers.get(i);
      var field = list + "[" + i + "]";
      if (c.getName() == null || c.getName().isBlank()) {
        problems.add(
            new SpecProblem("InvalidContainer", field + ".name", "every container needs a name"));
      } else if (!names.add(c.getName())) {
        problems.add(
            new SpecProblem(
                "InvalidContainer",
                field + ".name",
                "'"
                    + c.getName()
                    + "' is already a container of the web pod (the operator's are "
                    + String.join(" and ", DeploymentFactory.OWN_CONTAINERS)
                    + "); container names must be unique"));
      }
      if (c.getImage() == null || c.getImage().isBlank()) {
        problems.add(
            new SpecProblem("InvalidContainer", field + ".image", "set the container's image"));
      }
    }
  }

  /** A PodDisruptionBudget takes a count or a percentage; anything else it refuses when written. */
  private static void checkBudgetValue(
      String field, io.fabric8.kubernetes.api.model.IntOrString value, List<SpecProblem> problems) {
    if (value == null) {
      return;
    }
    var ok =
        value.getIntVal() != null
            ? value.getIntVal() >= 0
            : value.getStrVal() != null && value.getStrVal().matches("^[0-9]{1,3}%$");
    if (!ok) {
      problems.add(
          new SpecProblem(
              "InvalidDisruptionBudget",
              field,
              "'"
                  + (value.getIntVal() != null ? value.getIntVal() : value.getStrVal())
                  + "' is neither a number of pods (1) nor a percentage (50%)"));
    }
  }

  private static String normalized(String path) {
    var p = Objects.requireNonNullElse(path, "").trim();
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }
}
