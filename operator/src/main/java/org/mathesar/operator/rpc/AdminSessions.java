package org.mathesar.operator.rpc;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's admin sessions, one per instance (by its UID): kept between reconciliations so
 * that a converged instance is not logged into again. New credentials or a new address give a new
 * session. Only a digest of the credentials is kept beside the session, to notice that they
 * changed.
 */
public final class AdminSessions {
  private record Session(String fingerprint, MathesarRpcClient client) {}

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final java.util.function.Function<String, RpcCallListener> listeners;

  /**
   * @param listeners the listener for the calls to the instances of a namespace
   */
  public AdminSessions(java.util.function.Function<String, RpcCallListener> listeners) {
    this.listeners = listeners;
  }

  public MathesarApi api(
      String instanceUid, String namespace, URI base, String username, String password) {
    var fingerprint = fingerprint(base, username, password);
    var session =
        sessions.compute(
            instanceUid,
            (uid, existing) ->
                existing != null && existing.fingerprint().equals(fingerprint)
                    ? existing
                    : new Session(
                        fingerprint,
                        new MathesarRpcClient(
                            base, username, password, listeners.apply(namespace))));
    return new MathesarApi(session.client());
  }

  /** A session whose login failed is dropped, so that the next attempt starts a fresh one. */
  public void forget(String instanceUid) {
    sessions.remove(instanceUid);
  }

  private static String fingerprint(URI base, String username, String password) {
    try {
      var digest = MessageDigest.getInstance("SHA-256");
      digest.update((base + "\n" + username + "\n" + password).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
