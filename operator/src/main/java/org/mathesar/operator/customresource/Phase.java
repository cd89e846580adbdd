package org.mathesar.operator.customresource;

/** The life cycle of an instance, as shown in the PHASE printer column. */
public enum Phase {
  /** Accepted; the web Deployment does not exist yet. */
  Pending,
  /** The Deployment exists; its pods are not all ready and up to date yet. */
  Provisioning,
  /** Every replica is ready. */
  Running,
  /** The spec or the environment needs a user action; nothing running was torn down. */
  Failed
}
