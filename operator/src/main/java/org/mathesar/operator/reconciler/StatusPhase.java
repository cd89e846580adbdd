package org.mathesar.operator.reconciler;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import java.util.Optional;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MathesarStatus;
import org.mathesar.operator.desired.ResolvedInstance;
import org.mathesar.operator.events.EventRecorder;
import org.mathesar.operator.metrics.OperatorMetrics;
import org.mathesar.operator.rollout.RolloutProgress;
import org.mathesar.operator.rollout.RolloutProgress.Stage;
import org.mathesar.operator.status.ApplyFailure;
import org.mathesar.operator.status.StatusAggregator;
import org.mathesar.operator.status.StatusWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Phase 4: what the earlier phases found, as one status (the pure {@link StatusAggregator}), an
 * Event per transition, the phase metric, and one write, only when something changed.
 */
final class StatusPhase {
  private static final Logger log = LoggerFactory.getLogger(StatusPhase.class);

  private final EventRecorder events;
  private final OperatorMetrics metrics;

  StatusPhase(EventRecorder events, OperatorMetrics metrics) {
    this.events = events;
    this.metrics = metrics;
  }

  /**
   * The aggregator's input for a resource validation refused: nothing was applied, nothing rolled
   * out.
   */
  static StatusAggregator.Observation refused(
      Mathesar m,
      MathesarStatus status,
      ValidationPhase.Validated validated,
      Optional<Deployment> deployment) {
    var progress =
        new RolloutProgress(
            Stage.WAITING,
            status.getMigratedVersion(),
            Boolean.TRUE.equals(status.getAdminCreated()),
            status.getFailedMigration(),
            null);
    return new StatusAggregator.Observation(
        m,
        validated.resolved(),
        validated.problems(),
        List.of(),
        deployment,
        null,
        progress,
        null,
        null);
  }

  /** The aggregator's input for a resource that was applied and rolled out. */
  static StatusAggregator.Observation rolledOut(
      Mathesar m, ApplyPhase.Applied applied, RolloutPhase.RolledOut rolledOut) {
    ResolvedInstance instance = applied.instance();
    return new StatusAggregator.Observation(
        m,
        Optional.of(instance),
        List.of(),
        applied.warnings(),
        rolledOut.deployment(),
        instance.secretKeySecretName(),
        rolledOut.progress(),
        rolledOut.database().orElse(null),
        instance.databaseIdentity());
  }

  /**
   * @return the status as written (or as it already was, when nothing changed)
   */
  MathesarStatus report(
      Mathesar m, StatusAggregator.Observation observation, Context<Mathesar> context) {
    var status = StatusAggregator.aggregate(observation, StatusWriter.now());
    metrics.phase(m, status.getPhase());
    var previous = m.getStatus();
    events.recordTransitions(
        m, previous == null ? List.of() : previous.getConditions(), status.getConditions());
    events.recordPhase(m, previous == null ? null : previous.getPhase(), status.getPhase());
    if (previous == null || previous.getPhase() != status.getPhase()) {
      log.info("phase {} -> {}", previous == null ? null : previous.getPhase(), status.getPhase());
    }
    if (!status.equals(previous)) {
      StatusWriter.write(m, status, context, Mathesar::new);
    }
    return status;
  }

  /** After an exception: Degraded with the API server's answer, every other condition kept. */
  void reportError(Mathesar m, Exception e, Context<Mathesar> context) {
    var status = m.getStatus() == null ? new MathesarStatus() : m.getStatus();
    var before = List.copyOf(status.getConditions());
    var generation = m.getMetadata().getGeneration() == null ? 0L : m.getMetadata().getGeneration();
    var degraded = ApplyFailure.degraded(status, e, generation, StatusWriter.now());
    events.recordTransitions(m, before, degraded.getConditions());
    StatusWriter.write(m, degraded, context, Mathesar::new);
  }
}
