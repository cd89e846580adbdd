package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mathesar.operator.rollout.InstanceUsers;
import org.mathesar.operator.rollout.InstanceUsers.User;
import org.mathesar.operator.rollout.ReleaseChecks;
import org.mathesar.operator.rollout.ReleaseChecks.Verdict;
import org.mathesar.operator.rollout.ReleaseChecks.Verdict.Kind;

/** The known breaking points between releases, from the users the running instance lists. */
class ReleaseChecksTest {
  private static InstanceUsers listed(User... users) {
    return new InstanceUsers.Listed(List.of(users));
  }

  /** The usernames' check alone: the spec has made its choice of the Django admin. */
  private static Verdict verdict(String from, String to, InstanceUsers users) {
    return ReleaseChecks.verdict(from, to, true, users);
  }

  @ParameterizedTest(name = "{0} to {1}: {2}")
  @CsvSource({
    "0.10.1, 0.11.0, true",
    "0.10.1, 0.12.0, true",
    "0.9.0, 0.11.1, true",
    "0.11.0, 0.12.0, false",
    "0.9.0, 0.10.1, false",
    // A pre-release of 0.11.0 is checked as 0.11.0: the cautious side.
    "0.10.1, 0.11.0-rc1, true",
    "0.11.0-rc1, 0.11.0, true"
  })
  void theUsersAreNeededOnlyForAnUpgradeThatBringsTheLimit(String from, String to, boolean needed) {
    assertThat(ReleaseChecks.needUsers(from, to)).isEqualTo(needed);
  }

  @Test
  void usernamesOfUpTo63CharactersPass() {
    var verdict =
        verdict("0.10.1", "0.11.0", listed(new User(1, "admin"), new User(2, "é".repeat(63))));
    assertThat(verdict.kind()).isEqualTo(Kind.PASS);
  }

  /** PostgreSQL counts characters; Java's length counts UTF-16 units, two for U+20000. */
  @Test
  void charactersAreCountedAsPostgresqlCountsThem() {
    var supplementary = new String(Character.toChars(0x20000));
    assertThat(verdict("0.10.1", "0.11.0", listed(new User(2, supplementary.repeat(63)))).kind())
        .isEqualTo(Kind.PASS);
    assertThat(verdict("0.10.1", "0.11.0", listed(new User(2, supplementary.repeat(64)))).message())
        .contains("id 2 (64 characters)");
  }

  @Test
  void aLongerUsernameRefusesTheUpgradeNamingTheUserByIdNotByName() {
    var name = "someone.with.a.very.long.address@departement-des-affaires.example.org";
    var verdict = verdict("0.10.1", "0.11.0", listed(new User(1, "admin"), new User(12, name)));
    assertThat(verdict.kind()).isEqualTo(Kind.REFUSE);
    assertThat(verdict.reason()).isEqualTo("UsernameTooLong");
    assertThat(verdict.message())
        .contains("1 Mathesar user has a username longer than 63 characters")
        .contains("id 12 (" + name.length() + " characters)")
        .contains("no backup, no migration; 0.10.1 keeps serving")
        .contains("Rename them in Mathesar")
        .doesNotContain(name)
        .doesNotContain("id 1 ");
  }

  @Test
  void manyLongUsernamesAreCountedAfterTheFirstFive() {
    var users = IntStream.rangeClosed(1, 8).mapToObj(i -> new User(i, "x".repeat(63 + i))).toList();
    var verdict = verdict("0.10.1", "0.12.0", new InstanceUsers.Listed(users));
    assertThat(verdict.message())
        .contains("8 Mathesar users have")
        .contains("id 5 (68 characters) and 3 more")
        .doesNotContain("id 6 ");
  }

  @Test
  void anInstanceThatCannotBeAskedMakesTheUpgradeWaitAndSaysHowToSkip() {
    var verdict =
        verdict("0.10.1", "0.11.0", new InstanceUsers.Unavailable("no pod of the running version"));
    assertThat(verdict.kind()).isEqualTo(Kind.WAIT);
    assertThat(verdict.reason()).isEqualTo("CheckingRelease");
    assertThat(verdict.message())
        .contains("no pod of the running version")
        .contains("spec.upgrade.preflight: false");
  }

  @Test
  void anUpgradeThatNeedsNoUsersPassesWithoutThem() {
    assertThat(verdict("0.11.0", "0.12.0", InstanceUsers.NOT_LOOKED_AT).kind())
        .isEqualTo(Kind.PASS);
    assertThatThrownBy(() -> verdict("0.10.1", "0.11.0", InstanceUsers.NOT_LOOKED_AT))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0} to {1}, the Django admin chosen {2}: refused {3}")
  @CsvSource({
    "0.11.0, 0.12.0, false, true",
    "0.11.0, 0.12.0, true, false",
    "0.11.0, 0.13.0, false, true",
    // A pre-release of 0.12.0 is checked as 0.12.0.
    "0.11.0, 0.12.0-rc1, false, true",
    "0.12.0, 0.12.1, false, false",
    // A pre-release of 0.12.0 already keeps the admin off.
    "0.12.0-rc1, 0.12.0, false, false",
    "0.10.1, 0.11.0, false, false"
  })
  void anUpgradeThatTurnsTheDjangoAdminOffWaitsForTheSpecToChoose(
      String from, String to, boolean chosen, boolean refused) {
    var users = listed(new User(1, "admin"));
    var verdict = ReleaseChecks.verdict(from, to, chosen, users);
    assertThat(verdict.kind()).isEqualTo(refused ? Kind.REFUSE : Kind.PASS);
    if (refused) {
      assertThat(verdict.reason()).isEqualTo("DjangoAdminChoiceNeeded");
      assertThat(verdict.message())
          .contains("Mathesar 0.12.0 serves the Django admin at /admin/ only when")
          .contains("the upgrade to " + to + " did not start: no backup, no migration")
          .contains(from + " keeps serving")
          .contains("spec.djangoAdmin.enabled: true to keep /admin/, or false")
          .contains("or set MATHESAR_DJANGO_ADMIN_ENABLED in spec.env");
    }
  }

  @Test
  void bothRefusalsAreToldTogetherUnderTheFirst() {
    var verdict =
        ReleaseChecks.verdict(
            "0.10.1", "0.12.0", false, listed(new User(1, "admin"), new User(4, "x".repeat(70))));
    assertThat(verdict.kind()).isEqualTo(Kind.REFUSE);
    assertThat(verdict.reason()).isEqualTo("DjangoAdminChoiceNeeded");
    assertThat(verdict.message())
        .contains("spec.djangoAdmin.enabled")
        .contains(". Also: 1 Mathesar user has a username longer than 63 characters")
        .contains("id 4 (70 characters)");
  }

  /**
   * What the user must change is known already: waiting for Mathesar would only delay saying it.
   */
  @Test
  void aRefusalIsToldWhileTheUsersCannotBeAskedYet() {
    var verdict =
        ReleaseChecks.verdict(
            "0.10.1",
            "0.12.0",
            false,
            new InstanceUsers.Unavailable("no pod of the running version"));
    assertThat(verdict.kind()).isEqualTo(Kind.REFUSE);
    assertThat(verdict.reason()).isEqualTo("DjangoAdminChoiceNeeded");
    assertThat(verdict.message()).doesNotContain("no pod of the running version");
  }
}
