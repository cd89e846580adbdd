package org.mathesar.operator.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.connection.ConnectionAction.ConnectExisting;
import org.mathesar.operator.connection.ConnectionAction.CreateNew;
import org.mathesar.operator.connection.ConnectionAction.SetNickname;
import org.mathesar.operator.connection.ConnectionAction.SetPassword;
import org.mathesar.operator.connection.ConnectionAction.Verify;
import org.mathesar.operator.customresource.MathesarDatabaseStatus;
import org.mathesar.operator.rpc.MathesarApi.Database;
import org.mathesar.operator.rpc.MathesarApi.Role;
import org.mathesar.operator.rpc.MathesarApi.Server;

/** Desired connection × what Mathesar lists × the status → calls. */
class ConnectionPlannerTest {
  static final Server SERVER = new Server(1, "pg.shop", 5432);
  static final Server OTHER_SERVER = new Server(2, "pg.other", 5432);
  static final Role ROLE = new Role(7, "sales", 1);

  static DesiredConnection desired(String version, boolean create, String nickname) {
    return new DesiredConnection(
        "pg.shop",
        5432,
        "sales",
        "sales",
        "prefer",
        nickname,
        create,
        List.of(),
        "sales-credentials",
        "username",
        "password",
        version);
  }

  static MathesarDatabaseStatus pushed(String version, long roleId) {
    var s = new MathesarDatabaseStatus();
    s.setCredentialsVersion(version);
    s.setConfiguredRoleId(roleId);
    return s;
  }

  @Test
  void nothingListedConnects() {
    var plan =
        ConnectionPlanner.plan(
            desired("1", false, null), null, new MathesarView(List.of(), List.of(), List.of()));
    assertThat(plan.actions()).containsExactly(new ConnectExisting());
    assertThat(plan.connects()).isTrue();
  }

  @Test
  void createMakesTheDatabaseWhenMathesarDoesNotListIt() {
    var plan =
        ConnectionPlanner.plan(
            desired("1", true, null),
            null,
            new MathesarView(List.of(SERVER), List.of(), List.of()));
    assertThat(plan.actions()).containsExactly(new CreateNew());
  }

  @Test
  void aRoleMathesarKnowsGetsItsPasswordBeforeConnecting() {
    // connect_existing keeps an existing role's stored password: it would install with the old one.
    var view =
        new MathesarView(
            List.of(SERVER), List.of(new Database(3, "other", 1, null, false)), List.of(ROLE));
    var plan = ConnectionPlanner.plan(desired("1", false, null), pushed("1", 7), view);
    assertThat(plan.actions()).containsExactly(new SetPassword(7), new ConnectExisting());
  }

  @Test
  void aListedDatabaseIsOnlyVerified() {
    var view =
        new MathesarView(
            List.of(SERVER), List.of(new Database(3, "sales", 1, null, false)), List.of(ROLE));
    var plan = ConnectionPlanner.plan(desired("1", false, null), pushed("1", 7), view);
    assertThat(plan.actions()).containsExactly(new Verify(3));
    assertThat(plan.connects()).isFalse();
  }

  @Test
  void aNewSecretVersionPushesThePassword() {
    var view =
        new MathesarView(
            List.of(SERVER), List.of(new Database(3, "sales", 1, null, false)), List.of(ROLE));
    var plan = ConnectionPlanner.plan(desired("2", false, null), pushed("1", 7), view);
    assertThat(plan.actions()).containsExactly(new SetPassword(7), new Verify(3));
  }

  @Test
  void aListingWithoutTheStatusIsAdoptedWithoutConnectingAgain() {
    // A Mathesar re-created over its retained internal database still lists the database.
    var view =
        new MathesarView(
            List.of(SERVER), List.of(new Database(3, "sales", 1, null, false)), List.of(ROLE));
    var plan = ConnectionPlanner.plan(desired("1", false, null), null, view);
    assertThat(plan.actions()).containsExactly(new SetPassword(7), new Verify(3));
  }

  @Test
  void theSameNameOnAnotherServerIsAnotherDatabase() {
    var view =
        new MathesarView(
            List.of(OTHER_SERVER), List.of(new Database(3, "sales", 2, null, false)), List.of());
    var plan = ConnectionPlanner.plan(desired("1", false, null), null, view);
    assertThat(plan.actions()).containsExactly(new ConnectExisting());
  }

  @Test
  void aDatabaseConnectedTwiceByHandIsTheOldestOne() {
    var view =
        new MathesarView(
            List.of(SERVER),
            List.of(
                new Database(9, "sales", 1, "copy", false),
                new Database(4, "sales", 1, null, false)),
            List.of(ROLE));
    var plan = ConnectionPlanner.plan(desired("1", false, null), pushed("1", 7), view);
    assertThat(plan.actions()).containsExactly(new Verify(4));
  }

  @Test
  void anUpgradedInstanceUpgradesTheDatabasesSql() {
    var view =
        new MathesarView(
            List.of(SERVER), List.of(new Database(3, "sales", 1, null, true)), List.of(ROLE));
    var plan = ConnectionPlanner.plan(desired("1", false, null), pushed("1", 7), view);
    assertThat(plan.actions()).containsExactly(new ConnectionAction.UpgradeSql(3), new Verify(3));
  }

  @Test
  void aChangedNicknameIsPatched() {
    var view =
        new MathesarView(
            List.of(SERVER), List.of(new Database(3, "sales", 1, "Old", false)), List.of(ROLE));
    var plan = ConnectionPlanner.plan(desired("1", false, "Sales"), pushed("1", 7), view);
    assertThat(plan.actions()).containsExactly(new SetNickname(3, "Sales"), new Verify(3));
  }
}
