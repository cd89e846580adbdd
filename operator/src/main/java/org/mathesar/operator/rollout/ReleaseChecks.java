package org.mathesar.operator.rollout;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.mathesar.operator.customresource.ReleaseVersion;

/**
 * The known breaking points between Mathesar releases that the running instance's data decides,
 * checked before an upgrade's backup and migration Job (the PostgreSQL version is checked with the
 * database, in DatabaseReady). Each applies to an upgrade from before the release that brought it
 * to that release or a later one. Pure: the users come in as data.
 *
 * <p>Found by comparing Mathesar's 0.10.1 and 0.11.0 sources (docs/upgrades.md#preflight): 0.11.0's
 * migration mathesar.0012_alter_user_username makes the username column varchar(63), PostgreSQL's
 * identifier limit, since 0.11 can give each user a database role of the same name
 * (PER_USER_DATABASES_ENABLED). Run with the two images against PostgreSQL 15: a 64-character
 * username made that migration fail ("value too long for type character varying(63)") and roll
 * back; renamed, it applied.
 */
public final class ReleaseChecks {
  /** The release whose migration limits usernames. */
  public static final String USERNAME_LIMIT_FROM = "0.11.0";

  /** The length 0.11.0's users.username column keeps. */
  public static final int MAX_USERNAME_LENGTH = 63;

  /**
   * How often a refused or unanswered check is made again: a rename in Mathesar is no event the
   * operator sees.
   */
  public static final Duration RECHECK = Duration.ofSeconds(30);

  /** How many of the offending usernames a message names; the rest are counted. */
  static final int NAMED = 5;

  private ReleaseChecks() {}

  /** The outcome of the checks for one upgrade. */
  public record Verdict(Kind kind, String reason, String message) {
    public enum Kind {
      /** Nothing stops the upgrade. */
      PASS,
      /** The checks could not run yet; they are tried again. */
      WAIT,
      /** A check failed: nothing runs until the data or the spec changes. */
      REFUSE
    }

    static Verdict pass() {
      return new Verdict(Kind.PASS, null, null);
    }
  }

  /** Whether an upgrade from one migrated version to another needs the instance's users. */
  public static boolean needUsers(String from, String to) {
    return crosses(from, to, USERNAME_LIMIT_FROM);
  }

  public static Verdict verdict(String from, String to, InstanceUsers users) {
    if (!needUsers(from, to)) {
      return Verdict.pass();
    }
    if (users instanceof InstanceUsers.Listed listed) {
      return usernames(from, to, listed.users());
    }
    if (users instanceof InstanceUsers.Unavailable unavailable) {
      return new Verdict(
          Verdict.Kind.WAIT,
          "CheckingRelease",
          "before upgrading to "
              + to
              + " the operator checks the usernames of the running "
              + from
              + " (Mathesar's users.list) and cannot yet: "
              + unavailable.why()
              + "; it tries again every "
              + RECHECK.toSeconds()
              + " s. Without a serving instance, spec.upgrade.preflight: false upgrades without"
              + " the check");
    }
    throw new IllegalArgumentException(
        "the upgrade to " + to + " depends on the instance's users, which were not asked for");
  }

  private static Verdict usernames(String from, String to, List<InstanceUsers.User> users) {
    var tooLong = users.stream().filter(u -> length(u.username()) > MAX_USERNAME_LENGTH).toList();
    if (tooLong.isEmpty()) {
      return Verdict.pass();
    }
    var named =
        tooLong.stream()
            .limit(NAMED)
            .map(u -> "id " + u.id() + " (" + length(u.username()) + " characters)")
            .collect(Collectors.joining(", "));
    var more = tooLong.size() > NAMED ? " and " + (tooLong.size() - NAMED) + " more" : "";
    return new Verdict(
        Verdict.Kind.REFUSE,
        "UsernameTooLong",
        tooLong.size()
            + (tooLong.size() == 1 ? " Mathesar user has" : " Mathesar users have")
            + " a username longer than "
            + MAX_USERNAME_LENGTH
            + " characters, which the migrations of "
            + USERNAME_LIMIT_FROM
            + " cannot keep (users "
            + named
            + more
            + "), so the upgrade to "
            + to
            + " did not start: no backup, no migration; "
            + from
            + " keeps serving. Rename them in Mathesar (Administration, Users) to "
            + MAX_USERNAME_LENGTH
            + " characters or fewer; the operator checks again every "
            + RECHECK.toSeconds()
            + " s");
  }

  /** Characters as PostgreSQL's varchar counts them: code points, not UTF-16 units. */
  private static int length(String s) {
    return s.codePointCount(0, s.length());
  }

  /**
   * Whether an upgrade from one version to another brings the given release. A pre-release of it
   * counts as the release (its migrations are the release's, or on the way to them), the check
   * being the cautious side.
   */
  static boolean crosses(String from, String to, String release) {
    var toRelease = to.replaceFirst("-.*$", "");
    return ReleaseVersion.compare(from, release) < 0
        && ReleaseVersion.compare(toRelease, release) >= 0;
  }
}
