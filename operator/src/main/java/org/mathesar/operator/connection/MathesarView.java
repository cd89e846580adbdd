package org.mathesar.operator.connection;

import java.util.List;
import java.util.Optional;
import org.mathesar.operator.rpc.MathesarApi.Database;
import org.mathesar.operator.rpc.MathesarApi.Role;
import org.mathesar.operator.rpc.MathesarApi.Server;

/**
 * What Mathesar listed in one reconciliation: its servers and databases, and the roles configured
 * on the desired database's server (empty when Mathesar has no such server).
 */
public record MathesarView(List<Server> servers, List<Database> databases, List<Role> roles) {

  public Optional<Server> server(DesiredConnection desired) {
    return servers.stream()
        .filter(
            s -> desired.host().equals(s.host()) && s.port() != null && s.port() == desired.port())
        .findFirst();
  }

  /** The desired database as Mathesar lists it; the oldest if it was connected twice by hand. */
  public Optional<Database> database(DesiredConnection desired) {
    return server(desired)
        .flatMap(
            s ->
                databases.stream()
                    .filter(d -> d.serverId() == s.id() && desired.database().equals(d.name()))
                    .min(java.util.Comparator.comparingLong(Database::id)));
  }

  public Optional<Role> role(DesiredConnection desired) {
    return server(desired)
        .flatMap(
            s ->
                roles.stream()
                    .filter(r -> r.serverId() == s.id() && desired.role().equals(r.name()))
                    .findFirst());
  }
}
