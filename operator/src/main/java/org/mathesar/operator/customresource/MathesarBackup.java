package org.mathesar.operator.customresource;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One backup of one Mathesar instance, taken once (as CloudNativePG's Backup): its database, its
 * media files, and copies of its SECRET_KEY and admin credentials.
 */
@Group(Mathesar.GROUP)
@Version(Mathesar.VERSION)
@Kind("MathesarBackup")
@Plural("mathesarbackups")
@Singular("mathesarbackup")
@ShortNames("msarbackup")
@AdditionalPrinterColumn(
    name = "Instance",
    jsonPath = ".spec.instanceRef.name",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Version",
    jsonPath = ".status.version",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class MathesarBackup extends CustomResource<MathesarBackupSpec, MathesarBackupStatus>
    implements Namespaced {
  @Override
  protected MathesarBackupStatus initStatus() {
    return new MathesarBackupStatus();
  }
}
