package org.mathesar.operator.dependentresource;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.ObjectNames;
import org.mathesar.operator.desired.RestoredKeys;
import org.mathesar.operator.desired.SecretKeySecretFactory;

/**
 * The generated SECRET_KEY. The desired Secret always carries the key already stored, so applying
 * it never changes the key; a new key is made only when the Secret does not exist, and the
 * reconciler calls this only when it has established that making one is safe.
 */
public class SecretKeySecretDependentResource extends GeneratedSecretDependentResource {
  public SecretKeySecretDependentResource() {
    super(SecretKeySecretFactory.COMPONENT);
  }

  @Override
  protected String objectName(Mathesar primary, Context<Mathesar> context) {
    return ObjectNames.generatedSecretKeySecret(primary);
  }

  @Override
  protected Secret desired(Mathesar primary, Context<Mathesar> context) {
    var existingKey =
        getSecondaryResource(primary, context)
            .map(s -> s.getData() == null ? null : s.getData().get(ObjectNames.SECRET_KEY_DATA_KEY))
            // A restored instance starts from its backup's key, never from a new one.
            .or(() -> DesiredInputs.restoredKeys(context).map(RestoredKeys::secretKey))
            .orElse(null);
    return SecretKeySecretFactory.build(instance(context), existingKey);
  }
}
