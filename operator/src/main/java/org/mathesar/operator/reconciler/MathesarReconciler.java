package org.mathesar.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceUtils;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.mathesar.operator.config.OperatorConfig;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MathesarStatus;
import org.mathesar.operator.database.ConnectionTarget;
import org.mathesar.operator.database.DatabaseChecks;
import org.mathesar.operator.database.RecheckPolicy;
import org.mathesar.operator.dependentresource.AdminJobDependentResource;
import org.mathesar.operator.dependentresource.AdminSecretDependentResource;
import org.mathesar.operator.dependentresource.DatabaseClusterDependentResource;
import org.mathesar.operator.dependentresource.DisruptionBudgetDependentResource;
import org.mathesar.operator.dependentresource.DeploymentDependentResource;
import org.mathesar.operator.dependentresource.HttpRouteDependentResource;
import org.mathesar.operator.dependentresource.IngressDependentResource;
import org.mathesar.operator.dependentresource.MathesarDependentResource;
import org.mathesar.operator.dependentresource.MediaPvcDependentResource;
import org.mathesar.operator.dependentresource.MigrationJobDependentResource;
import org.mathesar.operator.dependentresource.NetworkPolicyDependentResource;
import org.mathesar.operator.dependentresource.SecretKeySecretDependentResource;
import org.mathesar.operator.dependentresource.ServiceDependentResource;
import org.mathesar.operator.desired.ClusterFactory;
import org.mathesar.operator.desired.DatabaseMode;
import org.mathesar.operator.desired.DisruptionBudgetFactory;
import org.mathesar.operator.desired.HttpRouteFactory;
import org.mathesar.operator.desired.ObjectNames;
import org.mathesar.operator.desired.ResolvedInstance;
import org.mathesar.operator.rollout.RolloutAction;
import org.mathesar.operator.rollout.RolloutPlanner;
import org.mathesar.operator.rollout.RolloutProgress;
import org.mathesar.operator.rollout.RolloutProgress.Stage;
import org.mathesar.operator.status.Conditions;
import org.mathesar.operator.events.EventRecorder;
import org.mathesar.operator.status.ExternalDatabaseCondition;
import org.mathesar.operator.metrics.OperatorMetrics;
import org.mathesar.operator.status.StatusAggregator;
import org.mathesar.operator.validation.DatabaseClusterValidator;
import org.mathesar.operator.validation.SecretKeyGuard;
import org.mathesar.operator.validation.SpecProblem;
import org.mathesar.operator.validation.SpecValidator;
import org.mathesar.operator.validation.SpecWarnings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.mathesar.operator.lookup.SecretLookup;
import org.mathesar.operator.dependentresource.DesiredInputs;

/**
 * Validates a Mathesar resource, then brings it to its target version in order: Secrets, media
 * volume, Service; the version's migration Job; the first admin; the Deployment, which always runs the
 * last migrated version. The dependents are called explicitly (not through a managed workflow) so a
 * failed validation touches nothing at all: what runs keeps running.
 */
@ControllerConfiguration(
    name = MathesarReconciler.NAME,
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = MathesarUpdateFilter.class),
    maxReconciliationInterval = @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
public class MathesarReconciler implements Reconciler<Mathesar>, Cleaner<Mathesar> {
  public static final String NAME = "mathesar";
  /** Set it to a new value to run a failed migration again without changing the spec. */
  public static final String RETRY_MIGRATION_ANNOTATION =
      org.mathesar.operator.desired.MetadataKeys.RETRY_MIGRATION_ANNOTATION;
  /**
   * How long a reconciliation waits for the first answer about a database: long enough for the usual
   * answer (milliseconds), short enough that an unresponsive server never holds a thread up.
   */
  static final Duration FIRST_CHECK_WAIT = Duration.ofMillis(1500);
  private static final Logger log = LoggerFactory.getLogger(MathesarReconciler.class);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final OperatorConfig config;
  private final EventRecorder events;
  private final SecretKeySecretDependentResource secretKey = new SecretKeySecretDependentResource();
  private final AdminSecretDependentResource adminSecret = new AdminSecretDependentResource();
  private final MediaPvcDependentResource media = new MediaPvcDependentResource();
  private final ServiceDependentResource service = new ServiceDependentResource();
  private final MigrationJobDependentResource migrationJob = new MigrationJobDependentResource();
  private final AdminJobDependentResource adminJob = new AdminJobDependentResource();
  private final DeploymentDependentResource deployment = new DeploymentDependentResource();
  private final DatabaseClusterDependentResource cluster = new DatabaseClusterDependentResource();
  private final CloudNativePGWatch cloudNativePG = new CloudNativePGWatch(cluster);
  private final IngressDependentResource ingress = new IngressDependentResource();
  /** Made when the event sources are, once the served PodDisruptionBudget version is known. */
  private DisruptionBudgetDependentResource disruptionBudget;
  private final NetworkPolicyDependentResource networkPolicy = new NetworkPolicyDependentResource();
  private final HttpRouteDependentResource httpRoute = new HttpRouteDependentResource();
  private final OptionalCrdWatch gatewayApi = new OptionalCrdWatch(HttpRouteFactory.CRD_NAME, HttpRouteFactory.HTTP_ROUTE.getVersion(), httpRoute);
  private final OperatorMetrics metrics;
  private final ShutdownGate gate;
  private final ReferencedSecrets referencedSecrets = new ReferencedSecrets();
  private final DatabaseChecks databaseChecks = new DatabaseChecks();
  private final RolloutObserver rolloutObserver;
  private final RolloutExecutor rolloutExecutor;

  public MathesarReconciler(OperatorConfig config, EventRecorder events, OperatorMetrics metrics, ShutdownGate gate) {
    this.config = config;
    this.events = events;
    this.metrics = metrics;
    this.gate = gate;
    this.rolloutObserver = new RolloutObserver(config, migrationJob, adminJob);
    this.rolloutExecutor = new RolloutExecutor(migrationJob, adminJob, deployment, events, metrics);
  }

  @Override
  public List<EventSource<?, Mathesar>> prepareEventSources(EventSourceContext<Mathesar> context) {
    var sources = new ArrayList<>(EventSourceUtils.dependentEventSources(
        context, secretKey, adminSecret, media, service, ingress, networkPolicy, migrationJob, adminJob, deployment));
    sources.addAll(referencedSecrets.createEventSources(context));
    // policy/v1 from Kubernetes 1.21, policy/v1beta1 before (and gone from 1.25): asked once, at start.
    var budgetKind = context.getClient().supports(DisruptionBudgetFactory.V1.apiVersion(), DisruptionBudgetFactory.V1.getKind())
        ? DisruptionBudgetFactory.V1 : DisruptionBudgetFactory.V1BETA1;
    disruptionBudget = new DisruptionBudgetDependentResource(budgetKind);
    sources.addAll(EventSourceUtils.dependentEventSources(context, disruptionBudget));
    return sources;
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
    SecretLookup secrets = referencedSecrets::get;
    var status = m.getStatus() == null ? new MathesarStatus() : m.getStatus();
    var existingDeployment = deployment.getSecondaryResource(m, context);
    var problems = new ArrayList<SpecProblem>();
    ResolvedInstance instance = null;
    if (m.getSpec() != null) {
      instance = ResolvedInstance.resolve(m, config, "");
      problems.addAll(SpecValidator.validate(m, instance.version(), secrets, media.getSecondaryResource(m, context)));
    } else {
      problems.addAll(SpecValidator.validate(m, null, secrets, Optional.empty()));
    }
    var cnpgSpec = problems.isEmpty() && instance.database() instanceof DatabaseMode.CloudNativePG cnpg ? cnpg.spec() : null;
    var lookAgain = false;
    Duration checkAgain = null;
    RolloutObserver.Observation observed = null;
    List<RolloutAction> afterStatus = List.of();
    var lookForGatewayApi = false;
    if (cnpgSpec != null) {
      if (cloudNativePG.ensureWatching(context.getClient(), context)) {
        problems.addAll(DatabaseClusterValidator.check(cnpgSpec, cluster.getSecondaryResource(m, context)));
      } else {
        problems.add(new SpecProblem("CloudNativePGNotInstalled", "spec.database.cloudNativePG",
            "CloudNativePG is not installed in this cluster (no CRD " + ClusterFactory.CRD_NAME + "). Install it"
                + " (https://cloudnative-pg.io/documentation/current/installation_upgrade/) or use"
                + " spec.database.external; the operator looks again every " + config.pollSeconds() + " s"));
        lookAgain = true;
      }
    }
    if (problems.isEmpty() && m.getSpec().getSecretKeySecret() == null) {
      var recorded = status.getSecretKeySecret() != null;
      var generated = secrets.find(m.getMetadata().getNamespace(), ObjectNames.generatedSecretKeySecret(m));
      SecretKeyGuard.check(m, generated, recorded || existingDeployment.isPresent()).ifPresent(problems::add);
    }

    List<SpecProblem> warnings = List.of();
    String secretKeySecret = null;
    Condition database = null;
    if (problems.isEmpty()) {
      status = forDatabase(m, status);
    }
    var progress = new RolloutProgress(
        Stage.WAITING, status.getMigratedVersion(), Boolean.TRUE.equals(status.getAdminCreated()),
        status.getFailedMigration(), null);
    if (problems.isEmpty()) {
      DesiredInputs.putInstance(context, instance);
      warnings = new ArrayList<>(SpecWarnings.of(instance));
      instance = applySecrets(m, context, instance, secrets, status, warnings);
      media.reconcile(m, context).getSingleResource().ifPresent(p -> RetainedObjects.clearMark(context.getClient(), p));
      service.reconcile(m, context);
      applyOrRemove(m.getSpec().getIngress() != null && Boolean.TRUE.equals(m.getSpec().getIngress().getEnabled()),
          ingress, m, context);
      applyOrRemove(DisruptionBudgetFactory.wanted(instance), disruptionBudget, m, context);
      applyOrRemove(m.getSpec().getNetworkPolicy() != null && Boolean.TRUE.equals(m.getSpec().getNetworkPolicy().getEnabled()),
          networkPolicy, m, context);
      lookForGatewayApi = !applyHttpRoute(m, context, warnings);
      Optional<GenericKubernetesResource> databaseCluster = Optional.empty();
      if (cnpgSpec != null) {
        databaseCluster = cluster.reconcile(m, context).getSingleResource();
        databaseCluster.ifPresent(c -> RetainedObjects.clearMark(context.getClient(), c));
        database = databaseCondition(m, databaseCluster, secrets);
      }
      var external = cnpgSpec == null ? ExternalDatabase.target(instance, secrets) : Optional.<ConnectionTarget>empty();
      if (external.isPresent()) {
        var serving = existingDeployment.map(DeploymentHealth::allReady).orElse(false);
        var key = m.getMetadata().getNamespace() + "/" + m.getMetadata().getName();
        var result = databaseChecks.latest(key, external.get(), last -> RecheckPolicy.maxAge(serving, last), FIRST_CHECK_WAIT);
        database = ExternalDatabaseCondition.of(external.get(), result);
        checkAgain = RecheckPolicy.comeBackAfter(serving, databaseChecks.checking(key), result).orElse(null);
      }
      var jobsBlocked = ExternalDatabaseCondition.blocksJobs(database, instance.version().equals(status.getMigratedVersion()));
      observed = rolloutObserver.observe(m, context, instance, status, jobsBlocked, databaseCluster, existingDeployment);
      var plan = RolloutPlanner.plan(observed.input());
      existingDeployment = rolloutExecutor.execute(m, context, instance, observed, plan.actions());
      progress = plan.progress();
      lookAgain = progress.stage() == Stage.BACKING_UP || progress.stage() == Stage.BACKUP_FAILED;
      afterStatus = plan.afterStatus();
      secretKeySecret = instance.secretKeySecretName();
    } else {
      log.info("not applying: {}", problems.stream().map(SpecProblem::reason).toList());
    }

    var observation = new StatusAggregator.Observation(
        m, Optional.ofNullable(instance), problems, warnings, existingDeployment, secretKeySecret, progress,
        database,
        problems.isEmpty() ? ResolvedInstance.databaseIdentity(m) : null);
    var aggregated = StatusAggregator.aggregate(observation, now());
    metrics.phase(m, aggregated.getPhase());
    var control = updateStatus(m, aggregated, context);
    // Only now that the status holds their results (a failed write throws before this) may the Jobs go.
    if (!afterStatus.isEmpty() && holdsResults(aggregated, progress)) {
      rolloutExecutor.execute(m, context, instance, observed, afterStatus);
    }
    // CloudNativePG's and the Gateway API's CRDs, and Backups, have no watch: look again.
    var again = new ArrayList<Duration>();
    if (lookAgain || lookForGatewayApi) {
      again.add(Duration.ofSeconds(config.pollSeconds()));
    }
    if (checkAgain != null) {
      again.add(checkAgain);
    }
    return again.stream().min(Duration::compareTo).map(control::rescheduleAfter).orElse(control);
  }

  private static boolean holdsResults(MathesarStatus written, RolloutProgress progress) {
    return java.util.Objects.equals(written.getMigratedVersion(), progress.migratedVersion())
        && Boolean.TRUE.equals(written.getAdminCreated()) == progress.adminCreated();
  }

  /** The SECRET_KEY and admin Secrets, then the instance with the hash of what its pods read. */
  private ResolvedInstance applySecrets(
      Mathesar m, Context<Mathesar> context, ResolvedInstance instance, SecretLookup secrets,
      MathesarStatus status, List<SpecProblem> warnings) {
    Optional<Secret> keySecret = Optional.empty();
    if (instance.usesGeneratedSecretKey()) {
      keySecret = secretKey.reconcile(m, context).getSingleResource();
      keySecret.ifPresent(k -> RetainedObjects.clearMark(context.getClient(), k));
    }
    var adminSecretName = ResolvedInstance.adminSecretName(m);
    var adminSecretExists = secrets.find(m.getMetadata().getNamespace(), adminSecretName).isPresent();
    if (Boolean.TRUE.equals(status.getAdminCreated()) && !adminSecretExists) {
      // New credentials now would not change the admin that exists; say so instead.
      warnings.add(new SpecProblem("AdminSecretMissing", "Secret " + adminSecretName,
          "the first admin was created from this Secret, which is gone; the admin still exists."
              + " Reset its password in Mathesar or with manage.py changepassword"));
    } else if (instance.usesGeneratedAdminSecret()) {
      adminSecret.reconcile(m, context).getSingleResource()
          .ifPresent(a -> RetainedObjects.clearMark(context.getClient(), a));
    }
    // The informer may not have seen a Secret just created; hash what was written.
    var justWritten = keySecret;
    SecretLookup current =
        (ns, name) -> justWritten.filter(s -> s.getMetadata().getName().equals(name)).or(() -> secrets.find(ns, name));
    var hashed = instance.withSecretsHash(ReferencedSecrets.hash(instance, current, referencedSecrets::getConfigMap));
    DesiredInputs.putInstance(context, hashed);
    return hashed;
  }

  /**
   * An optional object follows its switch (spec.ingress.enabled, spec.networkPolicy.enabled, the replicas
   * for the PodDisruptionBudget): applied while wanted, deleted once it is not.
   */
  private static void applyOrRemove(
      boolean wanted, MathesarDependentResource<?> dependent, Mathesar m, Context<Mathesar> context) {
    if (wanted) {
      dependent.reconcile(m, context);
    } else if (dependent.getSecondaryResource(m, context).isPresent()) {
      dependent.delete(m, context);
    }
  }

  /**
   * The HTTPRoute follows spec.httpRoute.enabled. Without the Gateway API the instance still serves
   * (through its Service or Ingress), so a missing CRD is a warning, not a problem.
   *
   * @return false while a wanted route cannot be made because its CRD is missing
   */
  private boolean applyHttpRoute(Mathesar m, Context<Mathesar> context, List<SpecProblem> warnings) {
    var spec = m.getSpec().getHttpRoute();
    if (spec != null && Boolean.TRUE.equals(spec.getEnabled())) {
      if (!gatewayApi.ensureWatching(context.getClient(), context)) {
        warnings.add(new SpecProblem("GatewayApiNotInstalled", "spec.httpRoute",
            "the Gateway API is not installed in this cluster (no CRD " + HttpRouteFactory.CRD_NAME + "), so no"
                + " HTTPRoute is made; the instance is still reachable through its Service"
                + " (and Ingress, if enabled). Install the Gateway API CRDs and a Gateway controller"
                + " (https://gateway-api.sigs.k8s.io/guides/), or set spec.httpRoute.enabled: false;"
                + " the operator looks again every " + config.pollSeconds() + " s"));
        return false;
      }
      httpRoute.reconcile(m, context);
    } else if (gatewayApi.watchingIfInstalled(context.getClient(), context)
        && httpRoute.getSecondaryResource(m, context).isPresent()) {
      httpRoute.delete(m, context);
    }
    return true;
  }

  /**
   * The status as far as the spec's database is concerned: when spec.database names another database
   * than the one migrated, nothing has run against it yet, so migrations and the first admin run again
   * before the pods switch over.
   */
  private MathesarStatus forDatabase(Mathesar m, MathesarStatus status) {
    var identity = ResolvedInstance.databaseIdentity(m);
    if (status.getDatabase() == null || status.getDatabase().equals(identity)) {
      return status;
    }
    if (status.getMigratedVersion() != null) {
      events.record(m, "Normal", "DatabaseChanged", "spec.database now names " + identity + " (was " + status.getDatabase()
          + "): migrations and the first admin run against it before the pods switch over");
    }
    var fresh = JSON.clone(status);
    fresh.setMigratedVersion(null);
    fresh.setAdminCreated(null);
    fresh.setFailedMigration(null);
    return fresh;
  }

  /** DatabaseReady in CloudNativePG mode: the Cluster's own readiness, then its application Secret. */
  private static Condition databaseCondition(
      Mathesar m, Optional<GenericKubernetesResource> databaseCluster, SecretLookup secrets) {
    var name = ObjectNames.databaseCluster(m);
    if (databaseCluster.isEmpty()) {
      return Conditions.of(Conditions.DATABASE_READY, Conditions.FALSE, "ClusterNotReady", "Cluster " + name + " is being created");
    }
    var state = DatabaseClusterState.of(databaseCluster.get());
    if (!state.ready()) {
      return Conditions.of(Conditions.DATABASE_READY, Conditions.FALSE, "ClusterNotReady",
          "CloudNativePG Cluster " + name + ": " + state.describe());
    }
    var app = ObjectNames.databaseAppSecret(m);
    if (secrets.find(m.getMetadata().getNamespace(), app).isEmpty()) {
      return Conditions.of(Conditions.DATABASE_READY, Conditions.FALSE, "AppSecretMissing",
          "CloudNativePG Cluster " + name + " is ready but its Secret " + app + " does not exist yet");
    }
    return Conditions.of(Conditions.DATABASE_READY, Conditions.TRUE, "ClusterReady",
        "CloudNativePG Cluster " + name + ": " + state.describe());
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
      databaseChecks.forget(m.getMetadata().getNamespace() + "/" + m.getMetadata().getName());
      if (RetainedObjects.retains(m)) {
        var kept = RetainedObjects.release(m, context.getClient());
        if (!kept.isEmpty()) {
          events.record(m, "Normal", "Retained", "deletionPolicy Retain kept " + String.join(", ", kept)
              + "; a new Mathesar named " + m.getMetadata().getName() + " in this namespace adopts them");
        }
      }
      return DeleteControl.defaultDelete();
    } finally {
      gate.exit();
    }
  }

  private UpdateControl<Mathesar> updateStatus(Mathesar m, MathesarStatus status, Context<Mathesar> context) {
    var previous = m.getStatus();
    var before = previous == null ? List.<Condition>of() : previous.getConditions();
    events.recordTransitions(m, before, status.getConditions());
    events.recordPhase(m, previous == null ? null : previous.getPhase(), status.getPhase());
    if (previous == null || previous.getPhase() != status.getPhase()) {
      log.info("phase {} -> {}", previous == null ? null : previous.getPhase(), status.getPhase());
    }
    if (!status.equals(previous)) {
      writeStatus(m, status, context);
    }
    return UpdateControl.noUpdate();
  }

  /**
   * The one way the status is written, also after an error. Not through UpdateControl, so that the
   * written resource is cached for the next reconciliation: JOSDK's own status patch is not, and a
   * reconciliation that reads the status from before its predecessor's write records the same Events
   * and writes the same status again (seen under load). A conflict is retried against the newer
   * resource in the cache.
   */
  private static void writeStatus(Mathesar m, MathesarStatus status, Context<Mathesar> context) {
    var withStatus = new Mathesar();
    withStatus.setMetadata(new ObjectMetaBuilder()
        .withName(m.getMetadata().getName()).withNamespace(m.getMetadata().getNamespace()).build());
    withStatus.setStatus(status);
    PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(m, withStatus, context);
  }

  /**
   * An API error while applying (a webhook or quota refusing an object, say) is shown in status;
   * the exception text names the object and the server's reason, never a Secret's content.
   */
  @Override
  public ErrorStatusUpdateControl<Mathesar> updateErrorStatus(Mathesar m, Context<Mathesar> context, Exception e) {
    var status = m.getStatus() == null ? new MathesarStatus() : m.getStatus();
    var message = String.valueOf(e.getMessage());
    if (message.length() > 500) {
      message = message.substring(0, 500) + "...";
    }
    var degraded = Conditions.of(Conditions.DEGRADED, Conditions.TRUE, "ApplyFailed", message);
    var next = new ArrayList<>(status.getConditions().stream().filter(c -> !Conditions.DEGRADED.equals(c.getType())).toList());
    next.add(degraded);
    var generation = m.getMetadata().getGeneration() == null ? 0L : m.getMetadata().getGeneration();
    var before = List.copyOf(status.getConditions());
    status.setConditions(Conditions.merge(before, next, generation, now()));
    events.recordTransitions(m, before, status.getConditions());
    writeStatus(m, status, context);
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
