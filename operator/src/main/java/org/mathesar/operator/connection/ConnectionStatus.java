package org.mathesar.operator.connection;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import org.mathesar.operator.customresource.MathesarDatabase;
import org.mathesar.operator.customresource.MathesarDatabaseStatus;
import org.mathesar.operator.status.Conditions;

/**
 * The status a reconciliation's outcome gives: the Ready condition and Mathesar's ids. Pure: the
 * same outcome gives the same status, so a converged resource is not written again.
 */
public final class ConnectionStatus {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private ConnectionStatus() {}

  public static MathesarDatabaseStatus of(
      MathesarDatabase db, ConnectionOutcome outcome, String now) {
    var previous = db.getStatus() == null ? new MathesarDatabaseStatus() : db.getStatus();
    var next = JSON.clone(previous);
    var generation =
        db.getMetadata().getGeneration() == null ? 0L : db.getMetadata().getGeneration();
    next.setObservedGeneration(generation);
    if (outcome.connected() != null && outcome.desired() != null) {
      var c = outcome.connected();
      next.setConnection(outcome.desired().identity());
      next.setInstanceUid(outcome.instanceUid());
      next.setDatabaseId(c.database().id());
      next.setServerId(c.server().id());
      next.setConfiguredRoleId(c.role() == null ? null : c.role().id());
      next.setRole(outcome.desired().role());
      // Only a password Mathesar was seen to accept counts as pushed; a failure pushes it again.
      next.setCredentialsVersion(
          outcome.ready()
              ? outcome.desired().credentialsVersion()
              : previous.getCredentialsVersion());
    }
    var ready =
        Conditions.of(
            Conditions.READY,
            outcome.ready() ? Conditions.TRUE : Conditions.FALSE,
            outcome.reason(),
            outcome.message());
    next.setConditions(Conditions.merge(previous.getConditions(), List.of(ready), generation, now));
    return next;
  }
}
