package org.mathesar.operator.desired;

import org.mathesar.operator.customresource.InstanceRef;
import org.mathesar.operator.customresource.MathesarBackup;
import org.mathesar.operator.customresource.MathesarBackupSpec;

/**
 * The MathesarBackups an instance makes of itself, to spec.backup.target: before a version change,
 * and on spec.backup.schedule. Owned by nothing, as their keys Secrets are: they are what a
 * rollback or a restore starts from, also after the instance was deleted. Pure.
 */
public final class PreUpgradeBackupFactory {
  public static final String COMPONENT = "backup";

  private PreUpgradeBackupFactory() {}

  /**
   * @param version the version about to be migrated to
   */
  public static MathesarBackup build(ResolvedInstance instance, String version) {
    return backup(instance, ObjectNames.preUpgradeMathesarBackup(instance.resource(), version));
  }

  /** On the backups of a schedule: the label that finds them, the slot each was made for. */
  public static final String SCHEDULED_LABEL = "mathesar.org/scheduled";

  public static final String SLOT_ANNOTATION = "mathesar.org/scheduled-for";

  /**
   * The backup of a schedule's slot: deletionPolicy Delete, so that retention removes its files
   * with it.
   */
  public static MathesarBackup scheduled(ResolvedInstance instance, java.time.Instant slot) {
    var backup = backup(instance, ObjectNames.scheduledBackup(instance.resource(), slot));
    backup.getMetadata().getLabels().put(SCHEDULED_LABEL, "true");
    backup
        .getMetadata()
        .setAnnotations(
            new java.util.HashMap<>(java.util.Map.of(SLOT_ANNOTATION, slot.toString())));
    backup.getSpec().setDeletionPolicy(org.mathesar.operator.customresource.DeletionPolicy.Delete);
    return backup;
  }

  private static MathesarBackup backup(ResolvedInstance instance, String name) {
    var m = instance.resource();
    var spec = new MathesarBackupSpec();
    spec.setInstanceRef(new InstanceRef(m.getMetadata().getName()));
    spec.setTarget(instance.backupTarget().orElseThrow());
    spec.setImage(instance.backupImage());
    var backup = new MathesarBackup();
    backup.getMetadata().setName(name);
    backup.getMetadata().setNamespace(instance.namespace());
    backup.getMetadata().setLabels(Labels.forComponent(m, COMPONENT));
    backup.setSpec(spec);
    return backup;
  }
}
