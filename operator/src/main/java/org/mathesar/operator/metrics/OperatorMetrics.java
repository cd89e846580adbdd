package org.mathesar.operator.metrics;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.Phase;

/**
 * The operator's own metrics, beside JOSDK's reconciliation metrics: instances by phase
 * (mathesar_instances), migrations by result (mathesar_migrations_total) and their duration
 * (mathesar_migration_duration_seconds); connected databases by readiness (mathesar_databases) and
 * the JSON-RPC calls made to Mathesar (mathesar_rpc_calls_total); backups by result
 * (mathesar_backups_total), their duration (mathesar_backup_duration_seconds) and, per instance,
 * when its last backup completed (mathesar_backup_last_completed_timestamp_seconds), which an alert
 * on "no backup for a day" reads.
 */
public final class OperatorMetrics {
  private final MeterRegistry registry;
  private final Map<ResourceID, Phase> phases = new ConcurrentHashMap<>();
  private final Map<ResourceID, Boolean> databases = new ConcurrentHashMap<>();
  private final Map<ResourceID, Double> lastBackups = new ConcurrentHashMap<>();

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (var phase : Phase.values()) {
      Gauge.builder(
              "mathesar.instances", phases, p -> p.values().stream().filter(phase::equals).count())
          .description("Mathesar resources by phase")
          .tag("phase", phase.name())
          .register(registry);
    }
    for (var ready : new boolean[] {true, false}) {
      Gauge.builder(
              "mathesar.databases",
              databases,
              d -> d.values().stream().filter(r -> r == ready).count())
          .description("MathesarDatabase resources by readiness")
          .tag("ready", String.valueOf(ready))
          .register(registry);
    }
  }

  /**
   * A JSON-RPC call to a Mathesar of the namespace (mathesar_rpc_calls_total): what the quiet
   * minute counts.
   */
  public void rpcCall(String namespace, String method, String outcome) {
    Counter.builder("mathesar.rpc.calls")
        .description("JSON-RPC calls to Mathesar instances")
        .tag("namespace", namespace)
        .tag("method", method)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  /** A MathesarDatabase's Ready status, for mathesar_databases{ready}. */
  public void databaseReady(io.fabric8.kubernetes.api.model.HasMetadata db, boolean ready) {
    databases.put(ResourceID.fromResource(db), ready);
  }

  public void forgetDatabase(io.fabric8.kubernetes.api.model.HasMetadata db) {
    databases.remove(ResourceID.fromResource(db));
  }

  public void phase(Mathesar m, Phase phase) {
    if (phase != null) {
      phases.put(ResourceID.fromResource(m), phase);
    }
  }

  public void forget(Mathesar m) {
    phases.remove(ResourceID.fromResource(m));
  }

  /**
   * A MathesarBackup reached its final phase, once.
   *
   * @param instance the instance it is of, in the backup's namespace
   * @param startedAt status.startedAt, if it got that far
   * @param completedAt status.completedAt
   */
  public void backupFinished(
      String namespace, String instance, boolean completed, String startedAt, String completedAt) {
    var result = completed ? "completed" : "failed";
    Counter.builder("mathesar.backups")
        .description("MathesarBackups by result")
        .tag("result", result)
        .register(registry)
        .increment();
    if (startedAt != null && completedAt != null) {
      Timer.builder("mathesar.backup.duration")
          .description("how long MathesarBackups took, from their Job's creation to its end")
          .tag("result", result)
          .register(registry)
          .record(Duration.between(Instant.parse(startedAt), Instant.parse(completedAt)));
    }
    if (completed && completedAt != null) {
      lastBackupCompleted(namespace, instance, completedAt);
    }
  }

  /**
   * A Completed MathesarBackup of the instance, seen when it completed or later (after a restart of
   * the operator, every one is seen again, so the gauge comes back).
   */
  public void lastBackupCompleted(String namespace, String instance, String completedAt) {
    var id = new ResourceID(instance, namespace);
    var first = !lastBackups.containsKey(id);
    lastBackups.merge(id, (double) Instant.parse(completedAt).getEpochSecond(), Math::max);
    if (first) {
      Gauge.builder("mathesar.backup.last.completed.timestamp", lastBackups, b -> b.get(id))
          .description("when the last MathesarBackup of an instance completed (Unix seconds)")
          .baseUnit("seconds")
          .tag("namespace", namespace)
          .tag("instance", instance)
          .register(registry);
    }
  }

  /** A migration Job ended; its duration from the Job's own start and end times where known. */
  public void migrationFinished(Job job, boolean succeeded) {
    var result = succeeded ? "succeeded" : "failed";
    Counter.builder("mathesar.migrations")
        .description("migration Jobs by result")
        .tag("result", result)
        .register(registry)
        .increment();
    var status = job.getStatus();
    if (status != null && status.getStartTime() != null) {
      var end =
          status.getCompletionTime() != null
              ? Instant.parse(status.getCompletionTime())
              : Instant.now();
      Timer.builder("mathesar.migration.duration")
          .description("how long migration Jobs ran")
          .tag("result", result)
          .register(registry)
          .record(Duration.between(Instant.parse(status.getStartTime()), end));
    }
  }
}
