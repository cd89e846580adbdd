package org.mathesar.operator.dependentresource;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.Labels;
import org.mathesar.operator.desired.MetadataKeys;
import org.mathesar.operator.desired.ObjectNames;
import org.mathesar.operator.desired.RestoreJobFactory;

/** The Job that restores a new instance from spec.restoreFrom; created, never updated. */
public class RestoreJobDependentResource extends MathesarDependentResource<Job> {
  public RestoreJobDependentResource() {
    super(
        Job.class,
        true,
        Labels.MANAGED_SELECTOR
            + ","
            + MetadataKeys.COMPONENT_LABEL
            + "="
            + RestoreJobFactory.COMPONENT);
  }

  @Override
  protected String objectName(Mathesar primary, Context<Mathesar> context) {
    return ObjectNames.restoreJob(primary);
  }

  @Override
  protected Job desired(Mathesar primary, Context<Mathesar> context) {
    return RestoreJobFactory.build(instance(context), DesiredInputs.restorePoint(context));
  }
}
