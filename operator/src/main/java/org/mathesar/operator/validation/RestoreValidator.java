package org.mathesar.operator.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mathesar.operator.customresource.BackupPhase;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MathesarBackup;
import org.mathesar.operator.customresource.ReleaseVersion;
import org.mathesar.operator.customresource.RestoreSource;
import org.mathesar.operator.desired.BackupLocation;
import org.mathesar.operator.desired.ObjectNames;
import org.mathesar.operator.desired.RestoreJobFactory;
import org.mathesar.operator.desired.RestorePoint;
import org.mathesar.operator.desired.RestoredKeys;
import org.mathesar.operator.lookup.SecretLookup;

/**
 * spec.restoreFrom, resolved: the backup to restore and its keys, or every reason it cannot be yet.
 * A restore only ever makes a new instance: over one that ran, it is refused (nothing else of the
 * spec is applied until it is removed), and once done it is a record. Pure: the MathesarBackup it
 * names is looked up by the caller.
 */
public final class RestoreValidator {
  private static final String FIELD = "spec.restoreFrom";

  private RestoreValidator() {}

  /**
   * @param problems every reason the restore cannot run now
   * @param point the backup to restore, when the restore is still to run and nothing stops it
   * @param keys its SECRET_KEY and admin, with point
   * @param poll a problem that goes away without an event here (the MathesarBackup is not watched)
   */
  public record Result(
      List<SpecProblem> problems,
      Optional<RestorePoint> point,
      Optional<RestoredKeys> keys,
      boolean poll) {
    static Result none() {
      return new Result(List.of(), Optional.empty(), Optional.empty(), false);
    }
  }

  /**
   * @param version the target version (spec.version or the operator's default)
   * @param backup the MathesarBackup spec.restoreFrom.backup names, if it exists
   * @param instanceHasRun the instance was migrated, created its admin or has a Deployment
   * @param restoreJobExists the restore Job exists (its result not recorded yet)
   */
  public static Result check(
      Mathesar m,
      String version,
      Optional<MathesarBackup> backup,
      SecretLookup secrets,
      boolean instanceHasRun,
      boolean restoreJobExists) {
    var source = m.getSpec().getRestoreFrom();
    var status = m.getStatus();
    if (status != null && status.getRestoredFrom() != null) {
      return Result.none();
    }
    if (source == null) {
      // Without it nothing would wait for the Job: the first migration would run beside it.
      return restoreJobExists
          ? refused(
              new SpecProblem(
                  "RestoreInProgress",
                  FIELD,
                  "spec.restoreFrom was removed while Job "
                      + ObjectNames.restoreJob(m)
                      + " restores into this instance; put it back, or delete that Job (and"
                      + " whatever it restored) to install without a restore"),
              false)
          : Result.none();
    }
    var ns = m.getMetadata().getNamespace();
    if (instanceHasRun) {
      return refused(
          new SpecProblem(
              "RestoreOverExistingInstance",
              FIELD,
              "this instance already ran"
                  + (status != null && status.getMigratedVersion() != null
                      ? " (migrated to " + status.getMigratedVersion() + ")"
                      : "")
                  + ", and a restore never writes over an instance: remove spec.restoreFrom, or"
                  + " restore into a new Mathesar"),
          false);
    }
    var problems = new ArrayList<SpecProblem>();
    if (m.getSpec().getSecretKeySecret() != null) {
      problems.add(
          new SpecProblem(
              "RestoreWithOwnSecretKey",
              "spec.secretKeySecret",
              "a restored instance takes the SECRET_KEY of its backup (the stored database"
                  + " passwords are encrypted with it): remove spec.secretKeySecret"));
    }
    var named = source.getBackup() != null;
    var kinds =
        (named ? 1 : 0)
            + (source.getPersistentVolumeClaim() != null ? 1 : 0)
            + (source.getS3() != null ? 1 : 0);
    if (kinds != 1) {
      problems.add(
          new SpecProblem(
              "RestoreSourceInvalid",
              FIELD,
              "set exactly one of backup (a MathesarBackup of this namespace),"
                  + " persistentVolumeClaim or s3 (each with directory and keysSecret)"));
      return refused(problems, false);
    }
    var resolved = named ? fromBackup(source, backup, ns) : fromLocation(source);
    if (resolved instanceof Unresolved u) {
      problems.add(u.problem());
      return refused(problems, u.poll());
    }
    var point = ((Resolved) resolved).point();
    if (point.at() instanceof BackupLocation.InBucket bucket) {
      problems.addAll(
          BackupTargetCheck.bucket(
              bucket.bucket(), secrets, named ? FIELD + ".backup" : FIELD + ".s3", ns));
    }
    var keysSecret = secrets.find(ns, point.keysSecret());
    var keys = keysSecret.flatMap(RestoredKeys::of);
    var keysField = named ? FIELD + ".backup" : FIELD + ".keysSecret";
    if (keysSecret.isEmpty()) {
      problems.add(
          new SpecProblem(
              "RestoreKeysSecretNotFound",
              keysField,
              "Secret "
                  + ns
                  + "/"
                  + point.keysSecret()
                  + " with the backup's keys does not exist; without its SECRET_KEY the restored"
                  + " database passwords cannot be read"
                  + (named ? "" : ": copy the backup's <backup>-keys Secret into this namespace")));
    } else if (keys.isEmpty()) {
      problems.add(
          new SpecProblem(
              "RestoreKeysSecretInvalid",
              keysField,
              "Secret "
                  + ns
                  + "/"
                  + point.keysSecret()
                  + " has no (or an empty) key '"
                  + RestoredKeys.SECRET_KEY
                  + "'"));
    }
    var generated = secrets.find(ns, ObjectNames.generatedSecretKeySecret(m));
    if (keys.isPresent()
        && generated.isPresent()
        && generated.get().getData() != null
        && !keys.get()
            .secretKey()
            .equals(generated.get().getData().get(ObjectNames.SECRET_KEY_DATA_KEY))) {
      problems.add(
          new SpecProblem(
              "RestoreSecretKeyConflict",
              FIELD,
              "Secret "
                  + ns
                  + "/"
                  + ObjectNames.generatedSecretKeySecret(m)
                  + " already holds another SECRET_KEY than the backup's (kept from an earlier"
                  + " instance of this name?); the operator never replaces a key: restore into a"
                  + " Mathesar of another name, or delete that Secret if nothing needs it"));
    }
    var admin = secrets.find(ns, ObjectNames.generatedAdminSecret(m));
    if (keys.isPresent()
        && (m.getSpec().getAdmin() == null || m.getSpec().getAdmin().getSecretName() == null)
        && admin.isPresent()
        && admin.get().getData() != null
        && keys.get().admin().get("password") != null
        && !keys.get().admin().get("password").equals(admin.get().getData().get("password"))) {
      problems.add(
          new SpecProblem(
              "RestoreAdminSecretConflict",
              FIELD,
              "Secret "
                  + ns
                  + "/"
                  + ObjectNames.generatedAdminSecret(m)
                  + " already holds other admin credentials than the backup's (kept from an earlier"
                  + " instance of this name?), which would not log in to the restored database:"
                  + " restore into a Mathesar of another name, or delete that Secret if nothing"
                  + " needs it"));
    }
    if (named
        && backup.get().getStatus().getVersion() != null
        && ReleaseVersion.compare(backup.get().getStatus().getVersion(), version) > 0) {
      problems.add(
          new SpecProblem(
              "BackupNewerThanVersion",
              "spec.version",
              "the backup is of Mathesar "
                  + backup.get().getStatus().getVersion()
                  + ", newer than "
                  + version
                  + "; Mathesar does not migrate backwards: set spec.version to "
                  + backup.get().getStatus().getVersion()
                  + " or later"));
    }
    if (!problems.isEmpty()) {
      // A credentials or CA Secret created later is not among the Secrets the instance watches.
      return refused(
          problems,
          problems.stream().anyMatch(p -> BackupTargetCheck.SECRET_REASONS.contains(p.reason())));
    }
    return new Result(List.of(), Optional.of(point), keys, false);
  }

  private sealed interface Resolution permits Resolved, Unresolved {}

  private record Resolved(RestorePoint point) implements Resolution {}

  private record Unresolved(SpecProblem problem, boolean poll) implements Resolution {}

  private static Resolution fromBackup(
      RestoreSource source, Optional<MathesarBackup> backup, String ns) {
    var name = source.getBackup();
    var field = FIELD + ".backup";
    if (backup.isEmpty()) {
      return new Unresolved(
          new SpecProblem(
              "RestoreBackupNotFound",
              field,
              "no MathesarBackup named "
                  + name
                  + " in namespace "
                  + ns
                  + "; for a backup of another namespace or cluster use persistentVolumeClaim"
                  + " or s3, with directory and keysSecret"),
          true);
    }
    var b = backup.get();
    var phase = b.getStatus() == null ? null : b.getStatus().getPhase();
    if (phase != BackupPhase.Completed) {
      return new Unresolved(
          new SpecProblem(
              phase == BackupPhase.Failed ? "RestoreBackupFailed" : "RestoreBackupNotCompleted",
              field,
              phase == BackupPhase.Failed
                  ? "MathesarBackup " + name + " failed; restore from another backup"
                  : "MathesarBackup "
                      + name
                      + " is "
                      + (phase == null ? "not started" : phase)
                      + "; the restore starts when it is Completed"),
          phase != BackupPhase.Failed);
    }
    var image =
        source.getImage() != null
            ? source.getImage()
            : b.getSpec().getImage() != null
                ? b.getSpec().getImage()
                : RestoreJobFactory.DEFAULT_IMAGE;
    var target = b.getSpec().getTarget();
    var at =
        target == null || BackupTargetCheck.shape(target, field).isPresent()
            ? null
            : BackupLocation.of(target, BackupLocation.directoryOf(b));
    if (at == null
        || !at.uri().equals(b.getStatus().getLocation())
        || b.getStatus().getKeysSecret() == null) {
      return new Unresolved(
          new SpecProblem(
              "RestoreSourceInvalid",
              field,
              "MathesarBackup " + name + " records no location on its target or no keys Secret"),
          false);
    }
    return new Resolved(
        new RestorePoint(at, b.getStatus().getKeysSecret(), image, "MathesarBackup " + name));
  }

  private static Resolution fromLocation(RestoreSource source) {
    if (source.getDirectory() == null || source.getKeysSecret() == null) {
      return new Unresolved(
          new SpecProblem(
              "RestoreSourceInvalid",
              FIELD,
              (source.getS3() != null ? "s3" : "persistentVolumeClaim")
                  + " needs directory (the backup's directory, e.g."
                  + " <namespace>/<instance>/<backup>) and keysSecret (a copy of its keys Secret)"),
          false);
    }
    var at =
        source.getS3() != null
            ? new BackupLocation.InBucket(source.getS3(), source.getDirectory())
            : new BackupLocation.OnClaim(
                source.getPersistentVolumeClaim().getClaimName(), source.getDirectory());
    var point =
        new RestorePoint(
            at,
            source.getKeysSecret(),
            source.getImage() != null ? source.getImage() : RestoreJobFactory.DEFAULT_IMAGE,
            at.uri());
    return new Resolved(point);
  }

  private static Result refused(SpecProblem problem, boolean poll) {
    return refused(List.of(problem), poll);
  }

  private static Result refused(List<SpecProblem> problems, boolean poll) {
    return new Result(List.copyOf(problems), Optional.empty(), Optional.empty(), poll);
  }
}
