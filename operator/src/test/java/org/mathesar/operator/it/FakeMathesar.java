package org.mathesar.operator.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process stand-in for Mathesar's HTTP surface as the operator uses it: Django's login form
 * (GET/POST /auth/login/ with csrfmiddlewaretoken; 302 and a sessionid cookie when the credentials
 * are right, the form again when not) and the JSON-RPC 2.0 endpoint /api/rpc/v0/ with the methods
 * the operator calls, over an in-memory model like Mathesar's (Server, Database, ConfiguredRole,
 * UserDatabaseRoleMap) and a fake PostgreSQL behind it.
 *
 * <p>One server can play several Mathesar instances: each {@link Instance} has its own admin
 * credentials (the operator generates a different admin password per instance), so the session a
 * login opens says which instance's model a call works on, and each instance counts its own calls.
 * The fake PostgreSQL is shared, as a real server would be.
 */
final class FakeMathesar implements AutoCloseable {
  /** Mathesar's code for psycopg's OperationalError (mathesar/rpc/exceptions/error_codes.py). */
  static final int OPERATIONAL_ERROR = -30193;

  /** django-modern-rpc's code when the user of a call is not authenticated. */
  static final int AUTHENTICATION_ERROR = -32603;

  static final int METHOD_NOT_FOUND = -32601;
  static final int INVALID_PARAMS = -32602;

  /** What Mathesar raises for a record that does not exist (Django's DoesNotExist). */
  static final int DOES_NOT_EXIST = -29002;

  /** psycopg's DuplicateDatabase. */
  static final int DUPLICATE_DATABASE = -30221;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final HttpServer http;
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            var t = new Thread(r, "fake-mathesar");
            t.setDaemon(true);
            return t;
          });
  private final FakePostgres postgres = new FakePostgres();

  /** Admin credentials ("username\npassword") → the instance they log into. */
  private final Map<String, Instance> admins = new ConcurrentHashMap<>();

  /** sessionid → the instance logged into. */
  private final Map<String, Instance> sessions = new ConcurrentHashMap<>();

  /** Calls without a valid session, per method. */
  private final Map<String, AtomicInteger> unauthenticated = new ConcurrentHashMap<>();

  private FakeMathesar() throws IOException {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/auth/login/", this::login);
    http.createContext("/api/rpc/v0/", this::rpc);
    http.createContext("/", exchange -> respond(exchange, 404, "text/plain", "not found"));
    http.setExecutor(executor);
  }

  static FakeMathesar start() throws IOException {
    var fake = new FakeMathesar();
    fake.http.start();
    return fake;
  }

  int port() {
    return http.getAddress().getPort();
  }

  String url() {
    return "http://127.0.0.1:" + port();
  }

  FakePostgres postgres() {
    return postgres;
  }

  /** A Mathesar instance whose first admin logs in with these credentials. */
  Instance addInstance(String username, String password) {
    var instance = new Instance(username);
    admins.put(username + "\n" + password, instance);
    return instance;
  }

  /** The admin's password changed in Mathesar: the old one no longer logs in. */
  void changeAdminPassword(Instance instance, String oldPassword, String newPassword) {
    admins.remove(instance.admin + "\n" + oldPassword);
    admins.put(instance.admin + "\n" + newPassword, instance);
  }

  /** Every session is forgotten (Mathesar restarted with another SECRET_KEY, say). */
  void expireSessions() {
    sessions.clear();
  }

  /** Calls of a method over all instances, authenticated or not. */
  int calls(String method) {
    return admins.values().stream().distinct().mapToInt(i -> i.calls(method)).sum()
        + Optional.ofNullable(unauthenticated.get(method)).map(AtomicInteger::get).orElse(0);
  }

  int unauthenticatedCalls() {
    return unauthenticated.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
  }

  // --- HTTP -----------------------------------------------------------------------------------

  private void login(HttpExchange exchange) throws IOException {
    try (exchange) {
      switch (exchange.getRequestMethod()) {
        case "GET" -> loginForm(exchange, 200);
        case "POST" -> {
          var form =
              parseForm(
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          var cookie = cookies(exchange).get("csrftoken");
          var token = form.get("csrfmiddlewaretoken");
          if (cookie == null || token == null || !cookie.equals(token)) {
            respond(
                exchange,
                403,
                "text/html",
                "<h1>Forbidden (403)</h1><p>CSRF verification failed. Request aborted.</p>");
            return;
          }
          var instance =
              admins.get(
                  form.getOrDefault("username", "") + "\n" + form.getOrDefault("password", ""));
          if (instance == null) {
            loginForm(exchange, 200);
            return;
          }
          instance.logins.incrementAndGet();
          var session = randomToken();
          sessions.put(session, instance);
          exchange
              .getResponseHeaders()
              .add("Set-Cookie", "csrftoken=" + randomToken() + "; Path=/; SameSite=Lax");
          exchange
              .getResponseHeaders()
              .add("Set-Cookie", "sessionid=" + session + "; HttpOnly; Path=/; SameSite=Lax");
          exchange.getResponseHeaders().add("Location", "/");
          exchange.sendResponseHeaders(302, -1);
        }
        default -> respond(exchange, 405, "text/plain", "method not allowed");
      }
    }
  }

  private static void loginForm(HttpExchange exchange, int status) throws IOException {
    var token = randomToken();
    exchange
        .getResponseHeaders()
        .add("Set-Cookie", "csrftoken=" + token + "; Path=/; SameSite=Lax");
    respond(
        exchange,
        status,
        "text/html; charset=utf-8",
        """
        <!DOCTYPE html>
        <html><head><title>Login | Mathesar</title></head><body>
        <form method="post" action="/auth/login/">
          <input type="hidden" name="csrfmiddlewaretoken" value="%s">
          <input type="text" name="username" autofocus required>
          <input type="password" name="password" required>
          <button type="submit">Log In</button>
        </form>
        </body></html>
        """
            .formatted(token));
  }

  private void rpc(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        respond(exchange, 405, "text/plain", "method not allowed");
        return;
      }
      JsonNode request;
      try {
        request = JSON.readTree(exchange.getRequestBody());
      } catch (IOException e) {
        reply(exchange, error(NODES.nullNode(), -32700, "Parse error"));
        return;
      }
      var id = request.path("id");
      var method = request.path("method").asText("");
      var params = request.path("params");
      var instance =
          Optional.ofNullable(cookies(exchange).get("sessionid")).map(sessions::get).orElse(null);
      if (instance == null) {
        unauthenticated.computeIfAbsent(method, k -> new AtomicInteger()).incrementAndGet();
        reply(
            exchange,
            error(
                id, AUTHENTICATION_ERROR, "Authentication failed when calling \"" + method + "\""));
        return;
      }
      ObjectNode answer;
      try {
        var result =
            instance.call(method, params.isObject() ? (ObjectNode) params : NODES.objectNode());
        answer = NODES.objectNode();
        answer.set("id", id);
        answer.put("jsonrpc", "2.0");
        answer.set("result", result);
      } catch (RpcError e) {
        answer = error(id, e.code, e.getMessage());
      }
      reply(exchange, answer);
    }
  }

  private static ObjectNode error(JsonNode id, int code, String message) {
    var answer = NODES.objectNode();
    answer.set("id", id);
    answer.put("jsonrpc", "2.0");
    answer.putObject("error").put("code", code).put("message", message);
    return answer;
  }

  private static void reply(HttpExchange exchange, ObjectNode answer) throws IOException {
    respond(exchange, 200, "application/json", JSON.writeValueAsString(answer));
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    var bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static Map<String, String> cookies(HttpExchange exchange) {
    var out = new LinkedHashMap<String, String>();
    for (var header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
      for (var part : header.split(";")) {
        var eq = part.indexOf('=');
        if (eq > 0) {
          out.put(
              part.substring(0, eq).trim(),
              part.substring(eq + 1).trim().replaceAll("^\"|\"$", ""));
        }
      }
    }
    return out;
  }

  private static Map<String, String> parseForm(String body) {
    var out = new LinkedHashMap<String, String>();
    for (var pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      var eq = pair.indexOf('=');
      var key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      var value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(key, value);
    }
    return out;
  }

  private static String randomToken() {
    var bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** A JSON-RPC error as Mathesar answers it (HTTP 200). */
  static final class RpcError extends Exception {
    final int code;

    RpcError(int code, String message) {
      super(message);
      this.code = code;
    }
  }

  // --- Mathesar's model ------------------------------------------------------------------------

  record Server(long id, String host, int port, String sslmode) {}

  record Database(long id, String name, long serverId, String nickname, boolean needsUpgrade) {}

  record Role(long id, String name, long serverId, String password) {}

  /**
   * UserDatabaseRoleMap of the (only) admin user: which role Mathesar connects to a database as.
   */
  record RoleMap(long id, long databaseId, long roleId, long serverId) {}

  /** The records of one Mathesar instance, changed only under its lock. */
  private static final class Model {
    long ids;
    final List<Server> servers = new ArrayList<>();
    final List<Database> databases = new ArrayList<>();
    final List<Role> roles = new ArrayList<>();
    final List<RoleMap> maps = new ArrayList<>();

    Model copy() {
      var c = new Model();
      c.ids = ids;
      c.servers.addAll(servers);
      c.databases.addAll(databases);
      c.roles.addAll(roles);
      c.maps.addAll(maps);
      return c;
    }

    void restore(Model saved) {
      ids = saved.ids;
      servers.clear();
      servers.addAll(saved.servers);
      databases.clear();
      databases.addAll(saved.databases);
      roles.clear();
      roles.addAll(saved.roles);
      maps.clear();
      maps.addAll(saved.maps);
    }
  }

  /** One Mathesar instance: its model, its own server for create_new, its call counts. */
  final class Instance {
    private final String admin;
    private final Model model = new Model();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicInteger logins = new AtomicInteger();
    private volatile String internalHost;
    private volatile int internalPort;
    private volatile String internalRole;
    private volatile String internalPassword;

    /** Mathesar's users by id: the first admin is the first. */
    private final Map<Long, String> users = new TreeMap<>();

    private Instance(String admin) {
      this.admin = admin;
      users.put(1L, admin);
    }

    /** A user added in Mathesar's UI; its id. */
    synchronized long addUser(String username) {
      var id = users.keySet().stream().mapToLong(Long::longValue).max().orElse(0) + 1;
      users.put(id, username);
      return id;
    }

    synchronized void renameUser(long id, String username) {
      users.replace(id, username);
    }

    /** users.list answers this instead (a Mathesar that answers in another shape). */
    private volatile JsonNode usersAnswer;

    void answerUsersListWith(JsonNode answer) {
      usersAnswer = answer;
    }

    /** Where databases.setup.create_new creates databases: the instance's own server and role. */
    Instance withInternalServer(String host, int port, String role, String password) {
      internalHost = host;
      internalPort = port;
      internalRole = role;
      internalPassword = password;
      return this;
    }

    int calls(String method) {
      return Optional.ofNullable(calls.get(method)).map(AtomicInteger::get).orElse(0);
    }

    int totalCalls() {
      return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Every method called so far and how often, sorted by name. */
    Map<String, Integer> callCounts() {
      var out = new TreeMap<String, Integer>();
      calls.forEach((k, v) -> out.put(k, v.get()));
      return out;
    }

    int logins() {
      return logins.get();
    }

    synchronized List<Server> servers() {
      return List.copyOf(model.servers);
    }

    synchronized List<Database> databases() {
      return List.copyOf(model.databases);
    }

    synchronized List<Database> databases(String name) {
      return model.databases.stream().filter(d -> d.name().equals(name)).toList();
    }

    synchronized List<Role> roles() {
      return List.copyOf(model.roles);
    }

    synchronized Optional<Role> role(String name) {
      return model.roles.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /**
     * Someone disconnected the database in Mathesar's UI: its record goes, server and roles stay.
     */
    synchronized void disconnectByHand(String databaseName) {
      var gone =
          model.databases.stream()
              .filter(d -> d.name().equals(databaseName))
              .map(Database::id)
              .toList();
      if (gone.isEmpty()) {
        throw new IllegalStateException("Mathesar lists no database " + databaseName);
      }
      model.databases.removeIf(d -> gone.contains(d.id()));
      model.maps.removeIf(m -> gone.contains(m.databaseId()));
    }

    private JsonNode listUsers() {
      if (usersAnswer != null) {
        return usersAnswer;
      }
      var out = NODES.arrayNode();
      users.forEach(
          (id, username) ->
              out.addObject()
                  .put("id", id)
                  .put("username", username)
                  .put("is_superuser", id == 1L)
                  .put("email", "")
                  .put("display_language", "en"));
      return out;
    }

    /** The instance was upgraded: Mathesar's SQL in every database is older than it. */
    synchronized void markNeedsUpgrade() {
      model.databases.replaceAll(
          d -> new Database(d.id(), d.name(), d.serverId(), d.nickname(), true));
    }

    synchronized JsonNode call(String method, ObjectNode params) throws RpcError {
      calls.computeIfAbsent(method, k -> new AtomicInteger()).incrementAndGet();
      return switch (method) {
        case "servers.configured.list" ->
            array(model.servers.stream().map(FakeMathesar::json).toList());
        case "databases.configured.list" ->
            array(model.databases.stream().map(FakeMathesar::json).toList());
        case "roles.configured.list" -> listRoles(params);
        case "roles.configured.set_password" -> setPassword(params);
        case "databases.setup.connect_existing" -> connectExisting(params);
        case "databases.setup.create_new" -> createNew(params);
        case "databases.configured.patch" -> patch(params);
        case "databases.configured.disconnect" -> disconnect(params);
        case "databases.upgrade_sql" -> upgradeSql(params);
        case "schemas.list" -> schemas(params);
        case "users.list" -> listUsers();
        default -> throw new RpcError(METHOD_NOT_FOUND, "Method not found: \"" + method + "\"");
      };
    }

    private JsonNode listRoles(ObjectNode params) throws RpcError {
      Long serverId = params.hasNonNull("server_id") ? params.get("server_id").asLong() : null;
      if (serverId == null) {
        var database = database(params.path("database_id").asLong(-1));
        serverId = database.serverId();
      }
      var on = serverId;
      return array(
          model.roles.stream().filter(r -> r.serverId() == on).map(FakeMathesar::json).toList());
    }

    private JsonNode setPassword(ObjectNode params) throws RpcError {
      var id = required(params, "configured_role_id").asLong();
      var password = required(params, "password").asText();
      var role =
          model.roles.stream()
              .filter(r -> r.id() == id)
              .findFirst()
              .orElseThrow(
                  () ->
                      new RpcError(
                          DOES_NOT_EXIST,
                          "DoesNotExist: ConfiguredRole matching query does not exist."));
      model.roles.replaceAll(
          r -> r.id() == id ? new Role(r.id(), r.name(), r.serverId(), password) : r);
      return NODES.nullNode();
    }

    /**
     * Mathesar's set_up_preexisting_database_for_user, in one transaction: Server by host and port,
     * Database by name, nickname and server, ConfiguredRole by name and server (an existing one
     * keeps its stored password), the admin's role map; then it connects with the stored password
     * to install its SQL. A failure rolls every record back and says no more than
     * "OperationalError: ".
     */
    private JsonNode connectExisting(ObjectNode params) throws RpcError {
      var host = required(params, "host").asText();
      var port = required(params, "port").asInt();
      var name = required(params, "database").asText();
      var roleName = required(params, "role").asText();
      var password = required(params, "password").asText();
      var nickname = params.hasNonNull("nickname") ? params.get("nickname").asText() : null;
      var sslmode = params.hasNonNull("sslmode") ? params.get("sslmode").asText() : "prefer";
      return setUp(host, port, name, roleName, password, nickname, sslmode);
    }

    private JsonNode setUp(
        String host,
        int port,
        String name,
        String roleName,
        String password,
        String nickname,
        String sslmode)
        throws RpcError {
      var saved = model.copy();
      var server =
          model.servers.stream()
              .filter(s -> s.host().equals(host) && s.port() == port)
              .findFirst()
              .orElseGet(() -> add(model.servers, new Server(++model.ids, host, port, sslmode)));
      var database =
          model.databases.stream()
              .filter(
                  d ->
                      d.name().equals(name)
                          && Objects.equals(d.nickname(), nickname)
                          && d.serverId() == server.id())
              .findFirst()
              .orElseGet(
                  () ->
                      add(
                          model.databases,
                          new Database(++model.ids, name, server.id(), nickname, false)));
      var role =
          model.roles.stream()
              .filter(r -> r.name().equals(roleName) && r.serverId() == server.id())
              .findFirst()
              .orElseGet(
                  () -> add(model.roles, new Role(++model.ids, roleName, server.id(), password)));
      model.maps.removeIf(m -> m.databaseId() == database.id());
      model.maps.add(new RoleMap(++model.ids, database.id(), role.id(), server.id()));
      if (!postgres.accepts(host, port, name, role.name(), role.password())) {
        model.restore(saved);
        throw new RpcError(OPERATIONAL_ERROR, "OperationalError: ");
      }
      var result = NODES.objectNode();
      result.set("server", json(server));
      result.set("database", json(database));
      var r = json(role);
      result.set("configured_role", r);
      return result;
    }

    private JsonNode createNew(ObjectNode params) throws RpcError {
      var name = required(params, "database").asText();
      var nickname = params.hasNonNull("nickname") ? params.get("nickname").asText() : null;
      if (internalHost == null) {
        throw new RpcError(
            -30000, "Exception: the fake Mathesar has no internal server (withInternalServer)");
      }
      if (!postgres.create(internalHost, internalPort, name, internalRole)) {
        throw new RpcError(
            DUPLICATE_DATABASE, "DuplicateDatabase: database \"" + name + "\" already exists");
      }
      return setUp(
          internalHost, internalPort, name, internalRole, internalPassword, nickname, "prefer");
    }

    private JsonNode patch(ObjectNode params) throws RpcError {
      var database = database(required(params, "database_id").asLong());
      var patch = required(params, "patch");
      var nickname =
          patch.has("nickname")
              ? (patch.get("nickname").isNull() ? null : patch.get("nickname").asText())
              : database.nickname();
      var patched =
          new Database(
              database.id(),
              database.name(),
              database.serverId(),
              nickname,
              database.needsUpgrade());
      model.databases.replaceAll(d -> d.id() == database.id() ? patched : d);
      return json(patched);
    }

    /**
     * The record of the database and its role maps go; the database itself, its server and roles
     * stay.
     */
    private JsonNode disconnect(ObjectNode params) throws RpcError {
      var database = database(required(params, "database_id").asLong());
      model.databases.removeIf(d -> d.id() == database.id());
      model.maps.removeIf(m -> m.databaseId() == database.id());
      if (params.path("disconnect_db_server").asBoolean(false)
          && model.databases.stream().noneMatch(d -> d.serverId() == database.serverId())) {
        model.servers.removeIf(s -> s.id() == database.serverId());
        model.roles.removeIf(r -> r.serverId() == database.serverId());
      }
      return NODES.nullNode();
    }

    private JsonNode upgradeSql(ObjectNode params) throws RpcError {
      var database = database(required(params, "database_id").asLong());
      var server = server(database);
      var role =
          params.hasNonNull("username") ? params.get("username").asText() : roleOf(database).name();
      var password =
          params.hasNonNull("password")
              ? params.get("password").asText()
              : roleOf(database).password();
      if (!postgres.accepts(server.host(), server.port(), database.name(), role, password)) {
        throw new RpcError(OPERATIONAL_ERROR, "OperationalError: ");
      }
      model.databases.replaceAll(
          d ->
              d.id() == database.id()
                  ? new Database(d.id(), d.name(), d.serverId(), d.nickname(), false)
                  : d);
      return NODES.nullNode();
    }

    /** Mathesar connects as the admin's role for the database, with its stored password. */
    private JsonNode schemas(ObjectNode params) throws RpcError {
      var database = database(required(params, "database_id").asLong());
      var server = server(database);
      var role = roleOf(database);
      if (!postgres.accepts(
          server.host(), server.port(), database.name(), role.name(), role.password())) {
        throw new RpcError(OPERATIONAL_ERROR, "OperationalError: ");
      }
      var schema = NODES.objectNode();
      schema.put("oid", 2200);
      schema.put("name", "public");
      schema.putNull("description");
      schema.put("owner_oid", 10);
      schema.putArray("current_role_priv").add("USAGE").add("CREATE");
      schema.put("current_role_owns", true);
      schema.put("table_count", 0);
      return array(List.of(schema));
    }

    private Database database(long id) throws RpcError {
      return model.databases.stream()
          .filter(d -> d.id() == id)
          .findFirst()
          .orElseThrow(
              () ->
                  new RpcError(
                      DOES_NOT_EXIST, "DoesNotExist: Database matching query does not exist."));
    }

    private Server server(Database database) {
      return model.servers.stream()
          .filter(s -> s.id() == database.serverId())
          .findFirst()
          .orElseThrow();
    }

    private Role roleOf(Database database) throws RpcError {
      var map =
          model.maps.stream()
              .filter(m -> m.databaseId() == database.id())
              .findFirst()
              .orElseThrow(
                  () ->
                      new RpcError(
                          DOES_NOT_EXIST,
                          "DoesNotExist: UserDatabaseRoleMap matching query does not exist."));
      return model.roles.stream().filter(r -> r.id() == map.roleId()).findFirst().orElseThrow();
    }
  }

  private static JsonNode required(ObjectNode params, String name) throws RpcError {
    if (!params.hasNonNull(name)) {
      throw new RpcError(INVALID_PARAMS, "TypeError: missing a required argument: '" + name + "'");
    }
    return params.get(name);
  }

  private static <T> T add(List<T> list, T item) {
    list.add(item);
    return item;
  }

  private static ArrayNode array(List<? extends JsonNode> items) {
    var out = NODES.arrayNode();
    items.forEach(out::add);
    return out;
  }

  private static ObjectNode json(Server s) {
    var o = NODES.objectNode();
    o.put("id", s.id());
    o.put("host", s.host());
    o.put("port", s.port());
    o.put("sslmode", s.sslmode());
    return o;
  }

  private static ObjectNode json(Database d) {
    var o = NODES.objectNode();
    o.put("id", d.id());
    o.put("name", d.name());
    o.put("server_id", d.serverId());
    if (d.nickname() == null) {
      o.putNull("nickname");
    } else {
      o.put("nickname", d.nickname());
    }
    o.put("last_confirmed_sql_version", d.needsUpgrade() ? "0.10.0" : "0.11.0");
    o.put("needs_upgrade_attention", d.needsUpgrade());
    return o;
  }

  /** Without the password: Mathesar never returns it. */
  private static ObjectNode json(Role r) {
    var o = NODES.objectNode();
    o.put("id", r.id());
    o.put("name", r.name());
    o.put("server_id", r.serverId());
    return o;
  }

  // --- PostgreSQL ------------------------------------------------------------------------------

  /**
   * The PostgreSQL servers Mathesar connects to: per host and port, its roles (name → password) and
   * databases. A connection works when the database exists and the role's password is right.
   */
  static final class FakePostgres {
    private record PgServer(Map<String, String> roles, Map<String, String> databases) {}

    private final Map<String, PgServer> servers = new ConcurrentHashMap<>();

    private PgServer server(String host, int port) {
      return servers.computeIfAbsent(
          host + ":" + port,
          k -> new PgServer(new ConcurrentHashMap<>(), new ConcurrentHashMap<>()));
    }

    /** A database owned by a role with a password (the role is made, or its password set). */
    void addDatabase(String host, int port, String database, String role, String password) {
      var s = server(host, port);
      s.roles().put(role, password);
      s.databases().put(database, role);
    }

    /** ALTER ROLE ... PASSWORD on a server: every database of it sees the new password. */
    void setPassword(String host, int port, String role, String password) {
      server(host, port).roles().put(role, password);
    }

    void dropDatabase(String host, int port, String database) {
      server(host, port).databases().remove(database);
    }

    boolean exists(String host, int port, String database) {
      return server(host, port).databases().containsKey(database);
    }

    boolean accepts(String host, int port, String database, String role, String password) {
      var s = servers.get(host + ":" + port);
      return s != null
          && s.databases().containsKey(database)
          && password != null
          && password.equals(s.roles().get(role));
    }

    /** CREATE DATABASE as a role of the server; false when it exists. */
    boolean create(String host, int port, String database, String owner) {
      return server(host, port).databases().putIfAbsent(database, owner) == null;
    }
  }
}
