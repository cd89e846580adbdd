package org.mathesar.operator.desired;

import org.mathesar.operator.customresource.CaCertificateRef;

/**
 * The CA certificate an external database's server certificate is checked against (sslMode
 * verify-ca or verify-full): mounted from the user's Secret into every Mathesar container, and
 * named by libpq's PGSSLROOTCERT.
 */
public final class DatabaseCa {
  public static final String VOLUME = "db-ca";
  public static final String DIR = "/etc/mathesar/db-ca";
  public static final String FILE_NAME = "ca.crt";
  public static final String FILE = DIR + "/" + FILE_NAME;

  private DatabaseCa() {}

  /** The CA Secret of the instance's external database, or null. */
  public static CaCertificateRef of(ResolvedInstance instance) {
    return instance.database() instanceof DatabaseMode.External external
        ? external.caSecret()
        : null;
  }
}
