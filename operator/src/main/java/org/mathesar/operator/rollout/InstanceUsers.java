package org.mathesar.operator.rollout;

import java.util.List;

/**
 * What the running instance told about its users, for the release checks of an upgrade: asked only
 * when a check needs it, through the operator's admin session to Mathesar's RPC (users.list).
 */
public sealed interface InstanceUsers {
  /** The plan does not depend on the users: nothing was asked. */
  record NotLookedAt() implements InstanceUsers {}

  /** Mathesar could not be asked, and why (no pod ready, the login or the call failed). */
  record Unavailable(String why) implements InstanceUsers {}

  record Listed(List<User> users) implements InstanceUsers {
    public Listed {
      users = List.copyOf(users);
    }
  }

  /** A Mathesar user as users.list gives it: its Django id and username. */
  record User(long id, String username) {}

  InstanceUsers NOT_LOOKED_AT = new NotLookedAt();
}
