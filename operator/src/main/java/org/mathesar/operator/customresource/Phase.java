package org.mathesar.operator.customresource;

/** The life cycle of an instance, as shown in the PHASE printer column. */
public enum Phase {
  /** Accepted; waiting for the database or for the first objects. */
  Pending,
  /** A new instance's restore Job (spec.restoreFrom) runs, before any migration. */
  Restoring,
  /** The first install's migration Job runs. */
  Migrating,
  /** Creating the first admin and rolling out the web pods. */
  Provisioning,
  /** A newer version's migration Job runs, or its pods roll out; the old version keeps serving. */
  Upgrading,
  /** Every replica is ready. */
  Running,
  /**
   * It ran, nothing is rolling out, and pods lost their readiness: the database is unreachable, say
   * (Ready's reason tells). Back to Running by itself when the pods are ready again.
   */
  Degraded,
  /** The spec or the environment needs a user action; nothing running was torn down. */
  Failed
}
