package org.mathesar.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.Optional;
import org.mathesar.operator.customresource.ReleaseVersion;
import org.mathesar.operator.database.CheckResult;
import org.mathesar.operator.database.ConnectionTarget;

/** DatabaseReady for an external database, from the operator's own connection check. Pure. */
public final class ExternalDatabaseCondition {
  public static final String CHECKING = "Checking";

  private ExternalDatabaseCondition() {}

  /**
   * The oldest PostgreSQL major version the Mathesar releases from 0.8 on support (their
   * documentation says 14 to 18); before 0.8, 13.
   */
  static int minimumMajor(String mathesarVersion) {
    return ReleaseVersion.compare(mathesarVersion, "0.8.0") >= 0 ? 14 : 13;
  }

  /**
   * The preflight of every migration: a server older than the target release supports is refused
   * like a server that said no, so that no Job (and no backup) runs against it; what runs keeps
   * running.
   */
  public static Optional<CheckResult> preflight(
      Optional<CheckResult> result, String mathesarVersion) {
    return result.map(
        r -> {
          var major = r.serverMajorVersion();
          var minimum = minimumMajor(mathesarVersion);
          if (r.outcome() != CheckResult.Outcome.CONNECTED || major == null || major >= minimum) {
            return r;
          }
          return new CheckResult(
              CheckResult.Outcome.REFUSED,
              "PostgresVersionUnsupported",
              r.message().replaceFirst("; the role owns the database$", "")
                  + ": Mathesar "
                  + mathesarVersion
                  + " needs PostgreSQL "
                  + minimum
                  + " or newer, so no migration runs; upgrade the server first (pg_upgrade, or"
                  + " a dump restored into a newer server), or keep the version that runs",
              major);
        });
  }

  public static Condition of(ConnectionTarget target, Optional<CheckResult> result) {
    if (result.isEmpty()) {
      return Conditions.of(
          Conditions.DATABASE_READY,
          Conditions.UNKNOWN,
          CHECKING,
          "the operator is connecting to " + target.describe());
    }
    var r = result.get();
    var status =
        switch (r.outcome()) {
          case CONNECTED -> Conditions.TRUE;
          case REFUSED -> Conditions.FALSE;
          case UNREACHABLE -> Conditions.UNKNOWN;
        };
    return Conditions.of(Conditions.DATABASE_READY, status, r.reason(), r.message());
  }

  /**
   * Whether the database stops the operator from making Jobs: a database that is not ready (a
   * CloudNativePG Cluster being made, a server that refused the operator's connection), or an
   * external one not checked yet when a migration is due. A network failure seen only from the
   * operator does not block: the pods may reach what the operator cannot.
   */
  public static boolean blocksJobs(Condition database, boolean migrated) {
    if (database == null || Conditions.TRUE.equals(database.getStatus())) {
      return false;
    }
    if (Conditions.FALSE.equals(database.getStatus())) {
      return true;
    }
    return CHECKING.equals(database.getReason()) && !migrated;
  }
}
