package org.mathesar.operator.reconciler;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.mathesar.operator.config.OperatorConfig;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MathesarBackup;
import org.mathesar.operator.customresource.MathesarStatus;
import org.mathesar.operator.database.DatabaseChecks;
import org.mathesar.operator.desired.ResolvedInstance;
import org.mathesar.operator.events.EventRecorder;
import org.mathesar.operator.metrics.OperatorMetrics;
import org.mathesar.operator.rpc.AdminSessions;
import org.mathesar.operator.validation.SpecProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Brings a Mathesar resource to its target version in four phases, each returning a record: {@link
 * ValidationPhase} (every problem, before any write) → {@link ApplyPhase} (Secrets, media volume,
 * Service and the optional objects) → {@link RolloutPhase} (database ready, the version's migration
 * Job, the first admin, the Deployment at the last migrated version) → {@link StatusPhase}. The
 * dependents are called explicitly (not through a managed workflow) so a failed validation touches
 * nothing at all: what runs keeps running.
 */
@ControllerConfiguration(
    name = MathesarReconciler.NAME,
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = MathesarUpdateFilter.class),
    maxReconciliationInterval =
        @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
public class MathesarReconciler implements Reconciler<Mathesar>, Cleaner<Mathesar>, AutoCloseable {
  public static final String NAME = "mathesar";
  private static final Logger log = LoggerFactory.getLogger(MathesarReconciler.class);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final OperatorConfig config;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final ShutdownGate gate;
  private final MathesarDependents dependents;
  private final DatabaseChecks databaseChecks;
  private final ApplyPhase apply;
  private final RolloutPhase rollout;
  private final StatusPhase status;
  private final ScheduledBackups scheduledBackups;

  /**
   * @param sessions the admin sessions to the instances' RPC API, shared with the MathesarDatabase
   *     controller
   */
  public MathesarReconciler(
      OperatorConfig config,
      EventRecorder events,
      OperatorMetrics metrics,
      ShutdownGate gate,
      AdminSessions sessions) {
    this(config, events, metrics, gate, new MathesarDependents(), new DatabaseChecks(), sessions);
  }

  MathesarReconciler(
      OperatorConfig config,
      EventRecorder events,
      OperatorMetrics metrics,
      ShutdownGate gate,
      MathesarDependents dependents,
      DatabaseChecks databaseChecks,
      AdminSessions sessions) {
    this.config = config;
    this.events = events;
    this.metrics = metrics;
    this.gate = gate;
    this.dependents = dependents;
    this.databaseChecks = databaseChecks;
    this.apply = new ApplyPhase(config, dependents);
    this.rollout = new RolloutPhase(config, dependents, databaseChecks, events, metrics, sessions);
    this.status = new StatusPhase(events, metrics);
    this.scheduledBackups = new ScheduledBackups(events);
  }

  @Override
  public List<EventSource<?, Mathesar>> prepareEventSources(EventSourceContext<Mathesar> context) {
    return dependents.eventSources(context);
  }

  @Override
  public UpdateControl<Mathesar> reconcile(Mathesar m, Context<Mathesar> context) {
    if (!gate.enter()) {
      return UpdateControl.noUpdate();
    }
    MDC.put("namespace", m.getMetadata().getNamespace());
    MDC.put("instance", m.getMetadata().getName());
    // For the text log format: namespace/name in one field (logback's pattern cannot join two).
    MDC.put("resource", m.getMetadata().getNamespace() + "/" + m.getMetadata().getName());
    try {
      return doReconcile(m, context);
    } finally {
      MDC.remove("namespace");
      MDC.remove("instance");
      MDC.remove("resource");
      gate.exit();
    }
  }

  private UpdateControl<Mathesar> doReconcile(Mathesar m, Context<Mathesar> context) {
    var deployment = dependents.deployment.getSecondaryResource(m, context);
    var validated =
        ValidationPhase.validate(
            m,
            config,
            new ValidationPhase.Observed(
                dependents.referencedSecrets::get,
                dependents.media.getSecondaryResource(m, context),
                deployment,
                () -> dependents.cloudNativePG.ensureWatching(context.getClient(), context),
                () -> dependents.cluster.getSecondaryResource(m, context),
                name -> backup(context, m, name),
                dependents.restoreJob.getSecondaryResource(m, context).isPresent()));
    var recorded = m.getStatus() == null ? new MathesarStatus() : m.getStatus();
    if (!validated.accepted()) {
      log.info("not applying: {}", validated.problems().stream().map(SpecProblem::reason).toList());
      status.report(m, StatusPhase.refused(m, recorded, validated, deployment), context);
      return requeue(validated.poll(), Optional.empty());
    }
    var forDatabase = forDatabase(m, validated.instance(), recorded);
    var applied =
        apply.apply(m, context, validated.instance(), forDatabase, validated.restoredKeys());
    var rolledOut = rollout.roll(m, context, applied, forDatabase, deployment);
    var written = status.report(m, StatusPhase.rolledOut(m, applied, rolledOut), context);
    // Only once the status holds their results (a failed write throws first) may the Jobs go.
    rollout.afterStatus(m, context, applied.instance(), rolledOut, written);
    var nextSlot = scheduledBackups.reconcile(m, context.getClient(), applied.instance(), written);
    return requeue(
        applied.pollForGatewayApi() || rolledOut.pollForBackup(),
        Stream.of(rolledOut.checkAgain(), nextSlot)
            .flatMap(Optional::stream)
            .min(Duration::compareTo));
  }

  /**
   * The MathesarBackup spec.restoreFrom names: read only while a restore is to run, so not watched.
   */
  private static Optional<MathesarBackup> backup(
      Context<Mathesar> context, Mathesar m, String name) {
    return Optional.ofNullable(
        context
            .getClient()
            .resources(MathesarBackup.class)
            .inNamespace(m.getMetadata().getNamespace())
            .withName(name)
            .get());
  }

  /**
   * CloudNativePG's and the Gateway API's CRDs, and Backups, have no watch: look again; and at the
   * next slot of spec.backup.schedule.
   */
  private UpdateControl<Mathesar> requeue(boolean poll, Optional<Duration> checkAgain) {
    var control = UpdateControl.<Mathesar>noUpdate();
    return Stream.concat(
            poll ? Stream.of(Duration.ofSeconds(config.pollSeconds())) : Stream.empty(),
            checkAgain.stream())
        .min(Duration::compareTo)
        .map(control::rescheduleAfter)
        .orElse(control);
  }

  /**
   * The status as far as the spec's database is concerned: when spec.database names another
   * database than the one migrated, nothing has run against it yet, so migrations and the first
   * admin run again before the pods switch over.
   */
  private MathesarStatus forDatabase(Mathesar m, ResolvedInstance instance, MathesarStatus status) {
    var identity = instance.databaseIdentity();
    if (status.getDatabase() == null || status.getDatabase().equals(identity)) {
      return status;
    }
    if (status.getMigratedVersion() != null) {
      events.record(
          m,
          "Normal",
          "DatabaseChanged",
          "spec.database now names "
              + identity
              + " (was "
              + status.getDatabase()
              + "): migrations and the first admin run against it before the pods switch over");
    }
    var fresh = JSON.clone(status);
    fresh.setMigratedVersion(null);
    fresh.setAdminCreated(null);
    fresh.setFailedMigration(null);
    return fresh;
  }

  /**
   * Deletion: under Retain (the default) the data-holding objects lose their owner reference so
   * garbage collection leaves them; everything else goes with the resource. User Secrets and
   * external databases are never owned, so never deleted.
   */
  @Override
  public DeleteControl cleanup(Mathesar m, Context<Mathesar> context) {
    // The finalizer stays until an operator that is not stopping has released what Retain keeps.
    if (!gate.enter()) {
      return DeleteControl.noFinalizerRemoval();
    }
    try {
      metrics.forget(m);
      databaseChecks.forget(RolloutPhase.checkKey(m));
      if (RetainedObjects.retains(m)) {
        var kept = RetainedObjects.release(m, context.getClient());
        if (!kept.isEmpty()) {
          events.record(
              m,
              "Normal",
              "Retained",
              "deletionPolicy Retain kept "
                  + String.join(", ", kept)
                  + "; a new Mathesar named "
                  + m.getMetadata().getName()
                  + " in this namespace adopts them");
        }
      }
      return DeleteControl.defaultDelete();
    } finally {
      gate.exit();
    }
  }

  /** After an exception: Degraded with the API server's answer, written as every status is. */
  @Override
  public ErrorStatusUpdateControl<Mathesar> updateErrorStatus(
      Mathesar m, Context<Mathesar> context, Exception e) {
    status.reportError(m, e, context);
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  /** The database checks' threads and connections go with the controller. */
  @Override
  public void close() {
    databaseChecks.close();
  }
}
