package org.mathesar.operator.connection;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mathesar.operator.connection.ConnectionAction.ConnectExisting;
import org.mathesar.operator.connection.ConnectionAction.CreateNew;
import org.mathesar.operator.connection.ConnectionAction.SetNickname;
import org.mathesar.operator.connection.ConnectionAction.SetPassword;
import org.mathesar.operator.connection.ConnectionAction.Verify;
import org.mathesar.operator.customresource.MathesarDatabaseStatus;
import org.mathesar.operator.database.CheckResult;
import org.mathesar.operator.database.ConnectionCheck;
import org.mathesar.operator.database.ConnectionTarget;
import org.mathesar.operator.rpc.MathesarApi;
import org.mathesar.operator.rpc.MathesarApi.Connected;
import org.mathesar.operator.rpc.RpcException;

/**
 * The I/O edge of one reconciliation: what Mathesar lists, the {@link ConnectionPlanner}'s calls
 * made in order, and a failure turned into a reason (with the operator's own connection where
 * Mathesar's answer says too little).
 */
final class ConnectionExecutor {
  /** Names the calls made, for the log and the Events (never their parameters). */
  record Result(ConnectionOutcome outcome, List<String> calls) {}

  /** The operator's own connection, replaceable in tests. */
  interface OwnCheck {
    CheckResult run(ConnectionTarget target);
  }

  private final OwnCheck ownCheck;

  ConnectionExecutor(OwnCheck ownCheck) {
    this.ownCheck = ownCheck;
  }

  ConnectionExecutor() {
    this(ConnectionCheck::run);
  }

  Result run(
      MathesarApi api,
      DesiredConnection desired,
      MathesarDatabaseStatus recorded,
      String password,
      String instanceUid) {
    var calls = new ArrayList<String>();
    MathesarView view;
    try {
      view = observe(api, desired);
    } catch (RpcException e) {
      return new Result(instanceFailure(e), calls);
    }
    var plan = ConnectionPlanner.plan(desired, recorded, view);
    var listed = view.database(desired);
    Connected connected =
        listed
            .map(
                d ->
                    new Connected(
                        view.server(desired).orElseThrow(), d, view.role(desired).orElse(null)))
            .orElse(null);
    try {
      for (var action : plan.actions()) {
        calls.add(action.getClass().getSimpleName());
        if (action instanceof SetPassword p) {
          api.setPassword(p.configuredRoleId(), password);
        } else if (action instanceof ConnectExisting) {
          connected = connect(api, desired, password, desired.sampleData());
        } else if (action instanceof CreateNew) {
          connected = create(api, desired, password);
        } else if (action instanceof SetNickname n) {
          api.setNickname(n.databaseId(), n.nickname());
        } else if (action instanceof ConnectionAction.UpgradeSql u) {
          api.upgradeSql(u.databaseId(), desired.role(), password);
        } else if (action instanceof Verify v) {
          api.schemaCount(v.databaseId());
        }
      }
    } catch (RpcException e) {
      if (e.kind() != RpcException.Kind.METHOD) {
        return new Result(instanceFailure(e), calls);
      }
      Optional<CheckResult> check =
          ConnectionFailure.worthCheckingOurselves(e)
              ? Optional.of(
                  ownCheck.run(
                      new ConnectionTarget(
                          desired.host(),
                          desired.port(),
                          desired.database(),
                          desired.role(),
                          password,
                          desired.sslMode())))
              : Optional.empty();
      var failure = ConnectionFailure.of(e, check, desired);
      return new Result(
          ConnectionOutcome.failed(
              failure.reason(), failure.message(), desired, instanceUid, connected),
          calls);
    }
    var message =
        "Mathesar lists "
            + desired.identity()
            + " (database id "
            + connected.database().id()
            + ") as role "
            + desired.role();
    return new Result(ConnectionOutcome.ready(desired, instanceUid, connected, message), calls);
  }

  static MathesarView observe(MathesarApi api, DesiredConnection desired) throws RpcException {
    var servers = api.servers();
    var databases = api.databases();
    var view = new MathesarView(servers, databases, List.of());
    var server = view.server(desired);
    if (server.isEmpty()) {
      return view;
    }
    // roles.configured.list filters by a database of the server: any will do.
    var onServer = databases.stream().filter(d -> d.serverId() == server.get().id()).findFirst();
    if (onServer.isEmpty()) {
      return view;
    }
    try {
      return new MathesarView(
          servers, databases, api.roles(onServer.get().id(), server.get().id()));
    } catch (RpcException e) {
      // 0.10 lets even the admin list roles only through a database it collaborates on.
      if (e.kind() == RpcException.Kind.METHOD) {
        return view;
      }
      throw e;
    }
  }

  private static Connected connect(
      MathesarApi api, DesiredConnection d, String password, List<String> sampleData)
      throws RpcException {
    return api.connectExisting(
        d.host(),
        d.port(),
        d.database(),
        d.role(),
        password,
        d.sslMode(),
        d.nickname(),
        sampleData);
  }

  /**
   * Mathesar creates the database on its server; one that exists there already (its record lost
   * with a deleted internal database, say) is connected instead, with the same role create_new
   * would use.
   */
  private static Connected create(MathesarApi api, DesiredConnection d, String password)
      throws RpcException {
    try {
      return api.createNew(d.database(), d.nickname(), d.sampleData());
    } catch (RpcException e) {
      if (e.kind() == RpcException.Kind.METHOD
          && String.valueOf(e.getMessage()).contains("already exists")) {
        return connect(api, d, password, List.of());
      }
      throw e;
    }
  }

  /** The instance, not the database, failed: its RPC API is unreachable or refused the admin. */
  static ConnectionOutcome instanceFailure(RpcException e) {
    return switch (e.kind()) {
      case AUTHENTICATION ->
          ConnectionOutcome.notReady(
              "AdminLoginFailed",
              "Mathesar refused the admin credentials of"
                  + " the instance's admin Secret ("
                  + e.getMessage()
                  + "). If the admin's password was changed in Mathesar,"
                  + " put the new one in that Secret");
      case UNREACHABLE, HTTP ->
          ConnectionOutcome.notReady(
              "MathesarUnreachable",
              e.getMessage()
                  + "; the operator tries again (it reaches the instance through its Service, MATHESAR_URL_TEMPLATE)");
      case METHOD ->
          ConnectionOutcome.notReady(
              ConnectionFailure.MATHESAR_ERROR,
              "Mathesar answered " + e.method() + " with \"" + e.getMessage() + "\"");
    };
  }
}
