package org.mathesar.operator.dependentresource;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.MediaPvcFactory;
import org.mathesar.operator.desired.ObjectNames;

public class MediaPvcDependentResource extends MathesarDependentResource<PersistentVolumeClaim>
    implements Updater<PersistentVolumeClaim, Mathesar> {
  public MediaPvcDependentResource() {
    super(PersistentVolumeClaim.class);
  }

  @Override
  protected String objectName(Mathesar primary, Context<Mathesar> context) {
    return ObjectNames.mediaPvc(primary);
  }

  @Override
  protected PersistentVolumeClaim desired(Mathesar primary, Context<Mathesar> context) {
    return MediaPvcFactory.build(instance(context));
  }
}
