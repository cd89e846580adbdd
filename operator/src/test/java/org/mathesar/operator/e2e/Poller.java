package org.mathesar.operator.e2e;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asks a page of an instance again and again in the background, as a user refreshing it would, and
 * counts the answers that were not what a working Mathesar gives (connection refused, 5xx, ...).
 */
final class Poller implements AutoCloseable {
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private volatile String lastFailure = "";

  Poller(MathesarWeb web, String path, long periodMillis) {
    executor.scheduleAtFixedRate(
        () -> {
          requests.incrementAndGet();
          try {
            var status = web.get(path).statusCode();
            if (status != 200) {
              failures.incrementAndGet();
              lastFailure = "HTTP " + status;
            }
          } catch (InterruptedException e) {
            // Only close() interrupts, and only a request that outlived its grace: the test's stop,
            // not the server's answer.
            requests.decrementAndGet();
            Thread.currentThread().interrupt();
          } catch (Exception e) {
            failures.incrementAndGet();
            lastFailure = e.toString();
          }
        },
        0,
        periodMillis,
        TimeUnit.MILLISECONDS);
  }

  int requests() {
    return requests.get();
  }

  int failures() {
    return failures.get();
  }

  String lastFailure() {
    return lastFailure;
  }

  @Override
  public void close() throws InterruptedException {
    // shutdown() cancels the next runs but lets a request in flight finish and be counted as what
    // it was.
    executor.shutdown();
    if (!executor.awaitTermination(40, TimeUnit.SECONDS)) {
      executor.shutdownNow();
      executor.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  @Override
  public String toString() {
    return failures()
        + " failed of "
        + requests()
        + " requests"
        + (failures() > 0 ? " (last: " + lastFailure + ")" : "");
  }
}
