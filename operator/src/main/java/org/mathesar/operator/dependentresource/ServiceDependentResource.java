package org.mathesar.operator.dependentresource;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.Labels;
import org.mathesar.operator.desired.ObjectNames;
import org.mathesar.operator.desired.ServiceFactory;

public class ServiceDependentResource extends MathesarDependentResource<Service>
    implements Updater<Service, Mathesar> {
  public ServiceDependentResource() {
    super(Service.class, false, Labels.MANAGED_SELECTOR);
  }

  @Override
  protected String objectName(Mathesar primary, Context<Mathesar> context) {
    return ObjectNames.service(primary);
  }

  @Override
  protected Service desired(Mathesar primary, Context<Mathesar> context) {
    return ServiceFactory.build(instance(context));
  }
}
