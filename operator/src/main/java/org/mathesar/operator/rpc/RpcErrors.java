package org.mathesar.operator.rpc;

/** What Mathesar's error texts mean. Pure. */
public final class RpcErrors {
  private RpcErrors() {}

  /**
   * django-modern-rpc refuses a call whose user is not authenticated with "Authentication failed
   * when calling &lt;method&gt;" (0.10 and 0.11, modernrpc 1.0).
   */
  public static boolean isAuthentication(String message) {
    return message != null && message.contains("Authentication failed when calling");
  }
}
