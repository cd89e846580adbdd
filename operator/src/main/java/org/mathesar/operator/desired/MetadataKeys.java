package org.mathesar.operator.desired;

/**
 * Every label and annotation key the operator reads or writes, in one place: they are part of its
 * contract with the cluster (selectors, rolls, kubectl commands in messages), so changing one is a
 * migration, not a refactoring.
 */
public final class MetadataKeys {
  /**
   * Label on every owned object and pod: always {@link Labels#APP_NAME}; part of the web pods'
   * selector.
   */
  public static final String NAME_LABEL = "app.kubernetes.io/name";

  /**
   * Label on every owned object and pod: the Mathesar resource's name; part of the web pods'
   * selector.
   */
  public static final String INSTANCE_LABEL = "app.kubernetes.io/instance";

  /**
   * Label on every owned object: the operator's informers select on it ({@link
   * Labels#MANAGED_SELECTOR}).
   */
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

  /**
   * Label on every owned object and pod: web, migrate, admin...; the dependents' informers filter
   * on it.
   */
  public static final String COMPONENT_LABEL = "app.kubernetes.io/component";

  /**
   * Label on the Deployment and Jobs: the Mathesar version they run; the status aggregator reads it
   * back.
   */
  public static final String VERSION_LABEL = "app.kubernetes.io/version";

  /**
   * Pod label keys under this prefix are the operator's: PodMetadata drops the user's, SpecWarnings
   * reports them.
   */
  public static final String OWN_LABEL_PREFIX = "app.kubernetes.io/";

  /**
   * Pod annotation keys under this prefix are the operator's; PodMetadata and SpecWarnings as for
   * labels.
   */
  public static final String OWN_ANNOTATION_PREFIX = "mathesar.org/";

  /**
   * Pod template annotation by DeploymentFactory: the digest of referenced Secrets, so a change
   * rolls the pods.
   */
  public static final String SECRETS_HASH_ANNOTATION = "mathesar.org/secrets-hash";

  /**
   * "true" on a migration Job (JobFactory) that also creates the first admin; the rollout observer
   * reads it.
   */
  public static final String CREATES_ADMIN_ANNOTATION = "mathesar.org/creates-admin";

  /**
   * Set by the user on a Mathesar resource to run a failed migration again; the reconciler and its
   * filter read it.
   */
  public static final String RETRY_MIGRATION_ANNOTATION = "mathesar.org/retry-migration";

  /**
   * Written by RetainedObjects on data kept after deletion: which resource it came from; removed on
   * adoption.
   */
  public static final String RETAINED_FROM_ANNOTATION = "mathesar.org/retained-from";

  /** Written by RetainedObjects next to {@link #RETAINED_FROM_ANNOTATION}: when it was released. */
  public static final String RETAINED_AT_ANNOTATION = "mathesar.org/retained-at";

  /**
   * CloudNativePG's label on every pod of a Cluster: NetworkPolicyFactory selects the database pods
   * by it.
   */
  public static final String CNPG_CLUSTER_LABEL = "cnpg.io/cluster";

  private MetadataKeys() {}
}
