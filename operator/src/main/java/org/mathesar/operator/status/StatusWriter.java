package org.mathesar.operator.status;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

/**
 * The one way every controller writes its resource's status, also after an error. Not through
 * UpdateControl, so that the written resource is cached for the next reconciliation: JOSDK's own
 * status patch is not, and a reconciliation that reads the status from before its predecessor's
 * write records the same Events and writes the same status again (seen under load). A conflict is
 * retried against the newer resource in the cache. Server-side apply of the status alone: the spec
 * is never written.
 */
public final class StatusWriter {
  private StatusWriter() {}

  /**
   * @param blank makes an empty resource of the kind, to carry only name, namespace and status
   */
  public static <S, P extends CustomResource<?, S>> void write(
      P resource, S status, Context<P> context, Supplier<P> blank) {
    var withStatus = blank.get();
    withStatus.setMetadata(
        new ObjectMetaBuilder()
            .withName(resource.getMetadata().getName())
            .withNamespace(resource.getMetadata().getNamespace())
            .build());
    withStatus.setStatus(status);
    PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(resource, withStatus, context);
  }

  /** A condition's lastTransitionTime: whole seconds, as metav1.Time serialises. */
  public static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
