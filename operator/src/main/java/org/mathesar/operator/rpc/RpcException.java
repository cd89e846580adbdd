package org.mathesar.operator.rpc;

/**
 * A JSON-RPC call to Mathesar that did not give a result. The message is Mathesar's or the
 * network's own words and never holds a password: requests are not quoted.
 */
public final class RpcException extends Exception {
  /** Where the call failed. */
  public enum Kind {
    /** No HTTP answer: connection refused, unknown host, timeout. */
    UNREACHABLE,
    /**
     * An HTTP answer other than JSON-RPC (a 5xx page, a redirect, a 400 for a Host not allowed).
     */
    HTTP,
    /** Mathesar refused the admin's credentials. */
    AUTHENTICATION,
    /** Mathesar ran the method and it raised: the message is Mathesar's. */
    METHOD
  }

  private final Kind kind;
  private final String method;
  private final int code;

  public RpcException(Kind kind, String method, int code, String message) {
    super(message);
    this.kind = kind;
    this.method = method;
    this.code = code;
  }

  public Kind kind() {
    return kind;
  }

  public String method() {
    return method;
  }

  /** The JSON-RPC error code, or the HTTP status for {@link Kind#HTTP}, or 0. */
  public int code() {
    return code;
  }
}
