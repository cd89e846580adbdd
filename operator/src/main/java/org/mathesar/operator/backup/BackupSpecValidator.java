package org.mathesar.operator.backup;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MathesarBackup;
import org.mathesar.operator.desired.ObjectNames;
import org.mathesar.operator.lookup.SecretLookup;
import org.mathesar.operator.validation.BackupTargetCheck;
import org.mathesar.operator.validation.SpecProblem;

/**
 * Checks a MathesarBackup against its namespace before anything is copied or started. Every problem
 * at once. Pure.
 */
public final class BackupSpecValidator {
  private BackupSpecValidator() {}

  /**
   * @param keys the Secret named as this backup's keys Secret, if there is one: it may be left from
   *     an earlier MathesarBackup of the same name, since nothing owns it
   * @param claim the target claim, if the target is one and it exists
   * @param secrets the Secrets of the backup's namespace (a bucket's credentials and CA)
   */
  public static List<SpecProblem> validate(
      MathesarBackup backup,
      Optional<Mathesar> instance,
      Optional<PersistentVolumeClaim> claim,
      SecretLookup secrets,
      Optional<Secret> keys) {
    var problems = new ArrayList<SpecProblem>();
    var spec = backup.getSpec();
    var ns = backup.getMetadata().getNamespace();
    if (spec == null || spec.getInstanceRef() == null || spec.getTarget() == null) {
      problems.add(
          new SpecProblem(
              "InvalidSpec", "spec", "spec.instanceRef.name and spec.target are required"));
      return problems;
    }
    var shape = BackupTargetCheck.shape(spec.getTarget(), "spec.target");
    if (shape.isPresent()) {
      problems.add(shape.get());
      return problems;
    }
    var s3 = spec.getTarget().getS3();
    var claimName = s3 != null ? null : spec.getTarget().getPersistentVolumeClaim().getClaimName();
    if (backup.getMetadata().getName().length() > BackupNames.MAX_NAME_LENGTH) {
      problems.add(
          new SpecProblem(
              "NameTooLong",
              "metadata.name",
              "at most "
                  + BackupNames.MAX_NAME_LENGTH
                  + " characters, so that the Job "
                  + BackupNames.job(backup)
                  + " can be named; create it again with a shorter name"));
    }
    if (instance.isEmpty()) {
      problems.add(SpecProblem.instanceNotFound(spec.getInstanceRef().getName(), ns));
    } else if (claimName != null && ObjectNames.mediaPvc(instance.get()).equals(claimName)) {
      problems.add(
          new SpecProblem(
              "TargetIsMediaVolume",
              "spec.target.persistentVolumeClaim.claimName",
              claimName
                  + " is the instance's own media volume; a backup must be kept apart from what it"
                  + " backs up: name another PersistentVolumeClaim"));
    }
    keys.filter(
            k ->
                k.getMetadata().getAnnotations() == null
                    || !Objects.equals(
                        k.getMetadata().getAnnotations().get(BackupNames.BACKUP_UID_ANNOTATION),
                        backup.getMetadata().getUid()))
        .ifPresent(
            k ->
                problems.add(
                    new SpecProblem(
                        "KeysSecretExists",
                        "metadata.name",
                        "Secret "
                            + k.getMetadata().getName()
                            + " was not made by this MathesarBackup (an earlier one of the same"
                            + " name, or someone else's); it is kept: use another name, or delete"
                            + " it if it is not needed")));
    if (s3 != null) {
      problems.addAll(BackupTargetCheck.bucket(s3, secrets, "spec.target.s3", ns));
    } else if (claim.isEmpty()) {
      problems.add(
          new SpecProblem(
              "TargetClaimNotFound",
              "spec.target.persistentVolumeClaim.claimName",
              "no PersistentVolumeClaim named " + claimName + " in " + ns + "; create it"));
    }
    return problems;
  }
}
