package org.mathesar.operator.rollout;

import io.fabric8.kubernetes.api.model.batch.v1.Job;

/** A Job as its controller reports it. */
public enum JobState {
  RUNNING,
  SUCCEEDED,
  FAILED;

  public static JobState of(Job job) {
    var status = job.getStatus();
    if (status == null) {
      return RUNNING;
    }
    if (status.getConditions() != null) {
      for (var c : status.getConditions()) {
        if ("True".equals(c.getStatus()) && "Complete".equals(c.getType())) {
          return SUCCEEDED;
        }
        if ("True".equals(c.getStatus()) && "Failed".equals(c.getType())) {
          return FAILED;
        }
      }
    }
    return status.getSucceeded() != null && status.getSucceeded() > 0 ? SUCCEEDED : RUNNING;
  }
}
