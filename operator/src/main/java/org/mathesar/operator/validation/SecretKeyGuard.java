package org.mathesar.operator.validation;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.Optional;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.ObjectNames;

/**
 * Decides whether the operator may generate a SECRET_KEY. Mathesar encrypts the database passwords
 * it stores with a key derived from SECRET_KEY, so a new key silently breaks every saved
 * connection: a key is generated only for an instance that has never run.
 */
public final class SecretKeyGuard {
  private SecretKeyGuard() {}

  /**
   * @param existing the generated Secret as cached, if any
   * @param instanceHasRun whether the instance ever had a key (recorded in status) or a Deployment
   */
  public static Optional<SpecProblem> check(
      Mathesar m, Optional<Secret> existing, boolean instanceHasRun) {
    var name = ObjectNames.generatedSecretKeySecret(m);
    var ns = m.getMetadata().getNamespace();
    if (existing.isPresent()) {
      var data = existing.get().getData();
      if (data == null
          || data.get(ObjectNames.SECRET_KEY_DATA_KEY) == null
          || data.get(ObjectNames.SECRET_KEY_DATA_KEY).isEmpty()) {
        return Optional.of(
            new SpecProblem(
                "SecretKeyInvalid",
                "Secret " + ns + "/" + name,
                "has no (or an empty) key '"
                    + ObjectNames.SECRET_KEY_DATA_KEY
                    + "'; restore it from your backup"
                    + " (see docs/troubleshooting.md#secretkeymissing)"));
      }
      return Optional.empty();
    }
    if (!instanceHasRun) {
      return Optional.empty();
    }
    return Optional.of(
        new SpecProblem(
            "SecretKeyMissing",
            "Secret " + ns + "/" + name,
            "the Secret holding this instance's SECRET_KEY was deleted. The operator does not make a new"
                + " key, because every database password Mathesar stored is encrypted with it. Restore the"
                + " Secret from your backup; or accept a new key (saved database connections will need their"
                + " passwords entered again) by creating it yourself: kubectl -n "
                + ns
                + " create secret generic "
                + name
                + " --from-literal="
                + ObjectNames.SECRET_KEY_DATA_KEY
                + "=<50 random characters> (see docs/troubleshooting.md#secretkeymissing)"));
  }
}
