package org.mathesar.operator.desired;

import org.mathesar.operator.customresource.InstanceRef;
import org.mathesar.operator.customresource.MathesarBackup;
import org.mathesar.operator.customresource.MathesarBackupSpec;

/**
 * The MathesarBackup taken before a version change, to spec.backup.target. Owned by nothing, as its
 * keys Secret is: it is what the rollback restores from, also after the instance was deleted. Pure.
 */
public final class PreUpgradeBackupFactory {
  public static final String COMPONENT = "backup";

  private PreUpgradeBackupFactory() {}

  /**
   * @param version the version about to be migrated to
   */
  public static MathesarBackup build(ResolvedInstance instance, String version) {
    var m = instance.resource();
    var spec = new MathesarBackupSpec();
    spec.setInstanceRef(new InstanceRef(m.getMetadata().getName()));
    spec.setTarget(instance.backupTarget().orElseThrow());
    spec.setImage(instance.backupImage());
    var backup = new MathesarBackup();
    backup.getMetadata().setName(ObjectNames.preUpgradeMathesarBackup(m, version));
    backup.getMetadata().setNamespace(instance.namespace());
    backup.getMetadata().setLabels(Labels.forComponent(m, COMPONENT));
    backup.setSpec(spec);
    return backup;
  }
}
