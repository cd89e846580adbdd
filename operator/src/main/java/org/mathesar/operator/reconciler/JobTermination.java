package org.mathesar.operator.reconciler;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/**
 * What a finished Job's container said in its termination message: the restore and backup Jobs
 * write their result or their refusal there. One request, made only once the Job has ended.
 */
public final class JobTermination {
  private JobTermination() {}

  public static Optional<String> message(KubernetesClient client, Job job) {
    return client
        .pods()
        .inNamespace(job.getMetadata().getNamespace())
        .withLabel("job-name", job.getMetadata().getName())
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getStatus() != null && p.getStatus().getContainerStatuses() != null)
        .flatMap(p -> p.getStatus().getContainerStatuses().stream())
        .filter(c -> c.getState() != null && c.getState().getTerminated() != null)
        .map(c -> c.getState().getTerminated().getMessage())
        .filter(m -> m != null && !m.isBlank())
        .map(String::strip)
        .findFirst();
  }
}
