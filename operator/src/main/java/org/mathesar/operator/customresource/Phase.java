package org.mathesar.operator.customresource;

/** The life cycle of an instance, as shown in the PHASE printer column. */
public enum Phase {
  /** Waiting for something the user must provide (a Secret, a valid spec). */
  Pending,
  /** Objects are being created; pods are not ready yet. */
  Provisioning,
  /** Every replica is ready. */
  Running,
  /** The spec or the environment needs a user action; nothing running was torn down. */
  Failed
}
