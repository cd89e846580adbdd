package org.mathesar.operator.dependentresource;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.MediaPvcFactory;
import org.mathesar.operator.desired.ObjectNames;

public class MediaPvcDependentResource extends MathesarDependentResource<PersistentVolumeClaim> {
  public MediaPvcDependentResource() {
    super(PersistentVolumeClaim.class);
  }

  @Override
  protected String objectName(Mathesar primary) {
    return ObjectNames.mediaPvc(primary);
  }

  @Override
  protected PersistentVolumeClaim desired(Mathesar primary, Context<Mathesar> context) {
    return MediaPvcFactory.build(instance(context));
  }
}
