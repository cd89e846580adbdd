package org.mathesar.operator.dependentresource;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.ObjectNames;
import org.mathesar.operator.desired.ServiceFactory;

public class ServiceDependentResource extends MathesarDependentResource<Service> {
  public ServiceDependentResource() {
    super(Service.class, false);
  }

  @Override
  protected String objectName(Mathesar primary) {
    return ObjectNames.service(primary);
  }

  @Override
  protected Service desired(Mathesar primary, Context<Mathesar> context) {
    return ServiceFactory.build(instance(context));
  }
}
