package org.mathesar.operator.reconciler;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.database.ConnectionTarget;
import org.mathesar.operator.lookup.SecretLookup;

/** The external database of a resource as the operator connects to it: the spec plus the user's Secret. */
final class ExternalDatabase {
  private ExternalDatabase() {}

  /** Empty when the resource has no external database or its credentials cannot be read. */
  static Optional<ConnectionTarget> target(Mathesar m, SecretLookup secrets) {
    var external = m.getSpec().getDatabase().getExternal();
    if (external == null || external.getCredentialsSecret() == null) {
      return Optional.empty();
    }
    var ref = external.getCredentialsSecret();
    var ns = m.getMetadata().getNamespace();
    return secrets.find(ns, ref.getName()).flatMap(secret -> {
      var username = value(secret.getData(), ref.getUsernameKey());
      var password = value(secret.getData(), ref.getPasswordKey());
      if (username == null || password == null) {
        return Optional.empty();
      }
      String ca = null;
      if (external.getCaSecret() != null) {
        ca = secrets.find(ns, external.getCaSecret().getName())
            .map(s -> value(s.getData(), external.getCaSecret().getKey())).orElse(null);
      }
      return Optional.of(new ConnectionTarget(
          ConnectionTarget.hostAsPodsSee(external.getHost(), ns),
          external.getPort() == null ? 5432 : external.getPort(),
          external.getDatabase(), username, password,
          external.getSslMode() == null ? "prefer" : external.getSslMode().value(), ca));
    });
  }

  private static String value(java.util.Map<String, String> data, String key) {
    if (data == null || data.get(key) == null) {
      return null;
    }
    return new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8);
  }
}
