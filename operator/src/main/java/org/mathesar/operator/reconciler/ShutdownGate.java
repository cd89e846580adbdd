package org.mathesar.operator.reconciler;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps reconciliations away from a stopping operator. JOSDK stops the informers (and empties their
 * caches) before it waits for the reconciliations in flight, which then see no Secret, no key and
 * no objects: measured, a SIGTERM during a restart's first reconciliations marked running instances
 * Failed with Warnings and tried to create objects again. Closing the gate first waits for the
 * reconciliations in flight while the caches are whole, and lets no new one start.
 */
public final class ShutdownGate {
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile boolean closed;

  /** True if a reconciliation may run; it must then call {@link #exit()} when done. */
  public boolean enter() {
    if (closed || !lock.readLock().tryLock()) {
      return false;
    }
    if (closed) {
      lock.readLock().unlock();
      return false;
    }
    return true;
  }

  public void exit() {
    lock.readLock().unlock();
  }

  /**
   * Lets no reconciliation start and waits up to {@code timeout} for those running to finish.
   *
   * @return whether they all finished in time
   */
  public boolean close(Duration timeout) {
    closed = true;
    try {
      if (lock.writeLock().tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        lock.writeLock().unlock();
        return true;
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public boolean isClosed() {
    return closed;
  }
}
