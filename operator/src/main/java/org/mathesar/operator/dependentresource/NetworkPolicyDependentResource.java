package org.mathesar.operator.dependentresource;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.NetworkPolicyFactory;
import org.mathesar.operator.desired.ObjectNames;

public class NetworkPolicyDependentResource extends MathesarDependentResource<NetworkPolicy>
    implements Updater<NetworkPolicy, Mathesar> {
  public NetworkPolicyDependentResource() {
    super(NetworkPolicy.class);
  }

  @Override
  protected String objectName(Mathesar primary, Context<Mathesar> context) {
    return ObjectNames.networkPolicy(primary);
  }

  @Override
  protected NetworkPolicy desired(Mathesar primary, Context<Mathesar> context) {
    return NetworkPolicyFactory.build(instance(context));
  }
}
