package org.mathesar.operator.dependentresource;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.JobFactory;
import org.mathesar.operator.desired.Labels;
import org.mathesar.operator.desired.MetadataKeys;
import org.mathesar.operator.desired.ObjectNames;

/** The target version's migration Job; created, never updated (a Job's template is immutable). */
public class MigrationJobDependentResource extends MathesarDependentResource<Job> {
  public MigrationJobDependentResource() {
    super(
        Job.class,
        true,
        Labels.MANAGED_SELECTOR
            + ","
            + MetadataKeys.COMPONENT_LABEL
            + "="
            + JobFactory.MIGRATE_COMPONENT);
  }

  @Override
  protected String objectName(Mathesar primary, Context<Mathesar> context) {
    return ObjectNames.migrationJob(primary, instance(context).version());
  }

  @Override
  protected Job desired(Mathesar primary, Context<Mathesar> context) {
    var steps = DesiredInputs.migrationJobSteps(context);
    return JobFactory.migration(instance(context), steps.createsAdmin());
  }
}
