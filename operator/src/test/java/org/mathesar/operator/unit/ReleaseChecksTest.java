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
import org.mathesar.operator.rollout.ReleaseChecks.Verdict.Kind;

/** The known breaking points between releases, from the users the running instance lists. */
class ReleaseChecksTest {
  private static InstanceUsers listed(User... users) {
    return new InstanceUsers.Listed(List.of(users));
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
        ReleaseChecks.verdict(
            "0.10.1", "0.11.0", listed(new User(1, "admin"), new User(2, "é".repeat(63))));
    assertThat(verdict.kind()).isEqualTo(Kind.PASS);
  }

  /** PostgreSQL counts characters; Java's length counts UTF-16 units, two for U+20000. */
  @Test
  void charactersAreCountedAsPostgresqlCountsThem() {
    var supplementary = new String(Character.toChars(0x20000));
    assertThat(
            ReleaseChecks.verdict("0.10.1", "0.11.0", listed(new User(2, supplementary.repeat(63))))
                .kind())
        .isEqualTo(Kind.PASS);
    assertThat(
            ReleaseChecks.verdict("0.10.1", "0.11.0", listed(new User(2, supplementary.repeat(64))))
                .message())
        .contains("id 2 (64 characters)");
  }

  @Test
  void aLongerUsernameRefusesTheUpgradeNamingTheUserByIdNotByName() {
    var name = "someone.with.a.very.long.address@departement-des-affaires.example.org";
    var verdict =
        ReleaseChecks.verdict("0.10.1", "0.11.0", listed(new User(1, "admin"), new User(12, name)));
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
    var verdict = ReleaseChecks.verdict("0.10.1", "0.12.0", new InstanceUsers.Listed(users));
    assertThat(verdict.message())
        .contains("8 Mathesar users have")
        .contains("id 5 (68 characters) and 3 more")
        .doesNotContain("id 6 ");
  }

  @Test
  void anInstanceThatCannotBeAskedMakesTheUpgradeWaitAndSaysHowToSkip() {
    var verdict =
        ReleaseChecks.verdict(
            "0.10.1", "0.11.0", new InstanceUsers.Unavailable("no pod of the running version"));
    assertThat(verdict.kind()).isEqualTo(Kind.WAIT);
    assertThat(verdict.reason()).isEqualTo("CheckingRelease");
    assertThat(verdict.message())
        .contains("no pod of the running version")
        .contains("spec.upgrade.preflight: false");
  }

  @Test
  void anUpgradeThatNeedsNoUsersPassesWithoutThem() {
    assertThat(ReleaseChecks.verdict("0.11.0", "0.12.0", InstanceUsers.NOT_LOOKED_AT).kind())
        .isEqualTo(Kind.PASS);
    assertThatThrownBy(() -> ReleaseChecks.verdict("0.10.1", "0.11.0", InstanceUsers.NOT_LOOKED_AT))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
