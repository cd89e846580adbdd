package org.mathesar.operator.rollout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.mathesar.operator.customresource.ReleaseVersion;

/**
 * The known breaking points between Mathesar releases, checked before an upgrade's backup and
 * migration Job (the PostgreSQL version is checked with the database, in DatabaseReady). Each
 * applies to an upgrade from before the release that brought it to that release or a later one.
 * Pure: the users and the spec's choices come in as data.
 *
 * <p>Found by comparing Mathesar's 0.10.1 and 0.11.0 sources (docs/upgrades.md#preflight): 0.11.0's
 * migration mathesar.0012_alter_user_username makes the username column varchar(63), PostgreSQL's
 * identifier limit, since 0.11 can give each user a database role of the same name
 * (PER_USER_DATABASES_ENABLED). Run with the two images against PostgreSQL 15: a 64-character
 * username made that migration fail ("value too long for type character varying(63)") and roll
 * back; renamed, it applied.
 *
 * <p>From 0.12.0's release notes (no 0.12 source or image is reachable here): the Django admin at
 * /admin/, always served before, is off unless MATHESAR_DJANGO_ADMIN_ENABLED is set. An upgrade
 * would take it away from whoever uses it without a word, so it waits for spec.djangoAdmin.enabled
 * (or that variable set by hand in spec.env) to say which.
 */
public final class ReleaseChecks {
  /** The release whose migration limits usernames. */
  public static final String USERNAME_LIMIT_FROM = "0.11.0";

  /** The release from which the Django admin is served only when asked for. */
  public static final String DJANGO_ADMIN_OFF_FROM = "0.12.0";

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

  /**
   * Every check of the upgrade from one migrated version to another. A refusal wins over a wait
   * (what the user must change is known already); several refusals are told in one message.
   *
   * @param djangoAdminChosen the spec says whether /admin/ is served (see
   *     ResolvedInstance.djangoAdminChosen)
   * @param users what the running instance listed; looked at only when {@link #needUsers} says so
   */
  public static Verdict verdict(
      String from, String to, boolean djangoAdminChosen, InstanceUsers users) {
    var refusals = new ArrayList<Verdict>();
    djangoAdminSwitch(from, to, djangoAdminChosen).ifPresent(refusals::add);
    if (needUsers(from, to)) {
      var ofUsers = ofUsers(from, to, users);
      if (ofUsers.kind() == Verdict.Kind.WAIT && refusals.isEmpty()) {
        return ofUsers;
      }
      if (ofUsers.kind() == Verdict.Kind.REFUSE) {
        refusals.add(ofUsers);
      }
    }
    if (refusals.isEmpty()) {
      return Verdict.pass();
    }
    return new Verdict(
        Verdict.Kind.REFUSE,
        refusals.get(0).reason(),
        refusals.stream().map(Verdict::message).collect(Collectors.joining(". Also: ")));
  }

  private static Optional<Verdict> djangoAdminSwitch(
      String from, String to, boolean djangoAdminChosen) {
    // From a pre-release of 0.12.0 the admin is off already: nothing changes on the way up.
    var fromRelease = from.replaceFirst("-.*$", "");
    if (djangoAdminChosen || !crosses(fromRelease, to, DJANGO_ADMIN_OFF_FROM)) {
      return Optional.empty();
    }
    return Optional.of(
        new Verdict(
            Verdict.Kind.REFUSE,
            "DjangoAdminChoiceNeeded",
            "Mathesar "
                + DJANGO_ADMIN_OFF_FROM
                + " serves the Django admin at /admin/ only when MATHESAR_DJANGO_ADMIN_ENABLED is"
                + " set, and "
                + from
                + " always serves it, so the upgrade to "
                + to
                + " did not start: no backup, no migration; "
                + from
                + " keeps serving. Set spec.djangoAdmin.enabled: true to keep /admin/, or false to"
                + " let it go (or set MATHESAR_DJANGO_ADMIN_ENABLED in spec.env); the upgrade"
                + " starts once it is set"));
  }

  private static Verdict ofUsers(String from, String to, InstanceUsers users) {
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
