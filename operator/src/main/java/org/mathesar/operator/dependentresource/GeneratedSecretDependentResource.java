package org.mathesar.operator.dependentresource;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.GeneratedSecrets;
import org.mathesar.operator.desired.Labels;
import org.mathesar.operator.desired.MetadataKeys;

/**
 * A Secret whose values the operator generates once (the SECRET_KEY, the first admin's password).
 * Labels and owner references are kept in line; the stored values never change. The desired Secret
 * carries the stored values already, read from the cache; an update takes them from the object it
 * updates as well, so that a cache read that comes back empty (an informer being stopped, a relist)
 * can never turn into a new key over an existing one.
 */
public abstract class GeneratedSecretDependentResource extends MathesarDependentResource<Secret>
    implements Updater<Secret, Mathesar> {

  protected GeneratedSecretDependentResource(String component) {
    super(
        Secret.class,
        true,
        Labels.MANAGED_SELECTOR + "," + MetadataKeys.COMPONENT_LABEL + "=" + component);
  }

  @Override
  public Secret update(Secret actual, Secret desired, Mathesar primary, Context<Mathesar> context) {
    return super.update(
        actual, GeneratedSecrets.keepStoredValues(desired, actual), primary, context);
  }
}
