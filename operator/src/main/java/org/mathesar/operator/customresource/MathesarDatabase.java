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
 * A PostgreSQL database connected to one Mathesar instance of the same namespace, as the UI's
 * "Connect Database" would: the operator keeps it connected and its stored password current.
 */
@Group(Mathesar.GROUP)
@Version(Mathesar.VERSION)
@Kind("MathesarDatabase")
@Plural("mathesardatabases")
@Singular("mathesardatabase")
@ShortNames("msardb")
@AdditionalPrinterColumn(
    name = "Instance",
    jsonPath = ".spec.instanceRef.name",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Database",
    jsonPath = ".status.connection",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class MathesarDatabase extends CustomResource<MathesarDatabaseSpec, MathesarDatabaseStatus>
    implements Namespaced {
  @Override
  protected MathesarDatabaseStatus initStatus() {
    return new MathesarDatabaseStatus();
  }
}
