package org.mathesar.operator.reconciler;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.mathesar.operator.database.ConnectionTarget;
import org.mathesar.operator.desired.DatabaseMode;
import org.mathesar.operator.desired.ResolvedInstance;
import org.mathesar.operator.lookup.SecretLookup;

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
              var username = value(secret.getData(), ref.getUsernameKey());
              var password = value(secret.getData(), ref.getPasswordKey());
              if (username == null || password == null) {
                return Optional.empty();
              }
              String ca = null;
              if (external.caSecret() != null) {
                ca =
                    secrets
                        .find(ns, external.caSecret().getName())
                        .map(s -> value(s.getData(), external.caSecret().getKey()))
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

  private static String value(java.util.Map<String, String> data, String key) {
    if (data == null || data.get(key) == null) {
      return null;
    }
    return new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8);
  }
}
