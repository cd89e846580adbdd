package org.mathesar.operator.reconciler;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Optional;
import org.mathesar.operator.config.OperatorConfig;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.ObjectNames;
import org.mathesar.operator.desired.ResolvedInstance;
import org.mathesar.operator.lookup.SecretValues;
import org.mathesar.operator.rollout.InstanceUsers;
import org.mathesar.operator.rpc.AdminSessions;
import org.mathesar.operator.rpc.RpcException;

/**
 * Asks the running instance for its users (users.list) in the operator's admin session, the one the
 * MathesarDatabase controller uses too, for the release checks of an upgrade. Only the I/O: what
 * the answer means is {@link org.mathesar.operator.rollout.ReleaseChecks}'.
 */
final class InstanceUsersLookup {
  /**
   * Per request (the login's too): the call holds a reconciliation's thread, and listing users
   * takes milliseconds.
   */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private final OperatorConfig config;
  private final AdminSessions sessions;

  InstanceUsersLookup(OperatorConfig config, AdminSessions sessions) {
    this.config = config;
    this.sessions = sessions;
  }

  InstanceUsers lookUp(Mathesar m, KubernetesClient client, Optional<Deployment> deployment) {
    if (deployment.map(d -> d.getSpec().getReplicas()).filter(r -> r == 0).isPresent()) {
      return new InstanceUsers.Unavailable(
          "spec.replicas is 0, so no pod of the running version can answer");
    }
    if (deployment.map(DeploymentHealth::ready).orElse(0) == 0) {
      return new InstanceUsers.Unavailable("no pod of the running version is ready");
    }
    var ns = m.getMetadata().getNamespace();
    var secretName = ResolvedInstance.adminSecretInUse(m);
    var admin = Optional.ofNullable(client.secrets().inNamespace(ns).withName(secretName).get());
    var username = admin.flatMap(s -> SecretValues.of(s, "username"));
    var password = admin.flatMap(s -> SecretValues.of(s, "password"));
    if (username.isEmpty() || password.isEmpty()) {
      return new InstanceUsers.Unavailable(
          "the admin Secret " + secretName + " has no username and password to log in with");
    }
    var uid = m.getMetadata().getUid();
    var api =
        sessions.api(
            uid,
            ns,
            config.mathesarUrl(ObjectNames.service(m), ns),
            username.get(),
            password.get());
    try {
      return new InstanceUsers.Listed(
          api.users(CALL_TIMEOUT).stream()
              .map(u -> new InstanceUsers.User(u.id(), u.username()))
              .toList());
    } catch (RpcException e) {
      if (e.kind() == RpcException.Kind.AUTHENTICATION) {
        sessions.forget(uid);
      }
      return new InstanceUsers.Unavailable(
          "Mathesar answered " + e.method() + ": " + e.getMessage());
    }
  }
}
