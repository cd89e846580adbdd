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
import org.mathesar.operator.desired.DatabaseMode;
import org.mathesar.operator.desired.Labels;
import org.mathesar.operator.desired.MetadataKeys;
import org.mathesar.operator.desired.ResolvedInstance;
import org.mathesar.operator.desired.RestorePoint;
import org.mathesar.operator.desired.ServiceFactory;
import org.mathesar.operator.rollout.RolloutProgress;
import org.mathesar.operator.rollout.RolloutProgress.Stage;
import org.mathesar.operator.validation.SpecProblem;

/** Turns what one reconciliation saw into the resource's status. Pure: no I/O. */
public final class StatusAggregator {
  /** How the restore Job's script and the release checks word a refusal: "Reason: what to do". */
  private static final java.util.regex.Pattern RESTORE_REFUSAL =
      java.util.regex.Pattern.compile("^([A-Z][A-Za-z]+): ");

  private StatusAggregator() {}

  /**
   * @param resource the resource's metadata, generation and previous status; its spec is not read
   * @param instance the resolved spec, which the status reads everything else from; empty when
   *     there is no spec to resolve, and then only the problems and what the previous status
   *     recorded count
   * @param problems what stops the operator (empty when it applied everything)
   * @param warnings what the user should know but that does not stop it
   * @param deployment the web Deployment as last seen, if it exists
   * @param secretKeySecret the SECRET_KEY Secret the pods were given; null when nothing was applied
   * @param progress the migration and admin steps' outcome
   * @param database DatabaseReady as the rollout phase found it (either mode); null when it was not
   *     looked at (a refused spec, or an external database whose Secret could not be read)
   * @param databaseIdentity the database the spec names; recorded once it is migrated
   */
  public record Observation(
      Mathesar resource,
      Optional<ResolvedInstance> instance,
      List<SpecProblem> problems,
      List<SpecProblem> warnings,
      Optional<Deployment> deployment,
      String secretKeySecret,
      RolloutProgress progress,
      Condition database,
      String databaseIdentity) {
    /** The version the instance should run; null without a spec. */
    public String targetVersion() {
      return instance.map(ResolvedInstance::version).orElse(null);
    }

    /** That version's image; null without a spec. */
    public String targetImage() {
      return instance.map(ResolvedInstance::image).orElse(null);
    }

    /** The Secret the first admin's credentials come from; null without a spec. */
    public String adminSecret() {
      return instance.map(ResolvedInstance::adminSecretName).orElse(null);
    }

    /** Without a spec the Deployment the operator would make has the default count. */
    int desiredReplicas() {
      return instance.map(ResolvedInstance::replicas).orElse(ResolvedInstance.DEFAULT_REPLICAS);
    }

    List<String> hostnames() {
      return instance.map(ResolvedInstance::hostnames).orElse(List.of());
    }
  }

  /**
   * The target's image once the target is migrated; before, what was recorded for the migrated
   * version.
   */
  static String migratedImage(Observation o, MathesarStatus previous) {
    var migrated = o.progress().migratedVersion();
    if (migrated == null) {
      return null;
    }
    if (migrated.equals(o.targetVersion())) {
      return o.targetImage();
    }
    return migrated.equals(previous.getMigratedVersion()) ? previous.getMigratedImage() : null;
  }

  public static MathesarStatus aggregate(Observation o, String now) {
    var m = o.resource();
    var previous = m.getStatus() == null ? new MathesarStatus() : m.getStatus();
    var generation = m.getMetadata().getGeneration() == null ? 0L : m.getMetadata().getGeneration();
    var rollout = Rollout.of(o.deployment(), o.desiredReplicas());
    var progress = o.progress();

    var status = new MathesarStatus();
    status.setObservedGeneration(generation);
    status.setReplicas(rollout.replicas());
    status.setSelector(
        Labels.selector(m).entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(",")));
    status.setReadyReplicas(rollout.ready());
    status.setVersion(
        rollout.complete()
            ? rollout.version().orElse(previous.getVersion())
            : previous.getVersion());
    status.setMigratedVersion(progress.migratedVersion());
    status.setMigratedImage(migratedImage(o, previous));
    status.setFailedMigration(progress.failedMigration());
    status.setDatabase(
        progress.migratedVersion() != null && o.databaseIdentity() != null
            ? o.databaseIdentity()
            : previous.getDatabase());
    status.setAdminSecret(o.adminSecret() != null ? o.adminSecret() : previous.getAdminSecret());
    status.setAdminCreated(progress.adminCreated() ? Boolean.TRUE : null);
    status.setRestoredFrom(restoredFrom(o, previous));
    status.setUrl(url(o));
    status.setUrls(urls(o));
    status.setSecretKeySecret(
        o.secretKeySecret() != null ? o.secretKeySecret() : previous.getSecretKeySecret());
    var view = new View(o, rollout, previous.getVersion());
    status.setPhase(view.phase());
    status.setConditions(
        Conditions.merge(previous.getConditions(), view.conditions(), generation, now));
    return status;
  }

  /** Recorded once, when the restore Job succeeded; kept whatever the spec says after. */
  static String restoredFrom(Observation o, MathesarStatus previous) {
    if (previous.getRestoredFrom() != null || !o.progress().restored()) {
      return previous.getRestoredFrom();
    }
    return o.instance()
        .flatMap(ResolvedInstance::pendingRestore)
        .map(RestorePoint::location)
        .orElse(null);
  }

  /** The first public host name (spec.hostname), else the Service's in-cluster address. */
  static String url(Observation o) {
    var hosts = o.hostnames();
    if (!hosts.isEmpty()) {
      return hostUrl(o, hosts.get(0));
    }
    var m = o.resource();
    var port = ServiceFactory.PORT == 80 ? "" : ":" + ServiceFactory.PORT;
    return "http://"
        + m.getMetadata().getName()
        + "."
        + m.getMetadata().getNamespace()
        + ".svc.cluster.local"
        + port;
  }

  /** Absent without a public host name: then the only address is url, the Service's. */
  static List<String> urls(Observation o) {
    var hosts = o.hostnames();
    return hosts.isEmpty() ? null : hosts.stream().map(h -> hostUrl(o, h)).toList();
  }

  /**
   * https only where the operator knows of TLS: the Ingress's certificate, which covers every host.
   */
  private static String hostUrl(Observation o, String host) {
    var tls = o.instance().map(ResolvedInstance::servesTls).orElse(false);
    return (tls ? "https://" : "http://") + host;
  }

  /** The conditions and phase that one observation implies. */
  private record View(Observation o, Rollout rollout, String runningVersion) {
    Stage stage() {
      return o.progress().stage();
    }

    boolean failedStage() {
      return stage() == Stage.MIGRATION_FAILED
          || stage() == Stage.ADMIN_FAILED
          || stage() == Stage.BACKUP_FAILED
          || stage() == Stage.RELEASE_CHECK_FAILED
          || stage() == Stage.RESTORE_FAILED;
    }

    boolean firstInstall() {
      return runningVersion == null && o.progress().migratedVersion() == null;
    }

    boolean atTarget() {
      return rollout.complete()
          && rollout.version().map(v -> v.equals(o.targetVersion())).orElse(false);
    }

    /**
     * The target version ran and its rollout is done, yet pods are not ready: an outage, not a
     * rollout (on real pods a database outage was reported as a rollout before).
     */
    boolean lostReadiness() {
      return rollout.rolledOut()
          && !rollout.complete()
          && o.targetVersion() != null
          && o.targetVersion().equals(runningVersion)
          && rollout.version().map(v -> v.equals(o.targetVersion())).orElse(false);
    }

    /** The operator's own check could not reach the database either (external mode). */
    boolean databaseDown() {
      return o.database() != null && !Conditions.TRUE.equals(o.database().getStatus());
    }

    Phase phase() {
      if (!o.problems().isEmpty() || failedStage()) {
        return Phase.Failed;
      }
      return switch (stage()) {
        case WAITING -> Phase.Pending;
        case RESTORING -> Phase.Restoring;
        case MIGRATING -> firstInstall() ? Phase.Migrating : Phase.Upgrading;
        case BACKING_UP, CHECKING_RELEASE -> Phase.Upgrading;
        case CREATING_ADMIN -> Phase.Provisioning;
        default -> {
          if (o.deployment().isEmpty()) {
            yield Phase.Provisioning;
          }
          if (atTarget()) {
            yield Phase.Running;
          }
          if (lostReadiness()) {
            yield Phase.Degraded;
          }
          yield runningVersion != null && !runningVersion.equals(o.targetVersion())
              ? Phase.Upgrading
              : Phase.Provisioning;
        }
      };
    }

    List<Condition> conditions() {
      var list = new ArrayList<Condition>();
      var problems = o.problems();
      if (!problems.isEmpty()) {
        var first = problems.get(0);
        list.add(
            Conditions.of(Conditions.READY, Conditions.FALSE, first.reason(), describe(problems)));
        list.add(databaseReady(o));
        list.add(
            Conditions.of(
                Conditions.PROGRESSING,
                Conditions.FALSE,
                "Blocked",
                "nothing is changed until the problem in the Degraded condition is fixed"));
        list.add(
            Conditions.of(
                Conditions.DEGRADED, Conditions.TRUE, first.reason(), describe(problems)));
      } else {
        list.add(ready());
        list.add(databaseReady(o));
        list.add(progressing());
        list.add(degraded());
      }
      var warnings = o.warnings();
      list.add(
          warnings.isEmpty()
              ? Conditions.of(
                  Conditions.CONFIGURATION_WARNING, Conditions.FALSE, "None", "no warnings")
              : Conditions.of(
                  Conditions.CONFIGURATION_WARNING,
                  Conditions.TRUE,
                  warnings.get(0).reason(),
                  describe(warnings)));
      return list;
    }

    private String serving() {
      return runningVersion == null
          ? "nothing is serving yet"
          : "version " + runningVersion + " keeps serving";
    }

    private Condition ready() {
      var job = o.progress().job();
      return switch (stage()) {
        case WAITING ->
            Conditions.of(Conditions.READY, Conditions.FALSE, "Waiting", waitingMessage());
        case RESTORING ->
            Conditions.of(Conditions.READY, Conditions.FALSE, "Restoring", restoring());
        case RESTORE_FAILED ->
            Conditions.of(Conditions.READY, Conditions.FALSE, restoreReason(), restoreFailed());
        case MIGRATING ->
            Conditions.of(
                Conditions.READY,
                Conditions.FALSE,
                firstInstall() ? "Migrating" : "Upgrading",
                "Job " + job + " migrates the database to " + o.targetVersion() + "; " + serving());
        case MIGRATION_FAILED ->
            Conditions.of(Conditions.READY, Conditions.FALSE, "MigrationFailed", migrationFailed());
        case BACKING_UP ->
            Conditions.of(
                Conditions.READY, Conditions.FALSE, "Upgrading", backingUp() + "; " + serving());
        case BACKUP_FAILED ->
            Conditions.of(Conditions.READY, Conditions.FALSE, "BackupFailed", backupFailed());
        case CHECKING_RELEASE, RELEASE_CHECK_FAILED ->
            Conditions.of(
                Conditions.READY, Conditions.FALSE, releaseCheckReason(), releaseCheckMessage());
        case CREATING_ADMIN ->
            Conditions.of(
                Conditions.READY,
                Conditions.FALSE,
                "CreatingAdmin",
                "Job " + job + " creates the first admin; no pod serves until it has");
        case ADMIN_FAILED ->
            Conditions.of(Conditions.READY, Conditions.FALSE, "AdminCreationFailed", adminFailed());
        case DEPLOYED -> {
          if (o.deployment().isEmpty()) {
            yield Conditions.of(
                Conditions.READY,
                Conditions.FALSE,
                "Creating",
                "the web Deployment does not exist yet");
          }
          if (rollout.desired() == 0) {
            yield Conditions.of(
                Conditions.READY, Conditions.FALSE, "ScaledToZero", "spec.replicas is 0");
          }
          if (atTarget()) {
            yield Conditions.of(
                Conditions.READY,
                Conditions.TRUE,
                "Running",
                "version " + o.targetVersion() + ": " + rollout.describe());
          }
          if (lostReadiness()) {
            yield databaseDown()
                ? Conditions.of(
                    Conditions.READY,
                    Conditions.FALSE,
                    "DatabaseUnavailable",
                    rollout.describe()
                        + "; nothing is rolling out, and the database does not answer the operator either: "
                        + o.database().getMessage())
                : Conditions.of(
                    Conditions.READY,
                    Conditions.FALSE,
                    "PodsNotReady",
                    rollout.describe()
                        + "; nothing is rolling out: the pods' readiness check (the login page, which reads the"
                        + " database) fails. See kubectl describe pods -l app.kubernetes.io/instance="
                        + o.resource().getMetadata().getName());
          }
          yield rollout.complete()
              ? Conditions.of(
                  Conditions.READY,
                  Conditions.FALSE,
                  "RollingOut",
                  "rolling out version " + o.targetVersion())
              : Conditions.of(
                  Conditions.READY, Conditions.FALSE, "PodsNotReady", rollout.describe());
        }
      };
    }

    private Condition progressing() {
      var job = o.progress().job();
      return switch (stage()) {
        case WAITING ->
            Conditions.of(Conditions.PROGRESSING, Conditions.TRUE, "Waiting", waitingMessage());
        case RESTORING ->
            Conditions.of(Conditions.PROGRESSING, Conditions.TRUE, "Restoring", restoring());
        case RESTORE_FAILED ->
            Conditions.of(
                Conditions.PROGRESSING, Conditions.FALSE, restoreReason(), restoreFailed());
        case MIGRATING ->
            Conditions.of(
                Conditions.PROGRESSING,
                Conditions.TRUE,
                "Migrating",
                "Job " + job + " runs the migrations of version " + o.targetVersion());
        case CREATING_ADMIN ->
            Conditions.of(
                Conditions.PROGRESSING,
                Conditions.TRUE,
                "CreatingAdmin",
                "Job " + job + " creates the first admin");
        case MIGRATION_FAILED ->
            Conditions.of(
                Conditions.PROGRESSING, Conditions.FALSE, "MigrationFailed", migrationFailed());
        case BACKING_UP ->
            Conditions.of(Conditions.PROGRESSING, Conditions.TRUE, "BackingUp", backingUp());
        case BACKUP_FAILED ->
            Conditions.of(Conditions.PROGRESSING, Conditions.FALSE, "BackupFailed", backupFailed());
        case CHECKING_RELEASE ->
            Conditions.of(
                Conditions.PROGRESSING,
                Conditions.TRUE,
                releaseCheckReason(),
                releaseCheckMessage());
        case RELEASE_CHECK_FAILED ->
            Conditions.of(
                Conditions.PROGRESSING,
                Conditions.FALSE,
                releaseCheckReason(),
                releaseCheckMessage());
        case ADMIN_FAILED ->
            Conditions.of(
                Conditions.PROGRESSING, Conditions.FALSE, "AdminCreationFailed", adminFailed());
        case DEPLOYED ->
            o.deployment().isEmpty()
                ? Conditions.of(
                    Conditions.PROGRESSING,
                    Conditions.TRUE,
                    "Creating",
                    "creating the web Deployment")
                : atTarget() || lostReadiness()
                    ? Conditions.of(
                        Conditions.PROGRESSING, Conditions.FALSE, "Complete", rollout.describe())
                    : Conditions.of(
                        Conditions.PROGRESSING, Conditions.TRUE, "RollingOut", rollout.describe());
      };
    }

    private Condition degraded() {
      return switch (stage()) {
        case MIGRATION_FAILED ->
            Conditions.of(
                Conditions.DEGRADED, Conditions.TRUE, "MigrationFailed", migrationFailed());
        case ADMIN_FAILED ->
            Conditions.of(
                Conditions.DEGRADED, Conditions.TRUE, "AdminCreationFailed", adminFailed());
        case BACKUP_FAILED ->
            Conditions.of(Conditions.DEGRADED, Conditions.TRUE, "BackupFailed", backupFailed());
        case RELEASE_CHECK_FAILED ->
            Conditions.of(
                Conditions.DEGRADED, Conditions.TRUE, releaseCheckReason(), releaseCheckMessage());
        case RESTORE_FAILED ->
            Conditions.of(Conditions.DEGRADED, Conditions.TRUE, restoreReason(), restoreFailed());
        default ->
            Conditions.of(Conditions.DEGRADED, Conditions.FALSE, "AsExpected", "no problems found");
      };
    }

    private String waitingMessage() {
      return o.database() != null
          ? o.database().getMessage()
          : "waiting for the database before running migrations";
    }

    /** A MathesarBackup to spec.backup.target, else CloudNativePG's. */
    private boolean mathesarBackup() {
      return o.instance().flatMap(ResolvedInstance::backupTarget).isPresent();
    }

    private String backingUp() {
      return (mathesarBackup() ? "MathesarBackup " : "CloudNativePG Backup ")
          + o.progress().job()
          + " runs before migrating to "
          + o.targetVersion();
    }

    private String backupFailed() {
      var ns = o.resource().getMetadata().getNamespace();
      var kind = mathesarBackup() ? "msarbackup " : "backup ";
      return (mathesarBackup() ? "MathesarBackup " : "CloudNativePG Backup ")
          + o.progress().job()
          + (mathesarBackup() ? " failed or cannot start" : " failed")
          + ", so the upgrade to "
          + o.targetVersion()
          + " did not start; "
          + serving()
          + ". See kubectl -n "
          + ns
          + " describe "
          + kind
          + o.progress().job()
          + (mathesarBackup()
              ? "; after fixing it delete that MathesarBackup and its keys Secret "
                  + o.progress().job()
                  + "-keys to try again (a Completed one of another instance or version counts as"
                  + " failed too)"
              : "; after fixing it delete that Backup to try again")
          + ", or set spec.upgrade.backup: false";
    }

    private String restoring() {
      return "Job "
          + o.progress().job()
          + " restores the database and media files from "
          + o.instance()
              .flatMap(ResolvedInstance::pendingRestore)
              .map(RestorePoint::source)
              .orElse("the backup")
          + "; nothing is serving yet";
    }

    /** The restore Job's own reason ("DatabaseNotEmpty: ..."), else RestoreFailed. */
    /**
     * The reason at the head of the stage's message ("Reason: message": the restore script's words,
     * and the planner's for a release check), else the fallback.
     */
    private String reasonSaid(String fallback) {
      var said = o.progress().jobMessage();
      if (said != null) {
        var m = RESTORE_REFUSAL.matcher(said);
        if (m.find()) {
          return m.group(1);
        }
      }
      return fallback;
    }

    private String releaseCheckReason() {
      return reasonSaid("CheckingRelease");
    }

    private String releaseCheckMessage() {
      var said = String.valueOf(o.progress().jobMessage());
      var m = RESTORE_REFUSAL.matcher(said);
      return m.find() ? said.substring(m.end()) : said;
    }

    private String restoreReason() {
      return reasonSaid("RestoreFailed");
    }

    private String restoreFailed() {
      var ns = o.resource().getMetadata().getNamespace();
      var job = o.progress().job();
      var said = o.progress().jobMessage();
      return "Job "
          + job
          + " did not restore the backup"
          + (said != null ? ": " + said : "")
          + ". Nothing is serving. Read its logs: kubectl -n "
          + ns
          + " logs job/"
          + job
          + "; after fixing the cause, delete it to try again: kubectl -n "
          + ns
          + " delete job "
          + job;
    }

    private String migrationFailed() {
      var m = o.resource();
      var job = o.progress().job();
      return "Job "
          + job
          + " failed to migrate the database to "
          + o.targetVersion()
          + "; "
          + serving()
          + ". Read its logs: kubectl -n "
          + m.getMetadata().getNamespace()
          + " logs job/"
          + job
          + ". After fixing the cause, change the spec or run: kubectl -n "
          + m.getMetadata().getNamespace()
          + " annotate mathesar "
          + m.getMetadata().getName()
          + " "
          + MetadataKeys.RETRY_MIGRATION_ANNOTATION
          + "=\"$(date +%s)\" --overwrite";
    }

    private String adminFailed() {
      var ns = o.resource().getMetadata().getNamespace();
      var job = o.progress().job();
      return "Job "
          + job
          + " failed to create the first admin. Read its logs: kubectl -n "
          + ns
          + " logs job/"
          + job
          + "; to try again, delete it: kubectl -n "
          + ns
          + " delete job "
          + job;
    }
  }

  private static Condition databaseReady(Observation o) {
    var dbProblems =
        o.problems().stream().filter(p -> p.field().startsWith("spec.database")).toList();
    if (!dbProblems.isEmpty()) {
      return Conditions.of(
          Conditions.DATABASE_READY,
          Conditions.FALSE,
          dbProblems.get(0).reason(),
          describe(dbProblems));
    }
    if (o.database() != null) {
      return o.database();
    }
    // Null also for a spec.database naming both modes or neither, which a spec.database problem
    // reports above.
    var mode = o.instance().map(ResolvedInstance::database).orElse(null);
    if (mode instanceof DatabaseMode.CloudNativePG) {
      return Conditions.of(
          Conditions.DATABASE_READY,
          Conditions.UNKNOWN,
          "NotChecked",
          "the CloudNativePG Cluster is not looked at while the problem in the Degraded condition stands");
    }
    if (!(mode instanceof DatabaseMode.External db)) {
      return Conditions.of(
          Conditions.DATABASE_READY,
          Conditions.UNKNOWN,
          "NotConfigured",
          "no database is configured");
    }
    return Conditions.of(
        Conditions.DATABASE_READY,
        Conditions.UNKNOWN,
        "NotChecked",
        "external PostgreSQL "
            + db.host()
            + ":"
            + db.port()
            + "/"
            + db.database()
            + " is not connected to while the problem in the Degraded condition stands");
  }

  private static String describe(List<SpecProblem> problems) {
    return problems.stream().map(SpecProblem::describe).collect(Collectors.joining("; "));
  }

  /** The state of the web Deployment's rollout as its controller reports it. */
  record Rollout(
      int desired,
      int replicas,
      int ready,
      int updated,
      boolean observed,
      Optional<String> version) {
    static Rollout of(Optional<Deployment> deployment, int desired) {
      if (deployment.isEmpty()) {
        return new Rollout(desired, 0, 0, 0, false, Optional.empty());
      }
      var d = deployment.get();
      var s = d.getStatus();
      var generation = d.getMetadata().getGeneration();
      var observed =
          s != null
              && s.getObservedGeneration() != null
              && generation != null
              && s.getObservedGeneration() >= generation;
      var version =
          Optional.ofNullable(d.getMetadata().getLabels())
              .map(l -> l.get(MetadataKeys.VERSION_LABEL));
      return new Rollout(
          d.getSpec().getReplicas() == null ? desired : d.getSpec().getReplicas(),
          s == null || s.getReplicas() == null ? 0 : s.getReplicas(),
          s == null || s.getReadyReplicas() == null ? 0 : s.getReadyReplicas(),
          s == null || s.getUpdatedReplicas() == null ? 0 : s.getUpdatedReplicas(),
          observed,
          version);
    }

    boolean complete() {
      return rolledOut() && ready >= desired;
    }

    /** Every pod runs the current template and no old one is left, whether ready or not. */
    boolean rolledOut() {
      return observed && updated >= desired && replicas <= desired;
    }

    String describe() {
      return ready + " of " + desired + " pods ready, " + updated + " up to date";
    }
  }
}
