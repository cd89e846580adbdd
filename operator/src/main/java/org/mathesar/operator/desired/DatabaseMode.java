package org.mathesar.operator.desired;

import org.mathesar.operator.customresource.CaCertificateRef;
import org.mathesar.operator.customresource.CloudNativePGSpec;
import org.mathesar.operator.customresource.CredentialsSecretRef;
import org.mathesar.operator.customresource.ExternalDatabaseSpec;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.SslMode;

/**
 * Where Mathesar's internal database is, decided once from spec.database with its defaults applied:
 * code that builds or checks anything for the database takes one of these two, so a third mode is a
 * third record here and the compiler lists every place that must learn it.
 */
public sealed interface DatabaseMode {
  int DEFAULT_PORT = 5432;

  /**
   * Which database, without credentials: migrations and the first admin belong to it, so a
   * different one must be migrated and given an admin again.
   */
  String identity();

  /** A PostgreSQL server the user runs. */
  record External(
      String host,
      int port,
      String database,
      SslMode sslMode,
      CredentialsSecretRef credentials,
      CaCertificateRef caSecret)
      implements DatabaseMode {
    @Override
    public String identity() {
      return host + ":" + port + "/" + database;
    }
  }

  /** A CloudNativePG Cluster the operator makes for this instance alone. */
  record CloudNativePG(CloudNativePGSpec spec, String clusterName, String appSecret)
      implements DatabaseMode {
    @Override
    public String identity() {
      return "cloudNativePG:" + clusterName;
    }
  }

  /**
   * The mode when exactly one is set, else null: an instance is resolved before validation, which
   * reports the problem, and nothing reads the mode of a spec it refused.
   */
  static DatabaseMode ifValid(Mathesar m) {
    var db = m.getSpec() == null ? null : m.getSpec().getDatabase();
    if (db == null || (db.getCloudNativePG() == null) == (db.getExternal() == null)) {
      return null;
    }
    return of(m);
  }

  /** For a spec that validation accepted: exactly one of the two is set. */
  static DatabaseMode of(Mathesar m) {
    var db = m.getSpec().getDatabase();
    if (db.getCloudNativePG() != null) {
      return new CloudNativePG(
          db.getCloudNativePG(), ObjectNames.databaseCluster(m), ObjectNames.databaseAppSecret(m));
    }
    ExternalDatabaseSpec ext = db.getExternal();
    return new External(
        ext.getHost(),
        ext.getPort() == null ? DEFAULT_PORT : ext.getPort(),
        ext.getDatabase(),
        ext.getSslMode() == null ? SslMode.PREFER : ext.getSslMode(),
        ext.getCredentialsSecret(),
        ext.getCaSecret());
  }
}
