package org.mathesar.operator.benchmark;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.mathesar.operator.it.AddedOrUpdated;

/**
 * Tells when objects of one kind, by name, reach a condition, from a single informer: a waiting
 * instance holds no thread and sends no request, as the operator's reconciliations, which an event
 * brings back, hold none either.
 */
final class ConditionWatch<T extends HasMetadata> implements AutoCloseable {
  private final Predicate<T> condition;

  /** Keyed by name; whichever comes first, the event or the wait, makes the future. */
  private final Map<String, CompletableFuture<Void>> reached = new ConcurrentHashMap<>();

  private final SharedIndexInformer<T> informer;

  /** Starts watching, and returns once the informer has synced, so that no creation goes unseen. */
  ConditionWatch(Informable<T> objects, Predicate<T> condition) {
    this.condition = condition;
    this.informer = objects.inform(AddedOrUpdated.handler(this::check));
  }

  private void check(T object) {
    if (condition.test(object)) {
      future(object.getMetadata().getName()).complete(null);
    }
  }

  private CompletableFuture<Void> future(String name) {
    return reached.computeIfAbsent(name, k -> new CompletableFuture<>());
  }

  /** Completes once the object of this name has met the condition (at once if it already has). */
  CompletableFuture<Void> reached(HasMetadata object) {
    return future(object.getMetadata().getName());
  }

  @Override
  public void close() {
    informer.close();
  }
}
