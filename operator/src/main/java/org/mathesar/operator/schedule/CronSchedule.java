package org.mathesar.operator.schedule;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Optional;

/**
 * A cron schedule in the five-field syntax of a Kubernetes CronJob (minute, hour, day of month,
 * month, day of week; lists, ranges, steps, names of months and days) and its macros (@hourly,
 *
 * @daily, @weekly, @monthly, @yearly), in UTC. As in cron, when both day fields are restricted a
 *     day matches if either does. Pure.
 */
public final class CronSchedule {
  private static final String[] MONTHS = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
  };
  private static final String[] DAYS = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

  /** Longer than any gap between two slots of a valid schedule (29 February, every 4 years). */
  private static final long SEARCH_DAYS = 366L * 8;

  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean anyDayOfMonth;
  private final boolean anyDayOfWeek;

  private CronSchedule(String[] f) {
    minutes = field(f[0], 0, 59, null, "minute");
    hours = field(f[1], 0, 23, null, "hour");
    daysOfMonth = field(f[2], 1, 31, null, "day of month");
    months = field(f[3], 1, 12, MONTHS, "month");
    var dow = field(f[4], 0, 7, DAYS, "day of week");
    if (dow.get(7)) {
      dow.set(0);
    }
    daysOfWeek = dow;
    anyDayOfMonth = f[2].startsWith("*");
    anyDayOfWeek = f[4].startsWith("*");
  }

  /** The schedule, or an IllegalArgumentException saying what is wrong with it. */
  public static CronSchedule parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty schedule");
    }
    var t = text.trim().toLowerCase(Locale.ROOT);
    t =
        switch (t) {
          case "@yearly", "@annually" -> "0 0 1 1 *";
          case "@monthly" -> "0 0 1 * *";
          case "@weekly" -> "0 0 * * 0";
          case "@daily", "@midnight" -> "0 0 * * *";
          case "@hourly" -> "0 * * * *";
          default -> t;
        };
    var fields = t.split("\\s+");
    if (fields.length != 5) {
      throw new IllegalArgumentException(
          "'" + text + "' has " + fields.length + " fields; a schedule has five, e.g. '0 3 * * *'");
    }
    var schedule = new CronSchedule(fields);
    if (schedule.next(Instant.parse("2000-01-01T00:00:00Z")).isEmpty()) {
      throw new IllegalArgumentException("'" + text + "' never happens");
    }
    return schedule;
  }

  /** The latest slot at or before {@code at}, if there is one within eight years. */
  public Optional<Instant> previous(Instant at) {
    var t = ZonedDateTime.ofInstant(at, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
    var limit = t.minusDays(SEARCH_DAYS);
    while (t.isAfter(limit)) {
      if (!dayMatches(t)) {
        t = t.truncatedTo(ChronoUnit.DAYS).minusMinutes(1);
      } else if (!hours.get(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).minusMinutes(1);
      } else if (!minutes.get(t.getMinute())) {
        t = t.minusMinutes(1);
      } else {
        return Optional.of(t.toInstant());
      }
    }
    return Optional.empty();
  }

  /** The first slot after {@code at}, if there is one within eight years. */
  public Optional<Instant> next(Instant at) {
    var t =
        ZonedDateTime.ofInstant(at, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    var limit = t.plusDays(SEARCH_DAYS);
    while (t.isBefore(limit)) {
      if (!dayMatches(t)) {
        t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
      } else if (!hours.get(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
      } else if (!minutes.get(t.getMinute())) {
        t = t.plusMinutes(1);
      } else {
        return Optional.of(t.toInstant());
      }
    }
    return Optional.empty();
  }

  private boolean dayMatches(ZonedDateTime t) {
    if (!months.get(t.getMonthValue())) {
      return false;
    }
    var dom = daysOfMonth.get(t.getDayOfMonth());
    var dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
    if (anyDayOfMonth || anyDayOfWeek) {
      return dom && dow;
    }
    return dom || dow;
  }

  private static BitSet field(String text, int min, int max, String[] names, String what) {
    var bits = new BitSet(max + 1);
    for (var part : text.split(",")) {
      var step = 1;
      var range = part;
      var slash = part.indexOf('/');
      if (slash >= 0) {
        step = number(part.substring(slash + 1), 1, max, null, what, text);
        range = part.substring(0, slash);
      }
      int from;
      int to;
      if (range.equals("*")) {
        from = min;
        to = max;
      } else if (range.contains("-")) {
        var dash = range.indexOf('-');
        from = number(range.substring(0, dash), min, max, names, what, text);
        to = number(range.substring(dash + 1), min, max, names, what, text);
        if (to < from) {
          throw new IllegalArgumentException(
              what + " '" + text + "': range " + range + " runs backwards");
        }
      } else {
        from = number(range, min, max, names, what, text);
        to = slash >= 0 ? max : from;
      }
      for (int v = from; v <= to; v += step) {
        bits.set(v);
      }
    }
    return bits;
  }

  private static int number(String s, int min, int max, String[] names, String what, String field) {
    if (names != null) {
      for (int i = 0; i < names.length; i++) {
        if (names[i].equals(s)) {
          return names == MONTHS ? i + 1 : i;
        }
      }
    }
    try {
      var v = Integer.parseInt(s);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // Told below, with the field.
    }
    throw new IllegalArgumentException(
        what
            + " '"
            + field
            + "': '"
            + s
            + "' is not "
            + min
            + " to "
            + max
            + (names != null ? " or a name" : ""));
  }
}
