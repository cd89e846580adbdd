package org.mathesar.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.Optional;

/**
 * DatabaseReady in CloudNativePG mode: the Cluster's own readiness, then its application Secret.
 */
public final class DatabaseClusterCondition {
  private DatabaseClusterCondition() {}

  /**
   * @param cluster the Cluster's name
   * @param readiness whether CloudNativePG reports it ready and in what words; empty while it does
   *     not exist
   * @param appSecret the name of the Secret CloudNativePG writes the application role's credentials
   *     to
   */
  public static Condition of(
      String cluster, Optional<Readiness> readiness, String appSecret, boolean appSecretExists) {
    if (readiness.isEmpty()) {
      return Conditions.of(
          Conditions.DATABASE_READY,
          Conditions.FALSE,
          "ClusterNotReady",
          "Cluster " + cluster + " is being created");
    }
    if (!readiness.get().ready()) {
      return Conditions.of(
          Conditions.DATABASE_READY,
          Conditions.FALSE,
          "ClusterNotReady",
          "CloudNativePG Cluster " + cluster + ": " + readiness.get().description());
    }
    if (!appSecretExists) {
      return Conditions.of(
          Conditions.DATABASE_READY,
          Conditions.FALSE,
          "AppSecretMissing",
          "CloudNativePG Cluster "
              + cluster
              + " is ready but its Secret "
              + appSecret
              + " does not exist yet");
    }
    return Conditions.of(
        Conditions.DATABASE_READY,
        Conditions.TRUE,
        "ClusterReady",
        "CloudNativePG Cluster " + cluster + ": " + readiness.get().description());
  }

  /**
   * The preflight of every migration, as for an external server: a Cluster whose PostgreSQL is
   * older than the target release supports is not ready for it, so that no Job (and no backup)
   * runs; what runs keeps running.
   *
   * @param major the Cluster's PostgreSQL major version, when CloudNativePG reports it
   */
  public static Condition preflight(
      Condition ready, String cluster, Optional<Integer> major, String mathesarVersion) {
    var minimum = ExternalDatabaseCondition.minimumMajor(mathesarVersion);
    if (!Conditions.TRUE.equals(ready.getStatus()) || major.isEmpty() || major.get() >= minimum) {
      return ready;
    }
    return Conditions.of(
        Conditions.DATABASE_READY,
        Conditions.FALSE,
        "PostgresVersionUnsupported",
        "CloudNativePG Cluster "
            + cluster
            + " runs PostgreSQL "
            + major.get()
            + ": Mathesar "
            + mathesarVersion
            + " needs PostgreSQL "
            + minimum
            + " or newer, so no migration runs; upgrade the Cluster's major version first"
            + " (spec.database.cloudNativePG.imageName, CloudNativePG's major upgrade), or keep"
            + " the version that runs");
  }

  /** What CloudNativePG says of a Cluster. */
  public record Readiness(boolean ready, String description) {}
}
