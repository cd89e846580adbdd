package org.mathesar.operator.connection;

import java.util.Objects;
import java.util.Optional;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.status.Conditions;

/**
 * Which changes of a Mathesar matter to its databases: its readiness, version and admin Secret, and
 * a new resource of the same name. Its status changes often during a rollout; the databases need
 * not look at each. Pure.
 */
final class InstanceChange {
  private InstanceChange() {}

  static boolean matters(Mathesar before, Mathesar after) {
    return !Objects.equals(before.getMetadata().getUid(), after.getMetadata().getUid())
        || ready(before) != ready(after)
        || !Objects.equals(version(before), version(after))
        || !Objects.equals(adminSecret(before), adminSecret(after))
        || (before.getMetadata().getDeletionTimestamp() == null)
            != (after.getMetadata().getDeletionTimestamp() == null);
  }

  /** Why the instance cannot be asked now, if it cannot. */
  static Optional<String> notServing(Mathesar m) {
    var name = m.getMetadata().getName();
    if (m.getMetadata().getDeletionTimestamp() != null) {
      return Optional.of("Mathesar " + name + " is being deleted");
    }
    if (!ready(m)) {
      var phase =
          m.getStatus() == null || m.getStatus().getPhase() == null
              ? "new"
              : m.getStatus().getPhase().name();
      return Optional.of(
          "Mathesar "
              + name
              + " is not Ready (phase "
              + phase
              + "); the database is connected once it is");
    }
    return Optional.empty();
  }

  private static boolean ready(Mathesar m) {
    return m.getStatus() != null
        && Conditions.isTrue(m.getStatus().getConditions(), Conditions.READY);
  }

  private static String version(Mathesar m) {
    return m.getStatus() == null ? null : m.getStatus().getVersion();
  }

  private static String adminSecret(Mathesar m) {
    return m.getStatus() == null ? null : m.getStatus().getAdminSecret();
  }
}
