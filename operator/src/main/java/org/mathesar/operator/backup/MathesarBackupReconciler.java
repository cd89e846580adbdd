package org.mathesar.operator.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.mathesar.operator.config.OperatorConfig;
import org.mathesar.operator.customresource.BackupPhase;
import org.mathesar.operator.customresource.DeletionPolicy;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MathesarBackup;
import org.mathesar.operator.desired.ObjectNames;
import org.mathesar.operator.desired.ResolvedInstance;
import org.mathesar.operator.events.EventRecorder;
import org.mathesar.operator.lookup.SecretLookup;
import org.mathesar.operator.lookup.SecretValues;
import org.mathesar.operator.metrics.OperatorMetrics;
import org.mathesar.operator.reconciler.JobTermination;
import org.mathesar.operator.reconciler.ShutdownGate;
import org.mathesar.operator.rollout.JobState;
import org.mathesar.operator.status.Conditions;
import org.mathesar.operator.status.StatusWriter;
import org.mathesar.operator.validation.BackupTargetCheck;
import org.mathesar.operator.validation.SpecProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Takes a MathesarBackup once: validate (instance, target volume) → observe (its Job and keys
 * Secret, read from the API server, not a cache, so a Job just created is never taken for one that
 * went away) → decide ({@link BackupDecision}) → copy the keys, create the Job → status. A final
 * phase is never left. What the backup wrote goes with the resource only under deletionPolicy
 * Delete (scheduled backups past their retention): a Job removes its directory first.
 */
@ControllerConfiguration(
    name = MathesarBackupReconciler.NAME,
    generationAwareEventProcessing = true)
public class MathesarBackupReconciler
    implements Reconciler<MathesarBackup>, Cleaner<MathesarBackup> {
  public static final String NAME = "mathesarbackup";

  /** How soon a backup that waits for its instance or target is looked at again. */
  static final Duration WAIT = Duration.ofSeconds(15);

  private static final Logger log = LoggerFactory.getLogger(MathesarBackupReconciler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OperatorConfig config;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final ShutdownGate gate;

  public MathesarBackupReconciler(
      OperatorConfig config, EventRecorder events, OperatorMetrics metrics, ShutdownGate gate) {
    this.config = config;
    this.events = events;
    this.metrics = metrics;
    this.gate = gate;
  }

  @Override
  public List<EventSource<?, MathesarBackup>> prepareEventSources(
      EventSourceContext<MathesarBackup> context) {
    return List.of(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Job.class, MathesarBackup.class)
                .withName("backup-jobs")
                .withLabelSelector(BackupNames.BACKUP_LABEL)
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(MathesarBackup.class))
                .build(),
            context));
  }

  @Override
  public UpdateControl<MathesarBackup> reconcile(
      MathesarBackup backup, Context<MathesarBackup> context) {
    if (!gate.enter()) {
      return UpdateControl.noUpdate();
    }
    MDC.put("namespace", backup.getMetadata().getNamespace());
    MDC.put("resource", backup.getMetadata().getNamespace() + "/" + backup.getMetadata().getName());
    try {
      var phase = backup.getStatus() == null ? null : backup.getStatus().getPhase();
      if (phase == BackupPhase.Completed || phase == BackupPhase.Failed) {
        if (phase == BackupPhase.Completed
            && backup.getStatus().getCompletedAt() != null
            && backup.getSpec() != null
            && backup.getSpec().getInstanceRef() != null) {
          metrics.lastBackupCompleted(
              backup.getMetadata().getNamespace(),
              backup.getSpec().getInstanceRef().getName(),
              backup.getStatus().getCompletedAt());
        }
        deleteJob(context.getClient(), backup);
        return UpdateControl.noUpdate();
      }
      var client = context.getClient();
      var ns = backup.getMetadata().getNamespace();
      var instance = instance(client, backup);
      var claim = claim(client, backup);
      var keys = client.secrets().inNamespace(ns).withName(BackupNames.keysSecret(backup)).get();
      var problems =
          BackupSpecValidator.validate(
              backup, instance, claim, secrets(client), Optional.ofNullable(keys));
      var job = jobState(client, backup);
      var decision =
          BackupDecision.decide(
              new BackupDecision.Observation(
                  phase, problems, migrated(instance), keys != null, job));
      BackupStatus.Started started = null;
      if (!decision.actions().isEmpty()) {
        var m = instance.orElseThrow();
        var resolved = ResolvedInstance.resolve(m, config, "");
        if (decision.actions().contains(BackupDecision.Action.COPY_KEYS)) {
          var copy = keysSecret(client, backup, m);
          if (copy.isEmpty()) {
            return write(
                backup,
                context,
                new BackupDecision(
                    List.of(),
                    BackupPhase.Pending,
                    "InstanceSecretsMissing",
                    "the instance's SECRET_KEY or admin Secret is not readable yet; the backup"
                        + " starts when both are"),
                null,
                job);
          }
          client.resource(copy.get()).create();
        }
        started =
            new BackupStatus.Started(
                BackupNames.location(backup).uri(),
                m.getStatus().getMigratedVersion(),
                migratedImage(m, resolved),
                BackupNames.keysSecret(backup));
        client
            .resource(BackupJobFactory.build(backup, resolved, metadata(backup, m, started)))
            .create();
        log.info("backup Job {} created", BackupNames.job(backup));
      }
      return write(backup, context, decision, started, job);
    } finally {
      MDC.remove("namespace");
      MDC.remove("resource");
      gate.exit();
    }
  }

  /**
   * Deletion: under Retain (the default) the files and the keys Secret stay. Under Delete the prune
   * Job removes the backup's directory, then the keys Secret (only the one this backup made) goes,
   * then the resource; a failed prune keeps the finalizer, with a Warning, so that nothing that
   * still holds files disappears unnoticed.
   */
  @Override
  public DeleteControl cleanup(MathesarBackup backup, Context<MathesarBackup> context) {
    if (!gate.enter()) {
      return DeleteControl.noFinalizerRemoval();
    }
    try {
      var spec = backup.getSpec();
      if (spec == null
          || spec.getDeletionPolicy() != DeletionPolicy.Delete
          || spec.getTarget() == null
          || (spec.getTarget().getPersistentVolumeClaim() == null
              && spec.getTarget().getS3() == null)
          || spec.getInstanceRef() == null) {
        return DeleteControl.defaultDelete();
      }
      var client = context.getClient();
      var ns = backup.getMetadata().getNamespace();
      var jobs = client.batch().v1().jobs().inNamespace(ns);
      var prune = jobs.withName(BackupNames.pruneJob(backup)).get();
      // Before the Secrets are asked about: a backup that waited for its credentials and never ran
      // wrote nothing, and must not be held forever by the Secret it waited for.
      if (prune == null && neverRan(backup, jobs.withName(BackupNames.job(backup)).get())) {
        deleteKeys(client, backup);
        return DeleteControl.defaultDelete();
      }
      var blocked = pruneBlocked(client, backup);
      if (blocked.isPresent() && (prune == null || JobState.of(prune) == JobState.RUNNING)) {
        // A prune pod without its credentials never starts, and its Job never ends: say so.
        events.record(
            backup,
            "Warning",
            "PruneBlocked",
            blocked.get().describe()
                + "; the objects at "
                + BackupNames.location(backup).uri()
                + " stay until it does. To let this MathesarBackup go and keep them, remove its"
                + " finalizer: kubectl -n "
                + ns
                + " patch msarbackup "
                + backup.getMetadata().getName()
                + " --type=json -p '[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]'");
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofSeconds(30));
      }
      if (prune == null) {
        deleteJob(client, backup);
        client.resource(BackupPruneJobFactory.build(backup)).create();
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(WAIT);
      }
      return switch (JobState.of(prune)) {
        case RUNNING -> DeleteControl.noFinalizerRemoval().rescheduleAfter(WAIT);
        case FAILED -> {
          events.record(
              backup,
              "Warning",
              "PruneFailed",
              "Job "
                  + BackupNames.pruneJob(backup)
                  + " could not remove "
                  + BackupNames.location(backup).uri()
                  + ": "
                  + JobTermination.message(client, prune).orElse("see its logs")
                  + "; delete the Job to try again");
          yield DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofMinutes(5));
        }
        case SUCCEEDED -> {
          deleteKeys(client, backup);
          deleteJob(client, backup, BackupNames.pruneJob(backup));
          log.info("backup files at {} removed", BackupNames.location(backup).uri());
          yield DeleteControl.defaultDelete();
        }
      };
    } finally {
      gate.exit();
    }
  }

  /**
   * Still Pending (or not yet looked at), no startedAt, and no backup Job. The phase decides, not
   * startedAt alone: after a crash between the Job's creation and the status write, a backup can
   * end Completed or Failed, its Job gone, without ever recording startedAt, and its files are
   * there.
   */
  private static boolean neverRan(MathesarBackup backup, Job backupJob) {
    var status = backup.getStatus();
    return backupJob == null
        && (status == null
            || ((status.getPhase() == null || status.getPhase() == BackupPhase.Pending)
                && status.getStartedAt() == null));
  }

  /** What stops a bucket's prune Job: its credentials or CA Secret gone or without its keys. */
  private static Optional<SpecProblem> pruneBlocked(
      KubernetesClient client, MathesarBackup backup) {
    var s3 = backup.getSpec().getTarget().getS3();
    if (s3 == null) {
      return Optional.empty();
    }
    return BackupTargetCheck.bucket(
            s3, secrets(client), "spec.target.s3", backup.getMetadata().getNamespace())
        .stream()
        .findFirst();
  }

  /** The keys Secret, only if this backup made it (its UID annotation). */
  private static void deleteKeys(KubernetesClient client, MathesarBackup backup) {
    var keys =
        client
            .secrets()
            .inNamespace(backup.getMetadata().getNamespace())
            .withName(BackupNames.keysSecret(backup))
            .get();
    if (keys != null
        && keys.getMetadata().getAnnotations() != null
        && backup
            .getMetadata()
            .getUid()
            .equals(keys.getMetadata().getAnnotations().get(BackupNames.BACKUP_UID_ANNOTATION))) {
      client.resource(keys).delete();
    }
  }

  private UpdateControl<MathesarBackup> write(
      MathesarBackup backup,
      Context<MathesarBackup> context,
      BackupDecision decision,
      BackupStatus.Started started,
      BackupJobState job) {
    var next = BackupStatus.of(backup, decision, started, job, StatusWriter.now());
    if (!next.equals(backup.getStatus())) {
      recordTransition(backup, next);
      StatusWriter.write(backup, next, context, MathesarBackup::new);
      if (decision.isFinal()) {
        metrics.backupFinished(
            backup.getMetadata().getNamespace(),
            backup.getSpec().getInstanceRef().getName(),
            next.getPhase() == BackupPhase.Completed,
            next.getStartedAt(),
            next.getCompletedAt());
      }
    }
    if (decision.isFinal()) {
      deleteJob(context.getClient(), backup);
      return UpdateControl.noUpdate();
    }
    // A running Job comes back through its informer; the rest is looked at again soon.
    return decision.phase() == BackupPhase.Running
        ? UpdateControl.noUpdate()
        : UpdateControl.<MathesarBackup>noUpdate().rescheduleAfter(WAIT);
  }

  /**
   * Once its outcome is in the status, the Job goes with its pod, as the instance's migration Jobs
   * do: a finished pod that still names the media volume keeps it from being deleted (the PVC
   * protection of Kubernetes before 1.23 counts pods that ended), and what it said is in the status
   * message.
   */
  private static void deleteJob(KubernetesClient client, MathesarBackup backup) {
    deleteJob(client, backup, BackupNames.job(backup));
  }

  /** A Job of this backup, with its pods (the prune Job's too names the target volume). */
  private static void deleteJob(KubernetesClient client, MathesarBackup backup, String name) {
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(backup.getMetadata().getNamespace())
        .withName(name)
        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
        .delete();
  }

  private void recordTransition(
      MathesarBackup backup, org.mathesar.operator.customresource.MathesarBackupStatus next) {
    var before =
        backup.getStatus() == null
            ? Optional.<io.fabric8.kubernetes.api.model.Condition>empty()
            : Conditions.find(backup.getStatus().getConditions(), Conditions.READY);
    var after = Conditions.find(next.getConditions(), Conditions.READY).orElseThrow();
    if (before.isPresent() && before.get().getReason().equals(after.getReason())) {
      return;
    }
    var warning = next.getPhase() == BackupPhase.Failed || next.getPhase() == BackupPhase.Pending;
    events.record(backup, warning ? "Warning" : "Normal", after.getReason(), after.getMessage());
  }

  private static Optional<Mathesar> instance(KubernetesClient client, MathesarBackup backup) {
    var spec = backup.getSpec();
    if (spec == null || spec.getInstanceRef() == null || spec.getInstanceRef().getName() == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        client
            .resources(Mathesar.class)
            .inNamespace(backup.getMetadata().getNamespace())
            .withName(spec.getInstanceRef().getName())
            .get());
  }

  private static Optional<PersistentVolumeClaim> claim(
      KubernetesClient client, MathesarBackup backup) {
    var spec = backup.getSpec();
    if (spec == null
        || spec.getTarget() == null
        || spec.getTarget().getPersistentVolumeClaim() == null
        || spec.getTarget().getPersistentVolumeClaim().getClaimName() == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        client
            .persistentVolumeClaims()
            .inNamespace(backup.getMetadata().getNamespace())
            .withName(spec.getTarget().getPersistentVolumeClaim().getClaimName())
            .get());
  }

  /** Each lookup a GET: Secrets are not watched by this controller. */
  private static SecretLookup secrets(KubernetesClient client) {
    return (namespace, name) ->
        Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
  }

  private static boolean migrated(Optional<Mathesar> instance) {
    return instance.map(Mathesar::getStatus).map(s -> s.getMigratedVersion() != null).orElse(false);
  }

  private static String migratedImage(Mathesar m, ResolvedInstance resolved) {
    return m.getStatus().getMigratedImage() != null
        ? m.getStatus().getMigratedImage()
        : resolved.image();
  }

  /** The Job as the API server has it, with the sizes or the reason its container ended with. */
  static BackupJobState jobState(KubernetesClient client, MathesarBackup backup) {
    var job =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(backup.getMetadata().getNamespace())
            .withName(BackupNames.job(backup))
            .get();
    if (job == null) {
      return new BackupJobState.Absent();
    }
    var state = JobState.of(job);
    if (state == JobState.RUNNING) {
      return new BackupJobState.Running();
    }
    var message = JobTermination.message(client, job);
    if (state == JobState.SUCCEEDED) {
      return new BackupJobState.Succeeded(
          BackupJobResult.parse(message.orElse(null)), job.getStatus().getCompletionTime());
    }
    var jobReason =
        job.getStatus().getConditions().stream()
            .filter(c -> "Failed".equals(c.getType()))
            .map(c -> c.getReason() + ": " + c.getMessage())
            .findFirst()
            .orElse("the Job failed");
    return new BackupJobState.Failed(
        message.map(String::strip).filter(s -> !s.isEmpty()).orElse(jobReason), null);
  }

  /** The keys Secret to create, or empty while the instance's Secrets are not there. */
  private static Optional<Secret> keysSecret(
      KubernetesClient client, MathesarBackup backup, Mathesar m) {
    var ns = backup.getMetadata().getNamespace();
    var key =
        client.secrets().inNamespace(ns).withName(ResolvedInstance.secretKeySecretName(m)).get();
    var admin =
        client.secrets().inNamespace(ns).withName(ResolvedInstance.adminSecretInUse(m)).get();
    if (key == null || admin == null) {
      return Optional.empty();
    }
    var secretKey = encoded(key, ObjectNames.SECRET_KEY_DATA_KEY);
    if (secretKey == null) {
      return Optional.empty();
    }
    var adminData = new LinkedHashMap<String, String>();
    for (var k : List.of("username", "password", "email")) {
      var v = encoded(admin, k);
      if (v != null) {
        adminData.put(k, v);
      }
    }
    return Optional.of(BackupKeysSecretFactory.build(backup, m, secretKey, adminData));
  }

  /** A value as the API server stores it (base64), read as every Secret value is read. */
  private static String encoded(Secret s, String key) {
    return SecretValues.of(s, key)
        .map(v -> Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)))
        .orElse(null);
  }

  private static String metadata(MathesarBackup backup, Mathesar m, BackupStatus.Started started) {
    var node = JSON.createObjectNode();
    node.put("namespace", backup.getMetadata().getNamespace());
    node.put("instance", m.getMetadata().getName());
    node.put("backup", backup.getMetadata().getName());
    // Its deletion removes files only under a backup.json with this uid (BackupPruneJobFactory).
    node.put("uid", backup.getMetadata().getUid());
    node.put("version", started.version());
    node.put("image", started.image());
    node.put("keysSecret", started.keysSecret());
    node.put("format", "pg_dump custom (database.dump), tar (media.tar)");
    return node.toString();
  }
}
