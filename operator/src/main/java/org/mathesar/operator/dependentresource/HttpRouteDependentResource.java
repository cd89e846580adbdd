package org.mathesar.operator.dependentresource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.HttpRouteFactory;
import org.mathesar.operator.desired.Labels;
import org.mathesar.operator.desired.ObjectNames;

/**
 * The Gateway API HTTPRoute, untyped. Its informer is registered only once the HTTPRoute CRD exists
 * (see OptionalCrdWatch), so the operator runs without the Gateway API installed.
 */
public class HttpRouteDependentResource extends MathesarDependentResource<GenericKubernetesResource>
    implements Updater<GenericKubernetesResource, Mathesar> {
  public HttpRouteDependentResource() {
    super(GenericKubernetesResource.class, true, Labels.MANAGED_SELECTOR);
  }

  @Override
  protected InformerEventSourceConfiguration.Builder<GenericKubernetesResource> informerConfigurationBuilder(
      EventSourceContext<Mathesar> context) {
    return InformerEventSourceConfiguration.from(HttpRouteFactory.HTTP_ROUTE, Mathesar.class);
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
