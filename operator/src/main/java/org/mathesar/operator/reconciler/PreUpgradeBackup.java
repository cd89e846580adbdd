package org.mathesar.operator.reconciler;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.Map;
import java.util.Optional;
import org.mathesar.operator.customresource.BackupPhase;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MathesarBackup;
import org.mathesar.operator.desired.ClusterBackupMethod;
import org.mathesar.operator.desired.ClusterFactory;
import org.mathesar.operator.desired.ObjectNames;
import org.mathesar.operator.desired.PreUpgradeBackupFactory;
import org.mathesar.operator.desired.ResolvedInstance;
import org.mathesar.operator.rollout.BackupState;

/**
 * The backup taken before an upgrade's migrations: a MathesarBackup to spec.backup.target when it
 * is set (either database mode: the database, the media files and the keys), else in CloudNativePG
 * mode an on-demand Backup by the Cluster's method. Backups are few and short-lived, so they are
 * polled rather than watched.
 */
final class PreUpgradeBackup {
  private PreUpgradeBackup() {}

  /** Its name: which kind it is follows from spec.backup.target. */
  static String name(ResolvedInstance instance) {
    var m = instance.resource();
    return instance.backupTarget().isPresent()
        ? ObjectNames.preUpgradeMathesarBackup(m, instance.version())
        : ObjectNames.preUpgradeBackup(m, instance.version());
  }

  static BackupState observe(
      KubernetesClient client,
      ResolvedInstance instance,
      String name,
      Optional<GenericKubernetesResource> cluster) {
    if (instance.backupTarget().isPresent()) {
      var backup =
          client
              .resources(MathesarBackup.class)
              .inNamespace(instance.namespace())
              .withName(name)
              .get();
      if (backup == null) {
        return BackupState.ABSENT;
      }
      return mathesarBackupState(backup, instance.resource());
    }
    if (cluster.isEmpty() || DatabaseClusterState.backupMethod(cluster.get()).isEmpty()) {
      return BackupState.NOT_CONFIGURED;
    }
    var existing = backups(client, instance.namespace()).withName(name).get();
    if (existing == null) {
      return BackupState.ABSENT;
    }
    @SuppressWarnings("unchecked")
    var status =
        existing.getAdditionalProperties().get("status") instanceof Map<?, ?> s
            ? (Map<String, Object>) s
            : Map.<String, Object>of();
    return switch (String.valueOf(status.getOrDefault("phase", "pending"))) {
      case "completed" -> BackupState.COMPLETED;
      case "failed" -> BackupState.FAILED;
      default -> BackupState.RUNNING;
    };
  }

  /**
   * Pending for a reason that needs a person counts as failed, so that the upgrade says so instead
   * of waiting quietly; and a backup not of this instance's migrated version (left by an earlier
   * instance of the same name) is none to rely on.
   */
  static BackupState mathesarBackupState(MathesarBackup backup, Mathesar m) {
    var status = backup.getStatus();
    var phase = status == null ? null : status.getPhase();
    if (phase == BackupPhase.Completed) {
      var migrated = m.getStatus() == null ? null : m.getStatus().getMigratedVersion();
      var older =
          m.getMetadata().getCreationTimestamp() != null
              && backup.getMetadata().getCreationTimestamp() != null
              && java.time.Instant.parse(backup.getMetadata().getCreationTimestamp())
                  .isBefore(java.time.Instant.parse(m.getMetadata().getCreationTimestamp()));
      return java.util.Objects.equals(status.getVersion(), migrated) && !older
          ? BackupState.COMPLETED
          : BackupState.FAILED;
    }
    if (phase == BackupPhase.Failed) {
      return BackupState.FAILED;
    }
    var reason =
        status == null
            ? null
            : org.mathesar.operator.status.Conditions.find(
                    status.getConditions(), org.mathesar.operator.status.Conditions.READY)
                .map(io.fabric8.kubernetes.api.model.Condition::getReason)
                .orElse(null);
    return phase == BackupPhase.Pending && NEEDS_A_PERSON.contains(reason)
        ? BackupState.FAILED
        : BackupState.RUNNING;
  }

  /** The MathesarBackup reasons of Pending that do not go away by themselves. */
  static final java.util.Set<String> NEEDS_A_PERSON =
      java.util.stream.Stream.concat(
              java.util.stream.Stream.of(
                  "InstanceNotFound",
                  "TargetClaimNotFound",
                  "TargetIsMediaVolume",
                  "NameTooLong",
                  "KeysSecretExists",
                  "BackupTargetInvalid"),
              org.mathesar.operator.validation.BackupTargetCheck.SECRET_REASONS.stream())
          .collect(java.util.stream.Collectors.toUnmodifiableSet());

  /**
   * @return the Cluster's backup method when CloudNativePG deprecated it (a Warning to record)
   */
  static Optional<ClusterBackupMethod> create(
      KubernetesClient client,
      ResolvedInstance instance,
      String name,
      Optional<GenericKubernetesResource> cluster) {
    if (instance.backupTarget().isPresent()) {
      client.resource(PreUpgradeBackupFactory.build(instance, instance.version())).create();
      return Optional.empty();
    }
    var method =
        cluster
            .flatMap(DatabaseClusterState::backupMethod)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Cluster without a backup method: no Backup " + name));
    backups(client, instance.namespace())
        .resource(ClusterFactory.backup(instance, name, method))
        .create();
    return Optional.of(method).filter(ClusterBackupMethod::deprecated);
  }

  private static NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      backups(KubernetesClient client, String namespace) {
    return client
        .genericKubernetesResources(ClusterFactory.API_VERSION, ClusterFactory.BACKUP.getKind())
        .inNamespace(namespace);
  }
}
