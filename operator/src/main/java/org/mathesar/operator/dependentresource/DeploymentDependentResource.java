package org.mathesar.operator.dependentresource;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.DeploymentFactory;
import org.mathesar.operator.desired.ObjectNames;

public class DeploymentDependentResource extends MathesarDependentResource<Deployment>
    implements Updater<Deployment, Mathesar> {
  public DeploymentDependentResource() {
    super(Deployment.class);
  }

  @Override
  protected String objectName(Mathesar primary, Context<Mathesar> context) {
    return ObjectNames.deployment(primary);
  }

  @Override
  protected Deployment desired(Mathesar primary, Context<Mathesar> context) {
    var deployed = DesiredInputs.deployedVersion(context);
    return DeploymentFactory.build(instance(context), deployed.version(), deployed.image());
  }
}
