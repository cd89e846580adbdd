package org.mathesar.operator.validation;

/**
 * What the cluster around an instance lacks, found while reconciling rather than in the spec: each
 * says which field needs it and what to do, in the same words wherever it is found.
 */
public final class EnvironmentProblems {
  private EnvironmentProblems() {}

  /** A problem: the instance cannot run without its database. */
  public static SpecProblem cloudNativePGNotInstalled(String crdName, int pollSeconds) {
    return new SpecProblem(
        "CloudNativePGNotInstalled",
        "spec.database.cloudNativePG",
        "CloudNativePG is not installed in this cluster (no CRD "
            + crdName
            + "). Install it"
            + " (https://cloudnative-pg.io/documentation/current/installation_upgrade/) or use"
            + " spec.database.external; the operator looks again every "
            + pollSeconds
            + " s");
  }

  /**
   * A warning: without the Gateway API the instance still serves through its Service or Ingress.
   */
  public static SpecProblem gatewayApiNotInstalled(String crdName, int pollSeconds) {
    return new SpecProblem(
        "GatewayApiNotInstalled",
        "spec.httpRoute",
        "the Gateway API is not installed in this cluster (no CRD "
            + crdName
            + "), so no"
            + " HTTPRoute is made; the instance is still reachable through its Service"
            + " (and Ingress, if enabled). Install the Gateway API CRDs and a Gateway controller"
            + " (https://gateway-api.sigs.k8s.io/guides/), or set spec.httpRoute.enabled: false;"
            + " the operator looks again every "
            + pollSeconds
            + " s");
  }

  /** A warning: new credentials now would not change the admin that exists. */
  public static SpecProblem adminSecretMissing(String secretName) {
    return new SpecProblem(
        "AdminSecretMissing",
        "Secret " + secretName,
        "the first admin was created from this Secret, which is gone; the admin still exists."
            + " Reset its password in Mathesar or with manage.py changepassword");
  }

  /**
   * A warning: the Cluster's WAL archiving fails, and the Backup before an upgrade goes to the same
   * object store.
   */
  public static SpecProblem continuousArchivingFailing(String cluster, String said) {
    return new SpecProblem(
        "ContinuousArchivingFailing",
        "spec.database.cloudNativePG.backup",
        "CloudNativePG Cluster "
            + cluster
            + " reports ContinuousArchiving=False ("
            + said
            + "): its WAL archive fails, and so would a CloudNativePG Backup of it (the one taken"
            + " before an upgrade when spec.backup.target is not set, whose failure stops the"
            + " upgrade with BackupFailed). Check the ObjectStore, its credentials and the Barman"
            + " Cloud plugin: kubectl describe cluster "
            + cluster);
  }
}
