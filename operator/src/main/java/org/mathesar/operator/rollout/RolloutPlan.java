package org.mathesar.operator.rollout;

import java.util.List;
import org.mathesar.operator.rollout.RolloutProgress;

/**
 * What one reconciliation does about the rollout, and where the rollout stands once it has.
 *
 * @param actions the writes, in order
 * @param progress the stage and what the status records
 */
public record RolloutPlan(List<RolloutAction> actions, RolloutProgress progress) {
  public RolloutPlan {
    actions = List.copyOf(actions);
  }
}
