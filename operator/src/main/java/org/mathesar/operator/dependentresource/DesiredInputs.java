package org.mathesar.operator.dependentresource;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Optional;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.ResolvedInstance;
import org.mathesar.operator.desired.RestorePoint;
import org.mathesar.operator.desired.RestoredKeys;

/**
 * What the reconciler hands the dependents for one reconciliation, typed: JOSDK passes it through
 * the context's untyped map, and every key and cast is here, once.
 */
public final class DesiredInputs {
  private DesiredInputs() {}

  /**
   * The instance with its defaults and the hash of what its pods read; every dependent builds from
   * it.
   */
  public static void putInstance(Context<Mathesar> context, ResolvedInstance instance) {
    context.managedWorkflowAndDependentResourceContext().put(ResolvedInstance.class, instance);
  }

  static ResolvedInstance instance(Context<Mathesar> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(ResolvedInstance.class, ResolvedInstance.class);
  }

  /** The version and image the Deployment about to be applied runs. */
  public static void putDeployedVersion(Context<Mathesar> context, DeployedVersion deployed) {
    context.managedWorkflowAndDependentResourceContext().put(DeployedVersion.class, deployed);
  }

  static DeployedVersion deployedVersion(Context<Mathesar> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(DeployedVersion.class, DeployedVersion.class);
  }

  /** What the migration Job about to be made does besides migrating. */
  public static void putMigrationJobSteps(Context<Mathesar> context, MigrationJobSteps steps) {
    context.managedWorkflowAndDependentResourceContext().put(MigrationJobSteps.class, steps);
  }

  static MigrationJobSteps migrationJobSteps(Context<Mathesar> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(MigrationJobSteps.class, MigrationJobSteps.class);
  }

  /** The keys of the backup the instance is restored from, while that restore is to run. */
  public static void putRestoredKeys(Context<Mathesar> context, Optional<RestoredKeys> keys) {
    // The Optional itself: the context's map takes no null.
    context.managedWorkflowAndDependentResourceContext().put(RestoredKeys.class, keys);
  }

  @SuppressWarnings("unchecked")
  static Optional<RestoredKeys> restoredKeys(Context<Mathesar> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .get(RestoredKeys.class, Optional.class)
        .flatMap(o -> (Optional<RestoredKeys>) o);
  }

  /** The backup the restore Job about to be made restores. */
  public static void putRestorePoint(Context<Mathesar> context, RestorePoint point) {
    context.managedWorkflowAndDependentResourceContext().put(RestorePoint.class, point);
  }

  static RestorePoint restorePoint(Context<Mathesar> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(RestorePoint.class, RestorePoint.class);
  }
}
