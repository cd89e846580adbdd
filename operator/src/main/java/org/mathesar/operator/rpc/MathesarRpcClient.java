package org.mathesar.operator.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * One admin session with one Mathesar instance: logged in through its login form once, then
 * JSON-RPC calls on /api/rpc/v0/ with the session cookie (the endpoint is exempt from CSRF). A
 * converged instance is not logged into again; a session Mathesar no longer knows is opened once
 * more and the call repeated.
 *
 * <p>Not HTTP Basic, which the endpoint also takes: django-modern-rpc splits its credentials at
 * every colon, so a password with one fails there.
 */
public final class MathesarRpcClient {
  static final String PATH = "/api/rpc/v0/";
  static final String LOGIN = "/auth/login/";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CSRF_INPUT =
      Pattern.compile("name=\"csrfmiddlewaretoken\" value=\"([^\"]+)\"");

  /** Connecting a database installs Mathesar's SQL and maybe sample data: tens of seconds. */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(180);

  private static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(30);

  private final URI base;
  private final String username;
  private final String password;
  private final CookieManager cookies = new CookieManager();
  private final HttpClient http;
  private final RpcCallListener listener;
  private final AtomicLong ids = new AtomicLong();
  private volatile boolean loggedIn;

  public MathesarRpcClient(URI base, String username, String password, RpcCallListener listener) {
    this.base = base;
    this.username = username;
    this.password = password;
    this.listener = listener;
    this.http =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  public URI endpoint() {
    return base.resolve(PATH);
  }

  /** Calls a method with named parameters; its result, or an {@link RpcException}. */
  public JsonNode call(String method, Map<String, ?> params) throws RpcException {
    return call(method, params, CALL_TIMEOUT);
  }

  /**
   * As {@link #call(String, Map)}, each request (the login's too) given at most {@code timeout}:
   * for a call made on a reconciliation's thread.
   */
  public synchronized JsonNode call(String method, Map<String, ?> params, Duration timeout)
      throws RpcException {
    var outcome = "error";
    try {
      JsonNode result;
      try {
        result = callInSession(method, params, timeout);
      } catch (RpcException e) {
        if (e.kind() != RpcException.Kind.AUTHENTICATION || !loggedIn) {
          throw e;
        }
        // The session expired or was revoked: one new login, one more try.
        loggedIn = false;
        result = callInSession(method, params, timeout);
      }
      outcome = "ok";
      return result;
    } catch (RpcException e) {
      outcome = e.kind().name().toLowerCase(Locale.ROOT);
      throw e;
    } finally {
      listener.called(method, outcome);
    }
  }

  private JsonNode callInSession(String method, Map<String, ?> params, Duration timeout)
      throws RpcException {
    if (!loggedIn) {
      login(method, timeout.compareTo(LOGIN_TIMEOUT) < 0 ? timeout : LOGIN_TIMEOUT);
    }
    var envelope = new LinkedHashMap<String, Object>();
    envelope.put("jsonrpc", "2.0");
    envelope.put("id", ids.incrementAndGet());
    envelope.put("method", method);
    envelope.put("params", params);
    String body;
    try {
      body = JSON.writeValueAsString(envelope);
    } catch (IOException e) {
      throw new IllegalArgumentException("parameters of " + method + " are not JSON", e);
    }
    var response =
        send(
            method,
            HttpRequest.newBuilder(endpoint())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    if (response.statusCode() == 302 || response.statusCode() == 403) {
      throw new RpcException(
          RpcException.Kind.AUTHENTICATION,
          method,
          response.statusCode(),
          "Mathesar answered HTTP "
              + response.statusCode()
              + response.headers().firstValue("location").map(l -> " (to " + l + ")").orElse("")
              + " to the admin's session");
    }
    JsonNode reply;
    try {
      reply = JSON.readTree(response.body());
    } catch (IOException e) {
      reply = null;
    }
    if (reply == null || !reply.isObject() || !(reply.has("result") || reply.has("error"))) {
      throw new RpcException(
          RpcException.Kind.HTTP,
          method,
          response.statusCode(),
          "Mathesar answered HTTP " + response.statusCode() + " without a JSON-RPC reply");
    }
    if (reply.hasNonNull("error")) {
      var error = reply.get("error");
      var message = error.path("message").asText("");
      var kind =
          RpcErrors.isAuthentication(message)
              ? RpcException.Kind.AUTHENTICATION
              : RpcException.Kind.METHOD;
      throw new RpcException(kind, method, error.path("code").asInt(), message);
    }
    return reply.get("result");
  }

  /**
   * Django's login form: its CSRF token from the page, then the POST. A 302 means logged in; the
   * form again (200) means refused.
   */
  private void login(String method, Duration timeout) throws RpcException {
    cookies.getCookieStore().removeAll();
    var page = send(method, HttpRequest.newBuilder(base.resolve(LOGIN)).timeout(timeout).GET());
    var token = CSRF_INPUT.matcher(page.body() == null ? "" : page.body());
    if (page.statusCode() != 200 || !token.find()) {
      throw new RpcException(
          RpcException.Kind.HTTP,
          method,
          page.statusCode(),
          "Mathesar's login page answered HTTP "
              + page.statusCode()
              + page.headers().firstValue("location").map(l -> " (to " + l + ")").orElse("")
              + (page.statusCode() == 200 ? " without a login form" : ""));
    }
    var form =
        "csrfmiddlewaretoken="
            + encode(token.group(1))
            + "&username="
            + encode(username)
            + "&password="
            + encode(password);
    var answer =
        send(
            method,
            HttpRequest.newBuilder(base.resolve(LOGIN))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    if (answer.statusCode() != 302 || cookie("sessionid") == null) {
      throw new RpcException(
          RpcException.Kind.AUTHENTICATION,
          method,
          answer.statusCode(),
          answer.statusCode() == 403
              ? "Mathesar's login form answered 403 (password logins off: REQUIRE_SSO_LOGIN?)"
              : "Mathesar's login form refused the admin's username and password");
    }
    loggedIn = true;
  }

  private HttpResponse<String> send(String method, HttpRequest.Builder request)
      throws RpcException {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new RpcException(
          RpcException.Kind.UNREACHABLE,
          method,
          0,
          "Mathesar at "
              + base
              + " did not answer: "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RpcException(RpcException.Kind.UNREACHABLE, method, 0, "interrupted");
    }
  }

  private String cookie(String name) {
    return cookies.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals(name))
        .map(HttpCookie::getValue)
        .findFirst()
        .orElse(null);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
