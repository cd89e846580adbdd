package org.mathesar.operator.dependentresource;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.JobFactory;
import org.mathesar.operator.desired.Labels;
import org.mathesar.operator.desired.MetadataKeys;
import org.mathesar.operator.desired.ObjectNames;

/** The Job that creates the first admin; created, never updated. */
public class AdminJobDependentResource extends MathesarDependentResource<Job> {
  public AdminJobDependentResource() {
    super(
        Job.class,
        true,
        Labels.MANAGED_SELECTOR
            + ","
            + MetadataKeys.COMPONENT_LABEL
            + "="
            + JobFactory.ADMIN_COMPONENT);
  }

  @Override
  protected String objectName(Mathesar primary, Context<Mathesar> context) {
    return ObjectNames.adminJob(primary);
  }

  @Override
  protected Job desired(Mathesar primary, Context<Mathesar> context) {
    return JobFactory.admin(instance(context));
  }
}
