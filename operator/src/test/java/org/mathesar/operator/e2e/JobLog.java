package org.mathesar.operator.e2e;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every Job made in a namespace while it watches, with the last state seen: the operator deletes
 * finished Jobs, so a list taken afterwards would miss them.
 */
final class JobLog implements AutoCloseable {
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  private final Watch watch;

  JobLog(KubernetesClient client, String namespace) {
    this.watch =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(namespace)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Job job) {
                    synchronized (jobs) {
                      if (action != Action.DELETED
                          || !jobs.containsKey(job.getMetadata().getName())) {
                        jobs.put(job.getMetadata().getName(), job);
                      }
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                });
  }

  List<Job> all() {
    synchronized (jobs) {
      return List.copyOf(jobs.values());
    }
  }

  List<String> names(String component) {
    return all().stream()
        .filter(
            j -> component.equals(j.getMetadata().getLabels().get("app.kubernetes.io/component")))
        .map(j -> j.getMetadata().getName())
        .toList();
  }

  /** How long a Job ran, from its start to its completion, if it succeeded while watched. */
  Optional<Duration> duration(String name) {
    synchronized (jobs) {
      var job = jobs.get(name);
      if (job == null || job.getStatus() == null || job.getStatus().getCompletionTime() == null) {
        return Optional.empty();
      }
      return Optional.of(
          Duration.between(
              Instant.parse(job.getStatus().getStartTime()),
              Instant.parse(job.getStatus().getCompletionTime())));
    }
  }

  String summary(String component) {
    var out = new StringBuilder();
    for (var name : names(component)) {
      out.append(out.isEmpty() ? "" : ", ")
          .append(name)
          .append(duration(name).map(d -> " " + d.toSeconds() + " s").orElse(" (did not succeed)"));
    }
    return out.toString();
  }

  @Override
  public void close() {
    watch.close();
  }
}
