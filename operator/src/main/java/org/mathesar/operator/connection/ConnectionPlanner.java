package org.mathesar.operator.connection;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mathesar.operator.connection.ConnectionAction.ConnectExisting;
import org.mathesar.operator.connection.ConnectionAction.CreateNew;
import org.mathesar.operator.connection.ConnectionAction.SetNickname;
import org.mathesar.operator.connection.ConnectionAction.SetPassword;
import org.mathesar.operator.connection.ConnectionAction.UpgradeSql;
import org.mathesar.operator.connection.ConnectionAction.Verify;
import org.mathesar.operator.customresource.MathesarDatabaseStatus;

/**
 * Desired connection × what Mathesar lists × what the status recorded → the calls to make. Pure.
 *
 * <p>Mathesar's connect_existing finds its Server by host and port, its Database by name and
 * nickname, and its ConfiguredRole by name, creating what is missing; an existing role keeps its
 * stored password. So a database already listed is never connected again (a second call with
 * another nickname would make a duplicate), and a role that exists gets its password set before any
 * connect. After an upgrade of the instance, Mathesar marks each database whose SQL is older
 * (needs_upgrade_attention) and its UI asks an admin to upgrade it; the planner does.
 */
public final class ConnectionPlanner {
  private ConnectionPlanner() {}

  public record Plan(List<ConnectionAction> actions) {
    public boolean connects() {
      return actions.stream().anyMatch(a -> a instanceof ConnectExisting || a instanceof CreateNew);
    }
  }

  public static Plan plan(
      DesiredConnection desired, MathesarDatabaseStatus recorded, MathesarView view) {
    var actions = new ArrayList<ConnectionAction>();
    var listed = view.database(desired);
    var role = view.role(desired);
    var pushed =
        recorded != null
            && Objects.equals(recorded.getCredentialsVersion(), desired.credentialsVersion())
            && role.isPresent()
            && Objects.equals(recorded.getConfiguredRoleId(), role.get().id());
    if (role.isPresent() && (!pushed || listed.isEmpty())) {
      actions.add(new SetPassword(role.get().id()));
    }
    if (listed.isEmpty()) {
      actions.add(desired.create() ? new CreateNew() : new ConnectExisting());
      return new Plan(List.copyOf(actions));
    }
    var database = listed.get();
    if (desired.nickname() != null && !desired.nickname().equals(database.nickname())) {
      actions.add(new SetNickname(database.id(), desired.nickname()));
    }
    if (database.needsUpgrade()) {
      actions.add(new UpgradeSql(database.id()));
    }
    actions.add(new Verify(database.id()));
    return new Plan(List.copyOf(actions));
  }
}
