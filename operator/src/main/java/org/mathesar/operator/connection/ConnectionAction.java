package org.mathesar.operator.connection;

/** One call the reconciler makes to Mathesar, decided by {@link ConnectionPlanner}. */
public sealed interface ConnectionAction {
  /**
   * The role's stored password from the credentials Secret (a rotated password, or before
   * connecting).
   */
  record SetPassword(long configuredRoleId) implements ConnectionAction {}

  /** databases.setup.connect_existing: Mathesar records the database and installs its SQL in it. */
  record ConnectExisting() implements ConnectionAction {}

  /**
   * databases.setup.create_new: Mathesar creates the database on its own server; where it exists
   * already, connect_existing with the instance's role instead.
   */
  record CreateNew() implements ConnectionAction {}

  /** databases.configured.patch of the nickname. */
  record SetNickname(long databaseId, String nickname) implements ConnectionAction {}

  /**
   * databases.upgrade_sql: Mathesar's SQL of the running version, after an upgrade of the instance.
   */
  record UpgradeSql(long databaseId) implements ConnectionAction {}

  /** schemas.list: Mathesar opens the database with the stored password; proves it works. */
  record Verify(long databaseId) implements ConnectionAction {}
}
