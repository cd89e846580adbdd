package org.mathesar.operator.e2e;

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
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A browser-like HTTP session with one Mathesar: cookies, Django's CSRF token, the login form and
 * the JSON-RPC API at /api/rpc/v0/. Redirects are not followed, so that tests see where they lead.
 * Needs -Djdk.httpclient.allowRestrictedHeaders=host (the e2e profile sets it) to send the Host
 * header.
 */
final class MathesarWeb {
  private static final Pattern CSRF_INPUT =
      Pattern.compile("name=\"csrfmiddlewaretoken\" value=\"([^\"]+)\"");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ServiceEndpoint endpoint;
  private final CookieManager cookies = new CookieManager();
  private final HttpClient http;
  private final AtomicInteger rpcIds = new AtomicInteger();

  MathesarWeb(ServiceEndpoint endpoint) {
    this.endpoint = endpoint;
    this.http =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Logs in through the form, as a browser does; returns the response to the POST. */
  HttpResponse<String> login(String username, String password)
      throws IOException, InterruptedException {
    var page = get("/auth/login/");
    if (page.statusCode() != 200) {
      throw new IllegalStateException(
          "login page answered "
              + page.statusCode()
              + " "
              + page.headers().firstValue("location").orElse(""));
    }
    var token = CSRF_INPUT.matcher(page.body());
    if (!token.find()) {
      throw new IllegalStateException("no CSRF token on the login page");
    }
    var form =
        form(
            Map.of(
                "csrfmiddlewaretoken", token.group(1), "username", username, "password", password));
    return http.send(
        request("/auth/login/")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Referer", endpoint.uri + "/auth/login/")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Calls a JSON-RPC method; returns its result, or throws with the error Mathesar gave. */
  JsonNode rpc(String method, Map<String, Object> params) throws IOException, InterruptedException {
    var body =
        JSON.writeValueAsString(
            Map.of(
                "jsonrpc",
                "2.0",
                "id",
                rpcIds.incrementAndGet(),
                "method",
                method,
                "params",
                params));
    var response =
        http.send(
            request("/api/rpc/v0/")
                .header("Content-Type", "application/json")
                .header("X-CSRFToken", cookie("csrftoken"))
                .header("Referer", endpoint.uri + "/")
                .timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(method + " answered HTTP " + response.statusCode());
    }
    var reply = JSON.readTree(response.body());
    if (reply.has("error")) {
      throw new IllegalStateException(method + " failed: " + reply.get("error"));
    }
    return reply.get("result");
  }

  /**
   * Uploads a data file as the UI's import page does (multipart POST to /api/db/v0/data_files/);
   * returns what Mathesar answered: the data file's id and the URL of its file in the media volume.
   */
  JsonNode uploadDataFile(String filename, byte[] content)
      throws IOException, InterruptedException {
    var boundary = "----e2e" + Long.toHexString(System.nanoTime());
    var head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + filename
                + "\"\r\nContent-Type: text/csv\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    var tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    var body = new java.io.ByteArrayOutputStream();
    body.write(head);
    body.write(content);
    body.write(tail);
    var response =
        http.send(
            request("/api/db/v0/data_files/")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("X-CSRFToken", cookie("csrftoken"))
                .header("Referer", endpoint.uri + "/")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "data file upload answered HTTP " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** The data files Mathesar lists (GET /api/db/v0/data_files/). */
  JsonNode dataFiles() throws IOException, InterruptedException {
    var response = get("/api/db/v0/data_files/");
    if (response.statusCode() != 200) {
      throw new IllegalStateException("data files answered HTTP " + response.statusCode());
    }
    return JSON.readTree(response.body()).get("results");
  }

  private String cookie(String name) {
    return cookies.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals(name))
        .map(HttpCookie::getValue)
        .findFirst()
        .orElse("");
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(endpoint.uri + path))
        .header("Host", endpoint.host)
        .timeout(Duration.ofSeconds(30));
  }

  private static String form(Map<String, String> fields) {
    var out = new StringBuilder();
    fields.forEach(
        (k, v) ->
            out.append(out.isEmpty() ? "" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return out.toString();
  }
}
