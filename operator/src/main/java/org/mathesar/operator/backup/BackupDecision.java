package org.mathesar.operator.backup;

import java.util.List;
import java.util.stream.Collectors;
import org.mathesar.operator.customresource.BackupPhase;
import org.mathesar.operator.validation.SpecProblem;

/**
 * What to do for a MathesarBackup: its phase and what is observed → the calls to make and the
 * phase, reason and message to report. A backup runs once: a final phase is never left, a Job that
 * went away before it ended is a failure rather than a second run (which could overwrite what the
 * first wrote), and problems found after the Job started do not stop it. Pure.
 */
public record BackupDecision(
    List<Action> actions, BackupPhase phase, String reason, String message) {

  // The same when the Job is created as while it runs, so that its informer's first event does not
  // write the status again.
  static final String RUNNING = "BackupRunning";
  static final String RUNNING_MESSAGE = "the backup Job is running";

  public enum Action {
    /** Copy the SECRET_KEY and admin credentials into the backup's own Secret. */
    COPY_KEYS,
    /** Create the Job that dumps the database and archives the media files. */
    CREATE_JOB
  }

  /**
   * @param phase the phase in status; null before the first reconciliation
   * @param instanceMigrated the instance has a migrated version, so there is a schema to dump
   */
  public record Observation(
      BackupPhase phase,
      List<SpecProblem> problems,
      boolean instanceMigrated,
      boolean keysCopied,
      BackupJobState job) {}

  public boolean isFinal() {
    return phase == BackupPhase.Completed || phase == BackupPhase.Failed;
  }

  public static BackupDecision decide(Observation o) {
    if (o.phase() == BackupPhase.Completed || o.phase() == BackupPhase.Failed) {
      return new BackupDecision(List.of(), o.phase(), null, null);
    }
    if (o.job() instanceof BackupJobState.Succeeded s) {
      return new BackupDecision(
          List.of(),
          BackupPhase.Completed,
          "Completed",
          s.result()
              .map(
                  r ->
                      "database dump "
                          + r.databaseBytes()
                          + " bytes, media archive "
                          + r.mediaBytes()
                          + " bytes")
              .orElse("the backup Job succeeded"));
    }
    if (o.job() instanceof BackupJobState.Failed f) {
      return new BackupDecision(List.of(), BackupPhase.Failed, "BackupFailed", f.message());
    }
    if (o.job() instanceof BackupJobState.Running) {
      return new BackupDecision(List.of(), BackupPhase.Running, RUNNING, RUNNING_MESSAGE);
    }
    if (o.phase() == BackupPhase.Running) {
      return new BackupDecision(
          List.of(),
          BackupPhase.Failed,
          "JobDeleted",
          "the backup Job was deleted before it ended; what it wrote is incomplete. Create a new"
              + " MathesarBackup");
    }
    if (!o.problems().isEmpty()) {
      return new BackupDecision(
          List.of(),
          BackupPhase.Pending,
          o.problems().get(0).reason(),
          o.problems().stream().map(SpecProblem::describe).collect(Collectors.joining("; ")));
    }
    if (!o.instanceMigrated()) {
      return new BackupDecision(
          List.of(),
          BackupPhase.Pending,
          "InstanceNotReady",
          "the instance has not been migrated yet (status.migratedVersion); the backup starts"
              + " when it has");
    }
    return new BackupDecision(
        o.keysCopied() ? List.of(Action.CREATE_JOB) : List.of(Action.COPY_KEYS, Action.CREATE_JOB),
        BackupPhase.Running,
        RUNNING,
        RUNNING_MESSAGE);
  }
}
