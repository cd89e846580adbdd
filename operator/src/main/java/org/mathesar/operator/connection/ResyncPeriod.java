package org.mathesar.operator.connection;

import java.time.Duration;
import java.util.regex.Pattern;
import org.mathesar.operator.customresource.MathesarDatabaseSpec;

/** spec.resyncPeriod: how often a connected database is looked at again without any event. Pure. */
public final class ResyncPeriod {
  public static final Duration DEFAULT = Duration.ofMinutes(5);

  /** Below this Mathesar would be polled harder than the operator's own checks of an instance. */
  public static final Duration MINIMUM = Duration.ofSeconds(10);

  /**
   * How soon a failure is looked at again: the fix may be outside Kubernetes (a password on the
   * server).
   */
  public static final Duration AFTER_FAILURE = Duration.ofSeconds(30);

  private static final Pattern PATTERN = Pattern.compile(MathesarDatabaseSpec.DURATION_PATTERN);

  private ResyncPeriod() {}

  public static Duration of(MathesarDatabaseSpec spec) {
    var text = spec == null ? null : spec.getResyncPeriod();
    if (text == null || text.isEmpty()) {
      return DEFAULT;
    }
    var m = PATTERN.matcher(text);
    if (!m.matches()) {
      return DEFAULT;
    }
    var d = Duration.ZERO;
    if (m.group(1) != null) d = d.plusHours(number(m.group(1)));
    if (m.group(2) != null) d = d.plusMinutes(number(m.group(2)));
    if (m.group(3) != null) d = d.plusSeconds(number(m.group(3)));
    return d.compareTo(MINIMUM) < 0 ? MINIMUM : d;
  }

  /** After a failure: soon, but never sooner than the resync period asks for. */
  public static Duration afterFailure(MathesarDatabaseSpec spec) {
    var period = of(spec);
    return period.compareTo(AFTER_FAILURE) < 0 ? period : AFTER_FAILURE;
  }

  private static long number(String group) {
    return Long.parseLong(group.substring(0, group.length() - 1));
  }
}
