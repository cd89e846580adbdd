package org.mathesar.operator.database;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Runs connection checks off the reconciliation threads and keeps the latest result per instance,
 * so a slow or unreachable server never holds a reconciliation up for long: a reconciliation asks,
 * gets what is known (waiting a moment for a first answer, which usually takes milliseconds), and
 * comes back later for a fresher one.
 */
public final class DatabaseChecks implements AutoCloseable {
  private record Entry(
      String fingerprint,
      CheckResult result,
      Instant checkedAt,
      CompletableFuture<CheckResult> running) {
    boolean isRunning() {
      return running != null && !running.isDone();
    }
  }

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final ExecutorService executor;
  private final Function<ConnectionTarget, CheckResult> check;
  private final Clock clock;

  public DatabaseChecks() {
    this(ConnectionCheck::run, 2);
  }

  public DatabaseChecks(Function<ConnectionTarget, CheckResult> check, int threads) {
    this.check = check;
    this.clock = Clock.systemUTC();
    this.executor =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              var t = new Thread(r, "database-check");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * The latest result for this target; starts a new check when there is none or it is older than
   * maxAge (given the last result), unless one is running. Without any result for this target yet,
   * waits up to waitForFirst for the check to answer.
   *
   * @param instance namespace/name
   */
  public Optional<CheckResult> latest(
      String instance,
      ConnectionTarget target,
      Function<Optional<CheckResult>, Duration> maxAge,
      Duration waitForFirst) {
    var fingerprint = target.fingerprint();
    var started = new CompletableFuture<CheckResult>();
    var entry =
        entries.compute(
            instance,
            (key, current) -> {
              var known =
                  current != null && current.fingerprint().equals(fingerprint) ? current : null;
              var stale =
                  known == null
                      || known.result() == null
                      || known
                          .checkedAt()
                          .plus(maxAge.apply(Optional.of(known.result())))
                          .isBefore(clock.instant());
              if (!stale || (known != null && known.isRunning())) {
                return known;
              }
              return new Entry(
                  fingerprint,
                  known == null ? null : known.result(),
                  known == null ? clock.instant() : known.checkedAt(),
                  started);
            });
    if (entry.running() == started && executor.isShutdown()) {
      // The operator is stopping: the last result stands, rather than an error for the status.
      return Optional.ofNullable(entry.result());
    }
    if (entry.running() == started) {
      // Started outside compute(): the result is stored by another thread into the same map.
      executor.execute(
          () -> {
            CheckResult result;
            try {
              result = check.apply(target);
            } catch (RuntimeException e) {
              result =
                  new CheckResult(
                      CheckResult.Outcome.UNREACHABLE,
                      "CheckFailed",
                      target.describe() + ": " + e.getClass().getSimpleName());
            }
            var stored = result;
            entries.computeIfPresent(
                instance,
                (k, e) ->
                    e.running() == started
                        ? new Entry(fingerprint, stored, clock.instant(), started)
                        : e);
            started.complete(result);
          });
    }
    if (entry.result() == null && entry.running() != null && !waitForFirst.isZero()) {
      try {
        return Optional.of(entry.running().get(waitForFirst.toMillis(), TimeUnit.MILLISECONDS));
      } catch (TimeoutException | ExecutionException e) {
        return Optional.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
    return Optional.ofNullable(entry.result());
  }

  /** Whether a check for the instance is under way. */
  public boolean checking(String instance) {
    var entry = entries.get(instance);
    return entry != null && entry.isRunning();
  }

  public void forget(String instance) {
    entries.remove(instance);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
