package org.mathesar.operator.dependentresource;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.AdminSecretFactory;
import org.mathesar.operator.desired.ObjectNames;
import org.mathesar.operator.desired.RestoredKeys;

/** The generated first-admin credentials; the stored values are always carried over. */
public class AdminSecretDependentResource extends GeneratedSecretDependentResource {
  public AdminSecretDependentResource() {
    super(AdminSecretFactory.COMPONENT);
  }

  @Override
  protected String objectName(Mathesar primary, Context<Mathesar> context) {
    return ObjectNames.generatedAdminSecret(primary);
  }

  @Override
  protected Secret desired(Mathesar primary, Context<Mathesar> context) {
    // A restored instance's admin is the backup's, who is in the restored database.
    var existing =
        getSecondaryResource(primary, context)
            .map(Secret::getData)
            .or(
                () ->
                    DesiredInputs.restoredKeys(context)
                        .map(RestoredKeys::admin)
                        .filter(a -> a.containsKey("username") && a.containsKey("password")))
            .orElse(null);
    return AdminSecretFactory.build(instance(context), existing);
  }
}
