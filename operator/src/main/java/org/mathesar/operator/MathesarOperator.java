package org.mathesar.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.mathesar.operator.config.OperatorConfig;
import org.mathesar.operator.reconciler.MathesarReconciler;
import org.mathesar.operator.status.EventRecorder;

/** The operator assembled from its configuration; the same wiring in production and in tests. */
public final class MathesarOperator implements AutoCloseable {
  private final Operator operator;
  private final MeterRegistry registry;

  public MathesarOperator(KubernetesClient client, OperatorConfig config) {
    this(client, config, new SimpleMeterRegistry());
  }

  public MathesarOperator(KubernetesClient client, OperatorConfig config, MeterRegistry registry) {
    this.registry = registry;
    this.operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
                  .withReconciliationTerminationTimeout(Duration.ofSeconds(20));
              if (config.leaderElection()) {
                var election =
                    LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(config.leaderElectionLeaseName());
                if (config.leaderElectionNamespace() != null) {
                  election.withLeaseNamespace(config.leaderElectionNamespace());
                }
                o.withLeaderElectionConfiguration(election.build());
              }
            });
    operator.register(
        new MathesarReconciler(config, new EventRecorder(client)),
        c -> {
          if (!config.watchesAllNamespaces()) {
            c.settingNamespaces(config.watchNamespaces());
          }
        });
  }

  public void start() {
    operator.start();
  }

  public Operator operator() {
    return operator;
  }

  public MeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    operator.stop();
  }
}
