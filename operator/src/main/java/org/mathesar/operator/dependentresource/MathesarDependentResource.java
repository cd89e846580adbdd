package org.mathesar.operator.dependentresource;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfigBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.Labels;
import org.mathesar.operator.desired.OwnerReferences;
import org.mathesar.operator.desired.ResolvedInstance;

/**
 * An object an instance owns, created with server-side apply. Subclasses that also implement {@link
 * io.javaoperatorsdk.operator.processing.dependent.Updater} are kept in line with the spec and
 * written only when they differ; the others (Jobs) are only ever created. The informer sees only
 * objects labelled as managed by this operator, so its cache stays small.
 */
public abstract class MathesarDependentResource<R extends HasMetadata>
    extends KubernetesDependentResource<R, Mathesar>
    implements Creator<R, Mathesar>, GarbageCollected<Mathesar> {

  protected MathesarDependentResource(Class<R> type) {
    this(type, true, Labels.MANAGED_SELECTOR);
  }

  /**
   * @param createOnlyIfMissing false where 1.20's server-side apply refuses a create that carries a
   *     resourceVersion (Services)
   * @param labelSelector the informer's selector; it must include {@link Labels#MANAGED_SELECTOR}
   */
  protected MathesarDependentResource(
      Class<R> type, boolean createOnlyIfMissing, String labelSelector) {
    super(type);
    configureWith(
        new KubernetesDependentResourceConfigBuilder<R>()
            // JOSDK leaves Secrets out of server-side apply by default (a stringData problem we do
            // not have: we write data only); without SSA an adopted Secret would not get its owner
            // reference.
            .withUseSSA(true)
            .withCreateResourceOnlyIfNotExistingWithSSA(createOnlyIfMissing)
            .withKubernetesDependentInformerConfig(
                InformerConfiguration.builder(type).withLabelSelector(labelSelector).build())
            .build());
  }

  /** The name of the object for this instance; known without computing the desired object. */
  protected abstract String objectName(Mathesar primary, Context<Mathesar> context);

  @Override
  protected ResourceID targetSecondaryResourceID(Mathesar primary, Context<Mathesar> context) {
    return new ResourceID(objectName(primary, context), primary.getMetadata().getNamespace());
  }

  @Override
  protected void addReferenceHandlingMetadata(R desired, Mathesar primary) {
    desired.getMetadata().setOwnerReferences(List.of(OwnerReferences.controlledBy(primary)));
  }

  /** The instance as resolved by the reconciler for this reconciliation. */
  protected static ResolvedInstance instance(Context<Mathesar> context) {
    return DesiredInputs.instance(context);
  }
}
