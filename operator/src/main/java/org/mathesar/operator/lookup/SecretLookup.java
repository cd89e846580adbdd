package org.mathesar.operator.lookup;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.Optional;

/** Reads a Secret from a cache; lets validation and hashing be tested without a server. */
@FunctionalInterface
public interface SecretLookup {
  Optional<Secret> find(String namespace, String name);
}
