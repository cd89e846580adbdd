package org.mathesar.operator.connection;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.mathesar.operator.config.OperatorConfig;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MathesarDatabase;
import org.mathesar.operator.customresource.MathesarDatabaseStatus;
import org.mathesar.operator.desired.ObjectNames;
import org.mathesar.operator.desired.ResolvedInstance;
import org.mathesar.operator.events.EventRecorder;
import org.mathesar.operator.lookup.SecretValues;
import org.mathesar.operator.metrics.OperatorMetrics;
import org.mathesar.operator.reconciler.ShutdownGate;
import org.mathesar.operator.rpc.AdminSessions;
import org.mathesar.operator.rpc.MathesarApi;
import org.mathesar.operator.rpc.RpcException;
import org.mathesar.operator.status.Conditions;
import org.mathesar.operator.status.StatusWriter;
import org.mathesar.operator.validation.SpecProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Keeps a MathesarDatabase connected to its instance through the instance's own RPC API, as its
 * first admin: validate (the spec against its namespace) → observe (the instance, then what
 * Mathesar lists) → plan ({@link ConnectionPlanner}) → call → status. Nothing is called while the
 * spec is invalid or the instance is not Ready, so a bad edit never disconnects anything.
 */
// Generation-aware: the controller's own status writes do not come back as reconciliations (each
// would list Mathesar again); the Secret and instance watches and the resync still do.
@ControllerConfiguration(
    name = MathesarDatabaseReconciler.NAME,
    generationAwareEventProcessing = true)
public class MathesarDatabaseReconciler
    implements Reconciler<MathesarDatabase>, Cleaner<MathesarDatabase> {
  public static final String NAME = "mathesardatabase";
  static final String INSTANCES = "instances";
  static final String SECRETS = "credentials-secrets";
  private static final String BY_INSTANCE = "mathesar.org/instance";
  private static final String BY_SECRET = "mathesar.org/credentials-secret";
  private static final Logger log = LoggerFactory.getLogger(MathesarDatabaseReconciler.class);

  private final OperatorConfig config;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final ShutdownGate gate;
  private final AdminSessions sessions;
  private final ConnectionExecutor executor;
  private InformerEventSource<Mathesar, MathesarDatabase> instances;
  private InformerEventSource<Secret, MathesarDatabase> secrets;

  /**
   * @param sessions the admin sessions to the instances' RPC API, shared with the Mathesar
   *     controller
   */
  public MathesarDatabaseReconciler(
      OperatorConfig config,
      EventRecorder events,
      OperatorMetrics metrics,
      ShutdownGate gate,
      AdminSessions sessions) {
    this(config, events, metrics, gate, new ConnectionExecutor(), sessions);
  }

  MathesarDatabaseReconciler(
      OperatorConfig config,
      EventRecorder events,
      OperatorMetrics metrics,
      ShutdownGate gate,
      ConnectionExecutor executor,
      AdminSessions sessions) {
    this.config = config;
    this.events = events;
    this.metrics = metrics;
    this.gate = gate;
    this.executor = executor;
    this.sessions = sessions;
  }

  @Override
  public List<EventSource<?, MathesarDatabase>> prepareEventSources(
      EventSourceContext<MathesarDatabase> context) {
    var cache = context.getPrimaryCache();
    cache.addIndexer(
        BY_INSTANCE,
        db ->
            db.getSpec() == null || db.getSpec().getInstanceRef() == null
                ? List.of()
                : List.of(
                    key(db.getMetadata().getNamespace(), db.getSpec().getInstanceRef().getName())));
    cache.addIndexer(
        BY_SECRET,
        db ->
            secretName(db)
                .map(n -> List.of(key(db.getMetadata().getNamespace(), n)))
                .orElse(List.of()));
    instances =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Mathesar.class, MathesarDatabase.class)
                .withName(INSTANCES)
                .withSecondaryToPrimaryMapper(
                    m ->
                        primaries(
                            cache.byIndex(
                                BY_INSTANCE,
                                key(m.getMetadata().getNamespace(), m.getMetadata().getName()))))
                .withPrimaryToSecondaryMapper(
                    (MathesarDatabase db) ->
                        db.getSpec() == null || db.getSpec().getInstanceRef() == null
                            ? Set.of()
                            : Set.of(
                                new ResourceID(
                                    db.getSpec().getInstanceRef().getName(),
                                    db.getMetadata().getNamespace())))
                .withOnUpdateFilter(InstanceChange::matters)
                .build(),
            context);
    secrets =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Secret.class, MathesarDatabase.class)
                .withName(SECRETS)
                .withSecondaryToPrimaryMapper(
                    s ->
                        primaries(
                            cache.byIndex(
                                BY_SECRET,
                                key(s.getMetadata().getNamespace(), s.getMetadata().getName()))))
                .withPrimaryToSecondaryMapper(
                    (MathesarDatabase db) ->
                        secretName(db)
                            .map(n -> Set.of(new ResourceID(n, db.getMetadata().getNamespace())))
                            .orElse(Set.of()))
                .build(),
            context);
    return List.of(instances, secrets);
  }

  @Override
  public UpdateControl<MathesarDatabase> reconcile(
      MathesarDatabase db, Context<MathesarDatabase> context) {
    if (!gate.enter()) {
      return UpdateControl.noUpdate();
    }
    MDC.put("namespace", db.getMetadata().getNamespace());
    MDC.put("resource", db.getMetadata().getNamespace() + "/" + db.getMetadata().getName());
    try {
      var outcome = connect(db, context);
      var status = ConnectionStatus.of(db, outcome, StatusWriter.now());
      metrics.databaseReady(db, outcome.ready());
      recordTransition(db, status);
      if (!status.equals(db.getStatus())) {
        StatusWriter.write(db, status, context, MathesarDatabase::new);
      }
      var control = UpdateControl.<MathesarDatabase>noUpdate();
      if (outcome.ready()) {
        return control.rescheduleAfter(ResyncPeriod.of(db.getSpec()));
      }
      // Spec problems and a waiting instance come back through their watches; the rest is retried.
      return waitsForAnEvent(outcome.reason())
          ? control
          : control.rescheduleAfter(ResyncPeriod.afterFailure(db.getSpec()));
    } finally {
      MDC.remove("namespace");
      MDC.remove("resource");
      gate.exit();
    }
  }

  private ConnectionOutcome connect(MathesarDatabase db, Context<MathesarDatabase> context) {
    var ns = db.getMetadata().getNamespace();
    var instance = instance(db);
    var siblings = context.getPrimaryCache().list(ns).toList();
    var validated = ConnectionSpecValidator.validate(db, instance, this::secret, siblings);
    if (!validated.problems().isEmpty()) {
      log.info(
          "not connecting: {}", validated.problems().stream().map(SpecProblem::reason).toList());
      return ConnectionOutcome.notReady(
          validated.problems().get(0).reason(),
          validated.problems().stream()
              .map(SpecProblem::describe)
              .collect(Collectors.joining("; ")));
    }
    var m = instance.orElseThrow();
    var notServing = InstanceChange.notServing(m);
    if (notServing.isPresent()) {
      return ConnectionOutcome.notReady("InstanceNotReady", notServing.get());
    }
    var api = adminApi(m);
    if (api.isEmpty()) {
      return ConnectionOutcome.notReady(
          "AdminSecretMissing",
          "Secret "
              + ResolvedInstance.adminSecretInUse(m)
              + " with the admin's"
              + " username and password does not exist or lacks a key; the operator logs in to Mathesar with it");
    }
    var desired = validated.desired().orElseThrow();
    var password =
        secret(ns, desired.credentialsSecret())
            .flatMap(s -> SecretValues.of(s, desired.passwordKey()))
            .orElseThrow();
    var result =
        executor.run(api.get(), desired, db.getStatus(), password, m.getMetadata().getUid());
    if (!result.calls().isEmpty()) {
      log.info("Mathesar calls: {} -> {}", result.calls(), result.outcome().reason());
    }
    if ("AdminLoginFailed".equals(result.outcome().reason())) {
      sessions.forget(m.getMetadata().getUid());
    }
    return result.outcome();
  }

  /**
   * Deleting disconnects the database from Mathesar; its data stays in PostgreSQL. An instance that
   * is gone or going cannot be asked and does not block the deletion; one that is only not Ready
   * yet is waited for, so that the connection is not left behind.
   */
  @Override
  public DeleteControl cleanup(MathesarDatabase db, Context<MathesarDatabase> context) {
    if (!gate.enter()) {
      return DeleteControl.noFinalizerRemoval();
    }
    try {
      metrics.forgetDatabase(db);
      var status = db.getStatus();
      var instance = instance(db);
      if (status == null
          || status.getDatabaseId() == null
          || instance.isEmpty()
          || instance.get().getMetadata().getDeletionTimestamp() != null
          || !instance.get().getMetadata().getUid().equals(status.getInstanceUid())) {
        return DeleteControl.defaultDelete();
      }
      var m = instance.get();
      var notServing = InstanceChange.notServing(m);
      var api = adminApi(m);
      if (notServing.isPresent() || api.isEmpty()) {
        log.info("waiting to disconnect: {}", notServing.orElse("no admin Secret"));
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(ResyncPeriod.AFTER_FAILURE);
      }
      try {
        var databases = api.get().databases();
        var listed =
            databases.stream()
                .filter(
                    d ->
                        d.id() == status.getDatabaseId()
                            && d.name().equals(db.getSpec().getDatabase()))
                .findFirst();
        // The last database of its server takes the server's record and stored roles with it: left
        // behind, a role's stale password would be kept by a later connect_existing.
        var last =
            listed.isPresent()
                && databases.stream()
                    .noneMatch(
                        d ->
                            d.serverId() == listed.get().serverId() && d.id() != listed.get().id());
        if (listed.isPresent()) {
          var password =
              secretName(db)
                  .flatMap(n -> secret(db.getMetadata().getNamespace(), n))
                  .flatMap(s -> SecretValues.of(s, passwordKey(db)));
          api.get().disconnect(listed.get().id(), status.getRole(), password.orElse(null), last);
          events.record(
              db,
              "Normal",
              "Disconnected",
              "Mathesar "
                  + m.getMetadata().getName()
                  + " no longer lists "
                  + status.getConnection()
                  + "; the database and its data are untouched");
        }
        return DeleteControl.defaultDelete();
      } catch (RpcException e) {
        events.record(
            db,
            "Warning",
            "DisconnectFailed",
            "Mathesar answered "
                + e.method()
                + ": "
                + e.getMessage()
                + "; the operator tries again");
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(ResyncPeriod.AFTER_FAILURE);
      }
    } finally {
      gate.exit();
    }
  }

  @Override
  public ErrorStatusUpdateControl<MathesarDatabase> updateErrorStatus(
      MathesarDatabase db, Context<MathesarDatabase> context, Exception e) {
    var message = String.valueOf(e.getMessage());
    var outcome =
        ConnectionOutcome.notReady(
            "ReconcileFailed",
            message.length() > 500 ? message.substring(0, 500) + "..." : message);
    var status = ConnectionStatus.of(db, outcome, StatusWriter.now());
    recordTransition(db, status);
    StatusWriter.write(db, status, context, MathesarDatabase::new);
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  private Optional<MathesarApi> adminApi(Mathesar m) {
    var admin = secret(m.getMetadata().getNamespace(), ResolvedInstance.adminSecretInUse(m));
    var username = admin.flatMap(s -> SecretValues.of(s, "username"));
    var password = admin.flatMap(s -> SecretValues.of(s, "password"));
    if (username.isEmpty() || password.isEmpty()) {
      return Optional.empty();
    }
    var base = config.mathesarUrl(ObjectNames.service(m), m.getMetadata().getNamespace());
    return Optional.of(
        sessions.api(
            m.getMetadata().getUid(),
            m.getMetadata().getNamespace(),
            base,
            username.get(),
            password.get()));
  }

  /** An Event when Ready changes: connected (again), or why not. */
  private void recordTransition(MathesarDatabase db, MathesarDatabaseStatus next) {
    var before =
        db.getStatus() == null
            ? Optional.<io.fabric8.kubernetes.api.model.Condition>empty()
            : Conditions.find(db.getStatus().getConditions(), Conditions.READY);
    var after = Conditions.find(next.getConditions(), Conditions.READY).orElseThrow();
    var changed =
        before.isEmpty()
            || !before.get().getStatus().equals(after.getStatus())
            || !before.get().getReason().equals(after.getReason());
    if (!changed) {
      return;
    }
    var ready = Conditions.TRUE.equals(after.getStatus());
    var waiting = "InstanceNotReady".equals(after.getReason()) && before.isEmpty();
    if (!waiting) {
      events.record(db, ready ? "Normal" : "Warning", after.getReason(), after.getMessage());
    }
  }

  // A conflict with another MathesarDatabase (DuplicateDatabase, RoleCredentialsConflict) is not in
  // the list: no watch maps one resource's edit or deletion to its siblings, so the retry is what
  // sees it. The retry reads only caches.
  private static boolean waitsForAnEvent(String reason) {
    return switch (reason) {
      case "InstanceNotReady",
          "InstanceNotFound",
          "AdminSecretMissing",
          "CredentialsSecretMissing",
          "CredentialsKeyMissing",
          "ConnectionChanged",
          "RoleChanged",
          "HostRequired",
          "CredentialsSecretRequired",
          "CreateOnInstanceServer",
          "InvalidSpec" ->
          true;
      default -> false;
    };
  }

  private Optional<Mathesar> instance(MathesarDatabase db) {
    if (db.getSpec() == null || db.getSpec().getInstanceRef() == null) {
      return Optional.empty();
    }
    return instances.get(
        new ResourceID(db.getSpec().getInstanceRef().getName(), db.getMetadata().getNamespace()));
  }

  private Optional<Secret> secret(String namespace, String name) {
    return secrets.get(new ResourceID(name, namespace));
  }

  private static Optional<String> secretName(MathesarDatabase db) {
    return db.getSpec() == null || db.getSpec().getCredentialsSecret() == null
        ? Optional.empty()
        : Optional.ofNullable(db.getSpec().getCredentialsSecret().getName());
  }

  private static String passwordKey(MathesarDatabase db) {
    var key =
        db.getSpec().getCredentialsSecret() == null
            ? null
            : db.getSpec().getCredentialsSecret().getPasswordKey();
    return key == null ? "password" : key;
  }

  private static Set<ResourceID> primaries(List<MathesarDatabase> dbs) {
    return dbs.stream().map(ResourceID::fromResource).collect(Collectors.toSet());
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
