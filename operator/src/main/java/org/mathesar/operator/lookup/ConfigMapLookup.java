package org.mathesar.operator.lookup;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Optional;

/** Reads a ConfigMap from a cache; lets hashing be tested without a server. */
@FunctionalInterface
public interface ConfigMapLookup {
  ConfigMapLookup NONE = (namespace, name) -> Optional.empty();

  Optional<ConfigMap> find(String namespace, String name);
}
