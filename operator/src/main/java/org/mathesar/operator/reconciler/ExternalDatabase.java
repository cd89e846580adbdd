package org.mathesar.operator.reconciler;

import java.util.Optional;
import org.mathesar.operator.database.ConnectionTarget;
import org.mathesar.operator.desired.DatabaseMode;
import org.mathesar.operator.desired.ResolvedInstance;
import org.mathesar.operator.lookup.SecretLookup;
import org.mathesar.operator.lookup.SecretValues;

/**
 * The external database of a resource as the operator connects to it: the spec plus the user's
 * Secret.
 */
final class ExternalDatabase {
  private ExternalDatabase() {}

  /** Empty when the resource has no external database or its credentials cannot be read. */
  static Optional<ConnectionTarget> target(ResolvedInstance instance, SecretLookup secrets) {
    if (!(instance.database() instanceof DatabaseMode.External external)
        || external.credentials() == null) {
      return Optional.empty();
    }
    var ref = external.credentials();
    var ns = instance.namespace();
    return secrets
        .find(ns, ref.getName())
        .flatMap(
            secret -> {
              var username = SecretValues.of(secret, ref.getUsernameKey()).orElse(null);
              var password = SecretValues.of(secret, ref.getPasswordKey()).orElse(null);
              if (username == null || password == null) {
                return Optional.empty();
              }
              String ca = null;
              if (external.caSecret() != null) {
                ca =
                    secrets
                        .find(ns, external.caSecret().getName())
                        .flatMap(s -> SecretValues.of(s, external.caSecret().getKey()))
                        .orElse(null);
              }
              return Optional.of(
                  new ConnectionTarget(
                      ConnectionTarget.hostAsPodsSee(external.host(), ns),
                      external.port(),
                      external.database(),
                      username,
                      password,
                      external.sslMode().value(),
                      ca));
            });
  }
}
