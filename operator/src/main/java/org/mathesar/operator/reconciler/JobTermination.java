package org.mathesar.operator.reconciler;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a finished Job's container said in its termination message: the restore and backup Jobs
 * write their result or their refusal there. One request, made only once the Job has ended.
 */
public final class JobTermination {
  private JobTermination() {}

  /**
   * The message of the container that failed, if one did (an init container's too: the dump before
   * an upload, the download before a restore), otherwise the last one's.
   */
  public static Optional<String> message(KubernetesClient client, Job job) {
    var ended =
        client
            .pods()
            .inNamespace(job.getMetadata().getNamespace())
            .withLabel("job-name", job.getMetadata().getName())
            .list()
            .getItems()
            .stream()
            .filter(p -> p.getStatus() != null)
            .flatMap(
                p ->
                    Stream.concat(
                        Optional.ofNullable(p.getStatus().getInitContainerStatuses()).stream()
                            .flatMap(List::stream),
                        Optional.ofNullable(p.getStatus().getContainerStatuses()).stream()
                            .flatMap(List::stream)))
            .filter(c -> c.getState() != null && c.getState().getTerminated() != null)
            .map(c -> c.getState().getTerminated())
            .toList();
    return pick(ended);
  }

  /**
   * Of the containers that ended, in order (init containers first), the one whose words count: the
   * first that failed (with its reason and exit code when it said nothing, e.g. OOMKilled), else
   * the last that said something.
   */
  static Optional<String> pick(List<ContainerStateTerminated> endedInOrder) {
    var failed =
        endedInOrder.stream()
            .filter(t -> t.getExitCode() != null && t.getExitCode() != 0)
            .findFirst();
    if (failed.isPresent()) {
      var t = failed.get();
      return Optional.of(
          t.getMessage() != null && !t.getMessage().isBlank()
              ? t.getMessage().strip()
              : (t.getReason() != null ? t.getReason() : "Error")
                  + " (exit "
                  + t.getExitCode()
                  + "): it said nothing; read the log of this Job");
    }
    var said =
        endedInOrder.stream()
            .filter(t -> t.getMessage() != null && !t.getMessage().isBlank())
            .toList();
    return said.isEmpty()
        ? Optional.empty()
        : Optional.of(said.get(said.size() - 1).getMessage().strip());
  }
}
