package org.mathesar.operator.desired;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.LinkedHashMap;

/** Values the operator generated once and must never replace. */
public final class GeneratedSecrets {
  private GeneratedSecrets() {}

  /**
   * The desired Secret with every value already stored in {@code stored} in place of its own: what
   * exists wins, whatever was generated meanwhile.
   */
  public static Secret keepStoredValues(Secret desired, Secret stored) {
    if (stored == null || stored.getData() == null || desired.getData() == null) {
      return desired;
    }
    var data = new LinkedHashMap<>(desired.getData());
    stored
        .getData()
        .forEach(
            (key, value) -> {
              if (data.containsKey(key) && value != null && !value.isEmpty()) {
                data.put(key, value);
              }
            });
    return new SecretBuilder(desired).withData(data).build();
  }
}
