package org.mathesar.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceUtils;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.mathesar.operator.config.OperatorConfig;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MathesarStatus;
import org.mathesar.operator.dependentresource.AdminJobDependentResource;
import org.mathesar.operator.dependentresource.AdminSecretDependentResource;
import org.mathesar.operator.dependentresource.DeployedVersion;
import org.mathesar.operator.dependentresource.DeploymentDependentResource;
import org.mathesar.operator.dependentresource.MediaPvcDependentResource;
import org.mathesar.operator.dependentresource.MigrationJobDependentResource;
import org.mathesar.operator.dependentresource.SecretKeySecretDependentResource;
import org.mathesar.operator.dependentresource.ServiceDependentResource;
import org.mathesar.operator.desired.JobFactory;
import org.mathesar.operator.desired.Labels;
import org.mathesar.operator.desired.ObjectNames;
import org.mathesar.operator.desired.ResolvedInstance;
import org.mathesar.operator.status.RolloutProgress;
import org.mathesar.operator.status.RolloutProgress.Stage;
import org.mathesar.operator.status.Conditions;
import org.mathesar.operator.status.EventRecorder;
import org.mathesar.operator.status.StatusAggregator;
import org.mathesar.operator.validation.SecretKeyGuard;
import org.mathesar.operator.validation.SpecProblem;
import org.mathesar.operator.validation.SpecValidator;
import org.mathesar.operator.validation.SpecWarnings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

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
public class MathesarReconciler implements Reconciler<Mathesar> {
  public static final String NAME = "mathesar";
  /** Set it to a new value to run a failed migration again without changing the spec. */
  public static final String RETRY_MIGRATION_ANNOTATION = "mathesar.org/retry-migration";
  private static final Logger log = LoggerFactory.getLogger(MathesarReconciler.class);

  private final OperatorConfig config;
  private final EventRecorder events;
  private final SecretKeySecretDependentResource secretKey = new SecretKeySecretDependentResource();
  private final AdminSecretDependentResource adminSecret = new AdminSecretDependentResource();
  private final MediaPvcDependentResource media = new MediaPvcDependentResource();
  private final ServiceDependentResource service = new ServiceDependentResource();
  private final MigrationJobDependentResource migrationJob = new MigrationJobDependentResource();
  private final AdminJobDependentResource adminJob = new AdminJobDependentResource();
  private final DeploymentDependentResource deployment = new DeploymentDependentResource();
  private final ReferencedSecrets referencedSecrets = new ReferencedSecrets();

  public MathesarReconciler(OperatorConfig config, EventRecorder events) {
    this.config = config;
    this.events = events;
  }

  @Override
  public List<EventSource<?, Mathesar>> prepareEventSources(EventSourceContext<Mathesar> context) {
    var sources = new ArrayList<>(EventSourceUtils.dependentEventSources(
        context, secretKey, adminSecret, media, service, migrationJob, adminJob, deployment));
    sources.add(referencedSecrets.createEventSource(context));
    return sources;
  }

  @Override
  public UpdateControl<Mathesar> reconcile(Mathesar m, Context<Mathesar> context) {
    MDC.put("namespace", m.getMetadata().getNamespace());
    MDC.put("instance", m.getMetadata().getName());
    try {
      return doReconcile(m, context);
    } finally {
      MDC.remove("namespace");
      MDC.remove("instance");
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
    if (problems.isEmpty() && m.getSpec().getSecretKeySecret() == null) {
      var recorded = status.getSecretKeySecret() != null;
      var generated = secrets.find(m.getMetadata().getNamespace(), ObjectNames.generatedSecretKeySecret(m));
      SecretKeyGuard.check(m, generated, recorded || existingDeployment.isPresent()).ifPresent(problems::add);
    }

    List<SpecProblem> warnings = List.of();
    String secretKeySecret = null;
    var progress = new RolloutProgress(
        Stage.WAITING, status.getMigratedVersion(), Boolean.TRUE.equals(status.getAdminCreated()),
        status.getFailedMigration(), null);
    if (problems.isEmpty()) {
      context.managedWorkflowAndDependentResourceContext().put(ResolvedInstance.class, instance);
      warnings = new ArrayList<>(SpecWarnings.of(instance));
      instance = applySecrets(m, context, instance, secrets, status, warnings);
      media.reconcile(m, context);
      service.reconcile(m, context);
      progress = migrate(m, context, instance, status);
      if (progress.migratedVersion() != null) {
        progress = createAdmin(m, context, progress, status);
      }
      if (progress.adminCreated() && progress.migratedVersion() != null) {
        existingDeployment = deploy(m, context, instance, progress.migratedVersion(), existingDeployment);
      }
      secretKeySecret = instance.secretKeySecretName();
    } else {
      log.info("not applying: {}", problems.stream().map(SpecProblem::reason).toList());
    }

    var observation = new StatusAggregator.Observation(
        m, problems, warnings, existingDeployment, secretKeySecret, progress,
        instance == null ? null : instance.version(),
        instance == null ? null : ResolvedInstance.adminSecretName(m));
    return updateStatus(m, StatusAggregator.aggregate(observation, now()));
  }

  /** The SECRET_KEY and admin Secrets, then the instance with the hash of what its pods read. */
  private ResolvedInstance applySecrets(
      Mathesar m, Context<Mathesar> context, ResolvedInstance instance, SecretLookup secrets,
      MathesarStatus status, List<SpecProblem> warnings) {
    Optional<Secret> keySecret = Optional.empty();
    if (instance.usesGeneratedSecretKey()) {
      keySecret = secretKey.reconcile(m, context).getSingleResource();
    }
    if (instance.usesGeneratedAdminSecret()) {
      var adminSecretName = ObjectNames.generatedAdminSecret(m);
      var exists = secrets.find(m.getMetadata().getNamespace(), adminSecretName).isPresent();
      if (!Boolean.TRUE.equals(status.getAdminCreated()) || exists) {
        adminSecret.reconcile(m, context);
      } else {
        // Making new credentials now would not change the admin that exists; say so instead.
        warnings.add(new SpecProblem("AdminSecretMissing", "Secret " + adminSecretName,
            "the first admin was created from this Secret, which is gone; the admin still exists."
                + " Reset its password in Mathesar or with manage.py changepassword"));
      }
    }
    // The informer may not have seen a Secret just created; hash what was written.
    var justWritten = keySecret;
    SecretLookup current =
        (ns, name) -> justWritten.filter(s -> s.getMetadata().getName().equals(name)).or(() -> secrets.find(ns, name));
    var hashed = instance.withSecretsHash(ReferencedSecrets.hash(m, current));
    context.managedWorkflowAndDependentResourceContext().put(ResolvedInstance.class, hashed);
    return hashed;
  }

  /**
   * Runs the target version's migration Job unless that version is migrated. A failed Job is kept
   * for its logs and not retried until the spec changes or the retry annotation gets a new value.
   */
  private RolloutProgress migrate(Mathesar m, Context<Mathesar> context, ResolvedInstance instance, MathesarStatus status) {
    var migrated = status.getMigratedVersion();
    var adminCreated = Boolean.TRUE.equals(status.getAdminCreated());
    var target = instance.version();
    var jobName = ObjectNames.migrationJob(m, target);
    if (target.equals(migrated)) {
      // Recorded in status: the Job has done its work and may go.
      migrationJob.getSecondaryResource(m, context)
          .filter(j -> JobState.of(j) == JobState.SUCCEEDED)
          .ifPresent(j -> context.getClient().resource(j).delete());
      return new RolloutProgress(Stage.DEPLOYED, migrated, adminCreated, null, null);
    }
    var generation = m.getMetadata().getGeneration();
    var retryToken = m.getMetadata().getAnnotations() == null ? null : m.getMetadata().getAnnotations().get(RETRY_MIGRATION_ANNOTATION);
    var failed = status.getFailedMigration();
    var job = migrationJob.getSecondaryResource(m, context);
    if (job.isPresent()) {
      switch (JobState.of(job.get())) {
        case SUCCEEDED:
          events.record(m, "Normal", "Migrated", "Job " + jobName + " migrated the database to " + target);
          return new RolloutProgress(Stage.DEPLOYED, target, adminCreated, null, jobName);
        case RUNNING:
          return new RolloutProgress(Stage.MIGRATING, migrated, adminCreated, null, jobName);
        case FAILED:
        default:
          boolean sameAttempt = failed != null && jobName.equals(failed.getJob())
              && java.util.Objects.equals(generation, failed.getGeneration())
              && java.util.Objects.equals(retryToken, failed.getRetryToken());
          if (failed == null || sameAttempt) {
            var record = failed != null ? failed
                : new org.mathesar.operator.customresource.FailedMigration(target, jobName, generation, retryToken);
            return new RolloutProgress(Stage.MIGRATION_FAILED, migrated, adminCreated, record, jobName);
          }
          log.info("retrying migration to {}: deleting failed Job {}", target, jobName);
          context.getClient().resource(job.get()).delete();
          return new RolloutProgress(Stage.MIGRATING, migrated, adminCreated, null, jobName);
      }
    }
    // Only the newest failed attempt is kept for diagnosis.
    context.getSecondaryResourcesAsStream(Job.class)
        .filter(j -> JobFactory.MIGRATE_COMPONENT.equals(j.getMetadata().getLabels().get(Labels.COMPONENT)))
        .filter(j -> !jobName.equals(j.getMetadata().getName()))
        .forEach(j -> context.getClient().resource(j).delete());
    migrationJob.reconcile(m, context);
    return new RolloutProgress(Stage.MIGRATING, migrated, adminCreated, null, jobName);
  }

  /** Creates the first admin once; until then no web pod exists, so nobody else can claim it. */
  private RolloutProgress createAdmin(Mathesar m, Context<Mathesar> context, RolloutProgress progress, MathesarStatus status) {
    var job = adminJob.getSecondaryResource(m, context);
    if (progress.adminCreated()) {
      if (Boolean.TRUE.equals(status.getAdminCreated())) {
        job.filter(j -> JobState.of(j) == JobState.SUCCEEDED).ifPresent(j -> context.getClient().resource(j).delete());
      }
      return progress;
    }
    var name = ObjectNames.adminJob(m);
    if (job.isEmpty()) {
      adminJob.reconcile(m, context);
      return withStage(progress, Stage.CREATING_ADMIN, name, false);
    }
    return switch (JobState.of(job.get())) {
      case SUCCEEDED -> {
        events.record(m, "Normal", "AdminCreated",
            "the first admin exists; its credentials are in Secret " + ResolvedInstance.adminSecretName(m));
        yield withStage(progress, progress.stage(), name, true);
      }
      case RUNNING -> withStage(progress, Stage.CREATING_ADMIN, name, false);
      case FAILED -> withStage(progress, Stage.ADMIN_FAILED, name, false);
    };
  }

  private static RolloutProgress withStage(RolloutProgress p, Stage stage, String job, boolean adminCreated) {
    // A running or failed migration of an upgrade is the more important news.
    var keep = p.stage() == Stage.MIGRATING || p.stage() == Stage.MIGRATION_FAILED;
    return new RolloutProgress(keep ? p.stage() : stage, p.migratedVersion(), adminCreated,
        p.failedMigration(), keep ? p.job() : job);
  }

  /** The Deployment runs the migrated version; during an upgrade that is still the old one. */
  private Optional<Deployment> deploy(
      Mathesar m, Context<Mathesar> context, ResolvedInstance instance, String version, Optional<Deployment> existing) {
    String image;
    if (version.equals(instance.version())) {
      image = instance.image();
    } else {
      image = existing
          .map(d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
          .orElse(config.imageRepository() + ":" + version);
    }
    context.managedWorkflowAndDependentResourceContext().put(DeployedVersion.class, new DeployedVersion(version, image));
    return deployment.reconcile(m, context).getSingleResource();
  }

  private UpdateControl<Mathesar> updateStatus(Mathesar m, MathesarStatus status) {
    var previous = m.getStatus();
    var before = previous == null ? List.<Condition>of() : previous.getConditions();
    events.recordTransitions(m, before, status.getConditions());
    events.recordPhase(m, previous == null ? null : previous.getPhase(), status.getPhase());
    if (status.equals(previous)) {
      return UpdateControl.noUpdate();
    }
    m.setStatus(status);
    return UpdateControl.patchStatus(m);
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
    m.setStatus(status);
    return ErrorStatusUpdateControl.patchStatus(m);
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
