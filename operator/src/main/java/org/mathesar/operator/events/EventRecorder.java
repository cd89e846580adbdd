package org.mathesar.operator.events;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.mathesar.operator.customresource.Phase;
import org.mathesar.operator.status.Conditions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a core/v1 Event for each condition change that is news (see {@link #isNews}) and for each
 * phase change, so `kubectl describe` tells the story without the operator repeating itself on
 * every resync.
 */
public class EventRecorder {
  public static final String COMPONENT = "mathesar-operator";
  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  private final KubernetesClient client;

  public EventRecorder(KubernetesClient client) {
    this.client = client;
  }

  public void recordTransitions(
      io.fabric8.kubernetes.api.model.HasMetadata m,
      List<Condition> before,
      List<Condition> after) {
    for (var c : after) {
      if (isNews(Conditions.find(before, c.getType()), c)) {
        record(
            m,
            Conditions.isAbnormal(c) ? "Warning" : "Normal",
            c.getReason(),
            c.getType() + "=" + c.getStatus() + ": " + c.getMessage());
      }
    }
  }

  /**
   * Whether a condition's change deserves an Event of its own. A new instance starts not ready,
   * which is not news; a first problem or warning is. Ready and Progressing move together through a
   * healthy install or upgrade: of Ready only a loss is recorded (a Warning); Progressing's steps
   * are in the status, and what a user learns from them has its own Event (Migrated, AdminCreated,
   * the phases Upgrading and Running; Degraded says what failed). Each Event is a write to the API
   * server, for every instance: measured, 11 Events for one install at first, then 7, now 3.
   */
  public static boolean isNews(Optional<Condition> before, Condition now) {
    var changed =
        before.isEmpty()
            || !Objects.equals(before.get().getStatus(), now.getStatus())
            || !Objects.equals(before.get().getReason(), now.getReason());
    if (!changed || (before.isEmpty() && !Conditions.isProblem(now))) {
      return false;
    }
    return switch (now.getType()) {
      case Conditions.READY ->
          before.isPresent()
              && Conditions.TRUE.equals(before.get().getStatus())
              && !Conditions.TRUE.equals(now.getStatus());
      case Conditions.PROGRESSING -> false;
      default -> true;
    };
  }

  /**
   * The phases a user acts on or waits for: Running, Upgrading, Degraded, Failed. Pending,
   * Migrating and Provisioning are the steps of a first install, told by the Migrated and
   * AdminCreated Events.
   */
  public static boolean isNews(Phase before, Phase after) {
    return after != null
        && after != before
        && after != Phase.Pending
        && after != Phase.Migrating
        && after != Phase.Provisioning;
  }

  public void recordPhase(
      io.fabric8.kubernetes.api.model.HasMetadata m, Phase before, Phase after) {
    if (isNews(before, after)) {
      record(
          m,
          after == Phase.Failed || after == Phase.Degraded ? "Warning" : "Normal",
          after.name(),
          "phase " + (before == null ? "(new)" : before.name()) + " -> " + after.name());
    }
  }

  public void record(
      io.fabric8.kubernetes.api.model.HasMetadata m, String type, String reason, String message) {
    var now = Instant.now().toString();
    var meta = m.getMetadata();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withName(
                meta.getName()
                    + "."
                    + Long.toHexString(System.nanoTime())
                    + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000)))
            .withNamespace(meta.getNamespace())
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(m.getApiVersion())
                    .withKind(m.getKind())
                    .withName(meta.getName())
                    .withNamespace(meta.getNamespace())
                    .withUid(meta.getUid())
                    .withResourceVersion(meta.getResourceVersion())
                    .build())
            .withType(type)
            .withReason(reason)
            .withMessage(message.length() > 1000 ? message.substring(0, 1000) : message)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .build();
    try {
      client.v1().events().inNamespace(meta.getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      // An Event is a courtesy; losing one must not fail the reconciliation.
      log.warn(
          "could not record event {} for {}/{}: {}",
          reason,
          meta.getNamespace(),
          meta.getName(),
          e.getMessage());
    }
  }
}
