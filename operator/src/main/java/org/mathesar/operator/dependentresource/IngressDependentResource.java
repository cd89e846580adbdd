package org.mathesar.operator.dependentresource;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.IngressFactory;
import org.mathesar.operator.desired.ObjectNames;

public class IngressDependentResource extends MathesarDependentResource<Ingress>
    implements Updater<Ingress, Mathesar> {
  public IngressDependentResource() {
    super(Ingress.class);
  }

  @Override
  protected String objectName(Mathesar primary, Context<Mathesar> context) {
    return ObjectNames.ingress(primary);
  }

  @Override
  protected Ingress desired(Mathesar primary, Context<Mathesar> context) {
    return IngressFactory.build(instance(context));
  }
}
