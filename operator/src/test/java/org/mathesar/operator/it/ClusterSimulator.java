package org.mathesar.operator.it;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Plays the job controller and the kubelet for one namespace, the way a healthy cluster would:
 * every Job succeeds, every Deployment's pods become ready. It also records every Job ever created,
 * so a test can tell whether a migration ran twice. Its status writes run side by side, as a real
 * cluster's controllers do; one at a time, they were the benchmark's bottleneck at 1000 instances.
 */
final class ClusterSimulator implements AutoCloseable {
  private final KubernetesClient client;
  private final SharedIndexInformer<Job> jobs;
  private final SharedIndexInformer<Deployment> deployments;

  /** Job name → uids seen; more than one uid for a name means it was created again. */
  final Map<String, Set<String>> jobsCreated = new ConcurrentHashMap<>();

  /** Writes queued or running, so that a burst of events for one object writes its status once. */
  private final Set<String> pending = ConcurrentHashMap.newKeySet();

  private final ExecutorService writers = Executors.newFixedThreadPool(8);

  ClusterSimulator(KubernetesClient client, String namespace) {
    this.client = client;
    this.jobs =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(namespace)
            .inform(
                AddedOrUpdated.handler(
                    (Job job) -> {
                      jobsCreated
                          .computeIfAbsent(
                              job.getMetadata().getName(), k -> ConcurrentHashMap.newKeySet())
                          .add(job.getMetadata().getUid());
                      if (job.getStatus() == null || job.getStatus().getSucceeded() == null) {
                        write("job/" + job.getMetadata().getUid(), () -> complete(job));
                      }
                    }));
    this.deployments =
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .inform(
                AddedOrUpdated.handler(
                    (Deployment d) -> {
                      var s = d.getStatus();
                      var replicas = d.getSpec().getReplicas();
                      if (s == null
                          || !d.getMetadata().getGeneration().equals(s.getObservedGeneration())
                          || !replicas.equals(s.getReadyReplicas())) {
                        write(
                            "deployment/"
                                + d.getMetadata().getUid()
                                + "/"
                                + d.getMetadata().getGeneration()
                                + "/"
                                + replicas,
                            () -> ready(d));
                      }
                    }));
  }

  private void write(String key, Runnable write) {
    if (pending.add(key)) {
      writers.execute(
          () -> {
            try {
              write.run();
            } finally {
              pending.remove(key);
            }
          });
    }
  }

  private void complete(Job job) {
    var now = Instant.now().toString();
    job.setStatus(
        new JobStatusBuilder()
            .withStartTime(now)
            .withCompletionTime(now)
            .withSucceeded(1)
            .addNewCondition()
            .withType("Complete")
            .withStatus("True")
            .endCondition()
            .build());
    job.getMetadata().setResourceVersion(null);
    quietly(() -> client.resource(job).updateStatus());
  }

  private void ready(Deployment d) {
    int replicas = d.getSpec().getReplicas();
    d.setStatus(
        new DeploymentStatusBuilder()
            .withObservedGeneration(d.getMetadata().getGeneration())
            .withReplicas(replicas)
            .withReadyReplicas(replicas)
            .withUpdatedReplicas(replicas)
            .withAvailableReplicas(replicas)
            .build());
    d.getMetadata().setResourceVersion(null);
    quietly(() -> client.resource(d).updateStatus());
  }

  private static void quietly(Runnable write) {
    try {
      write.run();
    } catch (KubernetesClientException e) {
      // Deleted meanwhile, or raced: the next event brings it back.
    }
  }

  @Override
  public void close() {
    jobs.close();
    deployments.close();
    writers.shutdownNow();
  }
}
