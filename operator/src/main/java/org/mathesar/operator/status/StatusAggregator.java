package org.mathesar.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MathesarStatus;
import org.mathesar.operator.customresource.Phase;
import org.mathesar.operator.desired.Labels;
import org.mathesar.operator.desired.ServiceFactory;
import org.mathesar.operator.validation.SpecProblem;

/** Turns what one reconciliation saw into the resource's status. Pure: no I/O. */
public final class StatusAggregator {
  private StatusAggregator() {}

  /**
   * @param problems what stops the operator (empty when it applied everything)
   * @param warnings what the user should know but that does not stop it
   * @param deployment the web Deployment as last seen, if it exists
   */
  public record Observation(
      Mathesar resource,
      List<SpecProblem> problems,
      List<SpecProblem> warnings,
      Optional<Deployment> deployment,
      String secretKeySecret) {}

  public static MathesarStatus aggregate(Observation o, String now) {
    var m = o.resource();
    var previous = m.getStatus() == null ? new MathesarStatus() : m.getStatus();
    var generation = m.getMetadata().getGeneration() == null ? 0L : m.getMetadata().getGeneration();
    var rollout = Rollout.of(o.deployment(), desiredReplicas(m));

    var status = new MathesarStatus();
    status.setObservedGeneration(generation);
    status.setReplicas(rollout.replicas());
    status.setReadyReplicas(rollout.ready());
    status.setVersion(rollout.complete() ? rollout.version().orElse(previous.getVersion()) : previous.getVersion());
    status.setUrl(url(m));
    status.setSecretKeySecret(o.secretKeySecret() != null ? o.secretKeySecret() : previous.getSecretKeySecret());
    status.setPhase(phase(o, rollout));
    status.setConditions(Conditions.merge(previous.getConditions(), conditions(o, rollout), generation, now));
    return status;
  }

  static String url(Mathesar m) {
    var host = m.getSpec() == null ? null : m.getSpec().getHostname();
    if (host != null) {
      return "http://" + host;
    }
    var port = ServiceFactory.PORT == 80 ? "" : ":" + ServiceFactory.PORT;
    return "http://" + m.getMetadata().getName() + "." + m.getMetadata().getNamespace() + ".svc.cluster.local" + port;
  }

  private static Phase phase(Observation o, Rollout rollout) {
    if (!o.problems().isEmpty()) {
      return Phase.Failed;
    }
    if (o.deployment().isEmpty()) {
      return Phase.Pending;
    }
    return rollout.complete() ? Phase.Running : Phase.Provisioning;
  }

  private static List<Condition> conditions(Observation o, Rollout rollout) {
    var list = new ArrayList<Condition>();
    var problems = o.problems();
    if (problems.isEmpty()) {
      list.add(Conditions.of(Conditions.READY, readyStatus(o, rollout), readyReason(o, rollout), readyMessage(o, rollout)));
    } else {
      list.add(Conditions.of(Conditions.READY, Conditions.FALSE, problems.get(0).reason(), describe(problems)));
    }
    list.add(databaseReady(o));
    if (!problems.isEmpty()) {
      list.add(
          Conditions.of(
              Conditions.PROGRESSING, Conditions.FALSE, "Blocked",
              "nothing is changed until the problem in the Degraded condition is fixed"));
      list.add(Conditions.of(Conditions.DEGRADED, Conditions.TRUE, problems.get(0).reason(), describe(problems)));
    } else {
      if (o.deployment().isEmpty()) {
        list.add(Conditions.of(Conditions.PROGRESSING, Conditions.TRUE, "Creating", "creating the web Deployment"));
      } else if (!rollout.complete()) {
        list.add(Conditions.of(Conditions.PROGRESSING, Conditions.TRUE, "RollingOut", rollout.describe()));
      } else {
        list.add(Conditions.of(Conditions.PROGRESSING, Conditions.FALSE, "Complete", rollout.describe()));
      }
      list.add(Conditions.of(Conditions.DEGRADED, Conditions.FALSE, "AsExpected", "no problems found"));
    }
    var warnings = o.warnings();
    list.add(
        warnings.isEmpty()
            ? Conditions.of(Conditions.CONFIGURATION_WARNING, Conditions.FALSE, "None", "no warnings")
            : Conditions.of(Conditions.CONFIGURATION_WARNING, Conditions.TRUE, warnings.get(0).reason(), describe(warnings)));
    return list;
  }

  private static String readyStatus(Observation o, Rollout rollout) {
    return o.deployment().isPresent() && rollout.complete() && rollout.desired() > 0 ? Conditions.TRUE : Conditions.FALSE;
  }

  private static String readyReason(Observation o, Rollout rollout) {
    if (o.deployment().isEmpty()) {
      return "Creating";
    }
    if (rollout.desired() == 0) {
      return "ScaledToZero";
    }
    return rollout.complete() ? "Running" : "PodsNotReady";
  }

  private static String readyMessage(Observation o, Rollout rollout) {
    return o.deployment().isEmpty() ? "the web Deployment does not exist yet" : rollout.describe();
  }

  private static Condition databaseReady(Observation o) {
    var dbProblems = o.problems().stream().filter(p -> p.field().startsWith("spec.database")).toList();
    if (!dbProblems.isEmpty()) {
      return Conditions.of(Conditions.DATABASE_READY, Conditions.FALSE, dbProblems.get(0).reason(), describe(dbProblems));
    }
    var db = o.resource().getSpec() == null || o.resource().getSpec().getDatabase() == null
        ? null
        : o.resource().getSpec().getDatabase().getExternal();
    if (db == null) {
      return Conditions.of(Conditions.DATABASE_READY, Conditions.UNKNOWN, "NotConfigured", "no database is configured");
    }
    return Conditions.of(
        Conditions.DATABASE_READY, Conditions.TRUE, "ExternalDatabaseConfigured",
        "external PostgreSQL " + db.getHost() + ":" + db.getPort() + "/" + db.getDatabase()
            + " with credentials from Secret " + db.getCredentialsSecret().getName()
            + "; the pods' readiness probe checks the connection");
  }

  private static String describe(List<SpecProblem> problems) {
    return problems.stream().map(SpecProblem::describe).collect(Collectors.joining("; "));
  }

  private static int desiredReplicas(Mathesar m) {
    return m.getSpec() == null || m.getSpec().getReplicas() == null ? 1 : m.getSpec().getReplicas();
  }

  /** The state of the web Deployment's rollout as its controller reports it. */
  record Rollout(int desired, int replicas, int ready, int updated, boolean observed, Optional<String> version) {
    static Rollout of(Optional<Deployment> deployment, int desired) {
      if (deployment.isEmpty()) {
        return new Rollout(desired, 0, 0, 0, false, Optional.empty());
      }
      var d = deployment.get();
      var s = d.getStatus();
      var generation = d.getMetadata().getGeneration();
      var observed = s != null && s.getObservedGeneration() != null && generation != null
          && s.getObservedGeneration() >= generation;
      var version = Optional.ofNullable(d.getMetadata().getLabels()).map(l -> l.get(Labels.VERSION));
      return new Rollout(
          d.getSpec().getReplicas() == null ? desired : d.getSpec().getReplicas(),
          s == null || s.getReplicas() == null ? 0 : s.getReplicas(),
          s == null || s.getReadyReplicas() == null ? 0 : s.getReadyReplicas(),
          s == null || s.getUpdatedReplicas() == null ? 0 : s.getUpdatedReplicas(),
          observed,
          version);
    }

    boolean complete() {
      return observed && updated >= desired && ready >= desired && replicas <= desired;
    }

    String describe() {
      return ready + " of " + desired + " pods ready, " + updated + " up to date";
    }
  }
}
