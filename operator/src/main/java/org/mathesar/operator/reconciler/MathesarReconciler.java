package org.mathesar.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
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
import org.mathesar.operator.dependentresource.DeploymentDependentResource;
import org.mathesar.operator.dependentresource.MediaPvcDependentResource;
import org.mathesar.operator.dependentresource.SecretKeySecretDependentResource;
import org.mathesar.operator.dependentresource.ServiceDependentResource;
import org.mathesar.operator.desired.ObjectNames;
import org.mathesar.operator.desired.ResolvedInstance;
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
 * Validates a Mathesar resource, then applies its objects in order: SECRET_KEY, media volume,
 * Service, Deployment. The dependents are called explicitly (not through a managed workflow) so a
 * failed validation touches nothing at all: what runs keeps running.
 */
@ControllerConfiguration(
    name = MathesarReconciler.NAME,
    maxReconciliationInterval = @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
public class MathesarReconciler implements Reconciler<Mathesar> {
  public static final String NAME = "mathesar";
  private static final Logger log = LoggerFactory.getLogger(MathesarReconciler.class);

  private final OperatorConfig config;
  private final EventRecorder events;
  private final SecretKeySecretDependentResource secretKey = new SecretKeySecretDependentResource();
  private final MediaPvcDependentResource media = new MediaPvcDependentResource();
  private final ServiceDependentResource service = new ServiceDependentResource();
  private final DeploymentDependentResource deployment = new DeploymentDependentResource();
  private final ReferencedSecrets referencedSecrets = new ReferencedSecrets();

  public MathesarReconciler(OperatorConfig config, EventRecorder events) {
    this.config = config;
    this.events = events;
  }

  @Override
  public List<EventSource<?, Mathesar>> prepareEventSources(EventSourceContext<Mathesar> context) {
    var sources = new ArrayList<>(EventSourceUtils.dependentEventSources(context, secretKey, media, service, deployment));
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
    var existingDeployment = deployment.getSecondaryResource(m, context);
    var problems = new ArrayList<>(SpecValidator.validate(m, secrets, media.getSecondaryResource(m, context)));
    if (problems.isEmpty() && m.getSpec().getSecretKeySecret() == null) {
      var recorded = m.getStatus() != null && m.getStatus().getSecretKeySecret() != null;
      var generated = secrets.find(m.getMetadata().getNamespace(), ObjectNames.generatedSecretKeySecret(m));
      SecretKeyGuard.check(m, generated, recorded || existingDeployment.isPresent()).ifPresent(problems::add);
    }

    List<SpecProblem> warnings = List.of();
    String secretKeySecret = null;
    if (problems.isEmpty()) {
      var instance = ResolvedInstance.resolve(m, config, "");
      warnings = SpecWarnings.of(instance);
      existingDeployment = apply(m, context, instance, secrets);
      secretKeySecret = instance.secretKeySecretName();
    } else {
      log.info("not applying: {}", problems.stream().map(SpecProblem::reason).toList());
    }

    var observation =
        new StatusAggregator.Observation(m, problems, warnings, existingDeployment, secretKeySecret);
    return updateStatus(m, StatusAggregator.aggregate(observation, now()));
  }

  /** Applies every object of a valid instance; returns the Deployment as written. */
  private Optional<Deployment> apply(
      Mathesar m, Context<Mathesar> context, ResolvedInstance instance, SecretLookup secrets) {
    var workflowContext = context.managedWorkflowAndDependentResourceContext();
    workflowContext.put(ResolvedInstance.class, instance);
    Optional<Secret> keySecret = Optional.empty();
    if (instance.usesGeneratedSecretKey()) {
      keySecret = secretKey.reconcile(m, context).getSingleResource();
    }
    // The informer may not have seen the Secret just created; hash what was written.
    var justWritten = keySecret;
    SecretLookup current =
        (ns, name) -> justWritten.filter(s -> s.getMetadata().getName().equals(name)).or(() -> secrets.find(ns, name));
    workflowContext.put(ResolvedInstance.class, instance.withSecretsHash(ReferencedSecrets.hash(m, current)));
    media.reconcile(m, context);
    service.reconcile(m, context);
    return deployment.reconcile(m, context).getSingleResource();
  }

  private UpdateControl<Mathesar> updateStatus(Mathesar m, MathesarStatus status) {
    var before = m.getStatus() == null ? List.<io.fabric8.kubernetes.api.model.Condition>of() : m.getStatus().getConditions();
    events.recordTransitions(m, before, status.getConditions());
    if (status.equals(m.getStatus())) {
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
    var others = status.getConditions().stream().filter(c -> !Conditions.DEGRADED.equals(c.getType())).toList();
    var next = new ArrayList<>(others);
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
