package org.mathesar.operator.database;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Runs connection checks off the reconciliation threads and keeps the latest result per instance, so
 * a slow or unreachable server never holds a reconciliation up: a reconciliation asks, gets what is
 * known, and comes back later for a fresher answer.
 */
public final class DatabaseChecks implements AutoCloseable {
  private record Entry(String fingerprint, CheckResult result, Instant checkedAt, boolean running) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final ExecutorService executor;
  private final Function<ConnectionTarget, CheckResult> check;
  private final Clock clock;

  public DatabaseChecks() {
    this(ConnectionCheck::run, 2);
  }

  public DatabaseChecks(Function<ConnectionTarget, CheckResult> check, int threads) {
    this(check, Clock.systemUTC(), threads);
  }

  private DatabaseChecks(Function<ConnectionTarget, CheckResult> check, Clock clock, int threads) {
    this.check = check;
    this.clock = clock;
    this.executor = Executors.newFixedThreadPool(threads, r -> {
      var t = new Thread(r, "database-check");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * The latest result for this target, if one was made for it; starts a new check when there is none
   * or it is older than maxAge, unless one is running.
   *
   * @param instance namespace/name
   */
  public Optional<CheckResult> latest(String instance, ConnectionTarget target, Duration maxAge) {
    var fingerprint = target.fingerprint();
    var entry = entries.get(instance);
    var known = entry != null && entry.fingerprint().equals(fingerprint) ? entry : null;
    var stale = known == null || known.result() == null || known.checkedAt().plus(maxAge).isBefore(clock.instant());
    if (stale && (known == null || !known.running())) {
      entries.put(instance, new Entry(fingerprint, known == null ? null : known.result(),
          known == null ? clock.instant() : known.checkedAt(), true));
      executor.submit(() -> {
        var result = check.apply(target);
        entries.compute(instance, (k, current) -> current != null && !current.fingerprint().equals(fingerprint)
            ? current : new Entry(fingerprint, result, clock.instant(), false));
      });
    }
    return Optional.ofNullable(known).map(Entry::result);
  }

  /** Whether a check for the instance is under way. */
  public boolean checking(String instance) {
    var entry = entries.get(instance);
    return entry != null && entry.running();
  }

  public void forget(String instance) {
    entries.remove(instance);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
