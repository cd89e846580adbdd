package org.mathesar.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.mathesar.operator.backup.MathesarBackupReconciler;
import org.mathesar.operator.config.OperatorConfig;
import org.mathesar.operator.connection.MathesarDatabaseReconciler;
import org.mathesar.operator.events.EventRecorder;
import org.mathesar.operator.metrics.OperatorMetrics;
import org.mathesar.operator.reconciler.MathesarReconciler;
import org.mathesar.operator.reconciler.ShutdownGate;
import org.mathesar.operator.rpc.AdminSessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator assembled from its configuration; the same wiring in production and in tests. */
public final class MathesarOperator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MathesarOperator.class);
  private static final Duration RECONCILIATION_TERMINATION_TIMEOUT = Duration.ofSeconds(20);
  private final Operator operator;
  private final MeterRegistry registry;
  private final ShutdownGate gate = new ShutdownGate();
  private final MathesarReconciler instances;

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
                  .withReconciliationTerminationTimeout(RECONCILIATION_TERMINATION_TIMEOUT);
              if (config.leaderElection()) {
                o.withLeaderElectionConfiguration(leaderElection(config));
              }
            });
    var events = new EventRecorder(client);
    var metrics = new OperatorMetrics(registry);
    // One admin session per instance, whichever controller logs in first.
    var sessions =
        new AdminSessions(
            namespace -> (method, outcome) -> metrics.rpcCall(namespace, method, outcome));
    this.instances = new MathesarReconciler(config, events, metrics, gate, sessions);
    operator.register(instances, c -> watched(c, config));
    operator.register(
        new MathesarDatabaseReconciler(config, events, metrics, gate, sessions),
        c -> watched(c, config));
    operator.register(
        new MathesarBackupReconciler(config, events, metrics, gate), c -> watched(c, config));
  }

  private static void watched(
      io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider<?> c,
      OperatorConfig config) {
    if (!config.watchesAllNamespaces()) {
      c.settingNamespaces(config.watchNamespaces());
    }
  }

  /**
   * JOSDK's own reaction to a lost lease is System.exit, which hangs when it happens inside the
   * SIGTERM shutdown hook; here a lease lost while running halts the process (a standby leads on),
   * and one given up on shutdown is just that.
   */
  private io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration leaderElection(
      OperatorConfig config) {
    var lease = Duration.ofSeconds(config.leaseSeconds());
    var builder =
        LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                config.leaderElectionLeaseName())
            .withIdentity(config.leaderElectionIdentity())
            .withLeaseDuration(lease)
            .withRenewDeadline(lease.multipliedBy(2).dividedBy(3))
            .withRetryPeriod(Duration.ofSeconds(Math.max(1, config.leaseSeconds() / 5)))
            .withExitOnStopLeading(false)
            .withLeaderCallbacks(
                new LeaderCallbacks(
                    () -> log.info("leading as {}", config.leaderElectionIdentity()),
                    () -> {
                      if (!gate.isClosed()) {
                        log.error(
                            "lost the lease {}; halting so that only the new leader reconciles",
                            config.leaderElectionLeaseName());
                        Runtime.getRuntime().halt(1);
                      }
                    },
                    leader -> log.info("leader is {}", leader)));
    if (config.leaderElectionNamespace() != null) {
      builder.withLeaseNamespace(config.leaderElectionNamespace());
    }
    return builder.build();
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
    // Before JOSDK empties the caches the reconciliations in flight read from.
    if (!gate.close(RECONCILIATION_TERMINATION_TIMEOUT)) {
      log.warn(
          "reconciliations still running after {}; stopping anyway",
          RECONCILIATION_TERMINATION_TIMEOUT);
    }
    operator.stop();
    instances.close();
  }
}
