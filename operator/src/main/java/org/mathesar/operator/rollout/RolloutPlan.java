package org.mathesar.operator.rollout;

import java.util.List;

/**
 * What one reconciliation does about the rollout, and where the rollout stands once it has.
 *
 * @param actions the writes, in order
 * @param afterStatus the writes that wait until the status giving {@code progress} is written: the
 *     deletion of a Job whose result this plan records for the first time, made in the same
 *     reconciliation instead of a later one that reads the result back
 * @param progress the stage and what the status records
 */
public record RolloutPlan(
    List<RolloutAction> actions, List<RolloutAction> afterStatus, RolloutProgress progress) {
  public RolloutPlan {
    actions = List.copyOf(actions);
    afterStatus = List.copyOf(afterStatus);
  }
}
