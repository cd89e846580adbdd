package org.mathesar.operator.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RPC methods the operator calls, typed. Their names and parameters are the same in Mathesar
 * 0.10.1 and 0.11.0 (mathesar/rpc/databases, servers, roles and users:
 * docs/databases.md#mathesar-versions).
 */
public final class MathesarApi {
  private final MathesarRpcClient client;

  public MathesarApi(MathesarRpcClient client) {
    this.client = client;
  }

  public record Server(long id, String host, Integer port) {}

  public record InstanceUser(long id, String username) {}

  /**
   * @param needsUpgrade Mathesar's SQL in the database is from another Mathesar version
   */
  public record Database(
      long id, String name, long serverId, String nickname, boolean needsUpgrade) {}

  public record Role(long id, String name, long serverId) {}

  /** What connect_existing and create_new answer: the objects Mathesar made or found. */
  public record Connected(Server server, Database database, Role role) {}

  /**
   * Every Mathesar user: its id and username (users.list; any logged-in user in 0.10, superusers in
   * 0.11). Asked on a reconciliation's thread, so each request gets a short timeout; an answer of
   * another shape is an error, never an empty list that would pass a check.
   */
  public List<InstanceUser> users(java.time.Duration timeout) throws RpcException {
    var method = "users.list";
    var result = client.call(method, Map.of(), timeout);
    if (!result.isArray()) {
      throw new RpcException(RpcException.Kind.METHOD, method, 0, "the answer is not a list");
    }
    var out = new ArrayList<InstanceUser>();
    for (var u : result) {
      if (!u.path("id").canConvertToLong() || !u.path("username").isTextual()) {
        throw new RpcException(
            RpcException.Kind.METHOD, method, 0, "a user without an id or a username");
      }
      out.add(new InstanceUser(u.get("id").asLong(), u.get("username").asText()));
    }
    return out;
  }

  public List<Server> servers() throws RpcException {
    var out = new ArrayList<Server>();
    for (var s : client.call("servers.configured.list", Map.of())) {
      out.add(server(s));
    }
    return out;
  }

  public List<Database> databases() throws RpcException {
    var out = new ArrayList<Database>();
    for (var d : client.call("databases.configured.list", Map.of())) {
      out.add(database(d));
    }
    return out;
  }

  /**
   * The roles configured on a server, as roles.configured.list filters them (by one of its
   * databases).
   */
  public List<Role> roles(long databaseId, long serverId) throws RpcException {
    var out = new ArrayList<Role>();
    for (var r :
        client.call(
            "roles.configured.list", Map.of("database_id", databaseId, "server_id", serverId))) {
      out.add(role(r));
    }
    return out;
  }

  public Connected connectExisting(
      String host,
      int port,
      String database,
      String role,
      String password,
      String sslMode,
      String nickname,
      List<String> sampleData)
      throws RpcException {
    var params = new LinkedHashMap<String, Object>();
    params.put("host", host);
    params.put("port", port);
    params.put("database", database);
    params.put("role", role);
    params.put("password", password);
    params.put("sslmode", sslMode);
    params.put("sample_data", sampleData);
    if (nickname != null) {
      params.put("nickname", nickname);
    }
    return connected(client.call("databases.setup.connect_existing", params));
  }

  public Connected createNew(String database, String nickname, List<String> sampleData)
      throws RpcException {
    var params = new LinkedHashMap<String, Object>();
    params.put("database", database);
    params.put("sample_data", sampleData);
    if (nickname != null) {
      params.put("nickname", nickname);
    }
    return connected(client.call("databases.setup.create_new", params));
  }

  public void setPassword(long configuredRoleId, String password) throws RpcException {
    client.call(
        "roles.configured.set_password",
        Map.of("configured_role_id", configuredRoleId, "password", password));
  }

  public void setNickname(long databaseId, String nickname) throws RpcException {
    var patch = new LinkedHashMap<String, Object>();
    patch.put("nickname", nickname);
    client.call("databases.configured.patch", Map.of("database_id", databaseId, "patch", patch));
  }

  /**
   * Installs this Mathesar version's SQL in the database, as the UI asks an admin to after every
   * upgrade; as the role that installed it.
   */
  public void upgradeSql(long databaseId, String role, String password) throws RpcException {
    client.call(
        "databases.upgrade_sql",
        Map.of("database_id", databaseId, "username", role, "password", password));
  }

  /**
   * Mathesar connects to the database as the admin's role to list its schemas: the proof that the
   * stored password works.
   */
  public int schemaCount(long databaseId) throws RpcException {
    return client.call("schemas.list", Map.of("database_id", databaseId)).size();
  }

  /**
   * Removes the database from Mathesar, as the UI's default does: no schema is removed from it
   * (schemas_to_remove empty; mathesar_types holds the types of user columns) and strict=false, so
   * that nothing the user made can stop it. The role and password are given so that Mathesar need
   * not guess which stored role owns its schemas. With lastOfServer, Mathesar also forgets the
   * server and its stored roles. Tables and rows are never touched.
   */
  public void disconnect(long databaseId, String role, String password, boolean lastOfServer)
      throws RpcException {
    var params = new LinkedHashMap<String, Object>();
    params.put("database_id", databaseId);
    params.put("schemas_to_remove", List.of());
    params.put("strict", false);
    params.put("disconnect_db_server", lastOfServer);
    if (role != null && password != null) {
      params.put("role_name", role);
      params.put("password", password);
    }
    client.call("databases.configured.disconnect", params);
  }

  private static Connected connected(JsonNode result) {
    return new Connected(
        server(result.get("server")),
        database(result.get("database")),
        role(result.get("configured_role")));
  }

  private static Server server(JsonNode s) {
    return new Server(
        s.get("id").asLong(),
        s.path("host").asText(),
        s.hasNonNull("port") ? s.get("port").asInt() : null);
  }

  private static Database database(JsonNode d) {
    return new Database(
        d.get("id").asLong(),
        d.path("name").asText(),
        d.path("server_id").asLong(),
        d.hasNonNull("nickname") ? d.get("nickname").asText() : null,
        d.path("needs_upgrade_attention").asBoolean(false));
  }

  private static Role role(JsonNode r) {
    return new Role(r.get("id").asLong(), r.path("name").asText(), r.path("server_id").asLong());
  }
}
