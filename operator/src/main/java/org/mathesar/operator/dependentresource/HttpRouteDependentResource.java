package org.mathesar.operator.dependentresource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.HttpRouteFactory;
import org.mathesar.operator.desired.Labels;
import org.mathesar.operator.desired.ObjectNames;

/**
 * The Gateway API HTTPRoute, untyped. Its informer is registered only once the HTTPRoute CRD exists
 * (see OptionalCrdWatch), so the operator runs without the Gateway API installed.
 */
public class HttpRouteDependentResource extends UntypedDependentResource {
  public HttpRouteDependentResource() {
    super(HttpRouteFactory.HTTP_ROUTE, Labels.MANAGED_SELECTOR);
  }

  @Override
  protected String objectName(Mathesar primary, Context<Mathesar> context) {
    return ObjectNames.httpRoute(primary);
  }

  @Override
  protected GenericKubernetesResource desired(Mathesar primary, Context<Mathesar> context) {
    return HttpRouteFactory.build(instance(context));
  }
}
