package org.mathesar.operator.it;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.function.Consumer;

/**
 * An informer handler for tests that act on an object's latest state, created or changed, and
 * ignore deletions.
 */
public final class AddedOrUpdated {
  private AddedOrUpdated() {}

  public static <T> ResourceEventHandler<T> handler(Consumer<T> handle) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T t) {
        handle.accept(t);
      }

      @Override
      public void onUpdate(T old, T t) {
        handle.accept(t);
      }

      @Override
      public void onDelete(T t, boolean unknown) {}
    };
  }
}
