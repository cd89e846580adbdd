package org.mathesar.operator.rpc;

/** Told of every RPC call and how it ended (metrics). */
@FunctionalInterface
public interface RpcCallListener {
  RpcCallListener NONE = (method, outcome) -> {};

  void called(String method, String outcome);
}
