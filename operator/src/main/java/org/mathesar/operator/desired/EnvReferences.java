package org.mathesar.operator.desired;

import java.util.ArrayList;
import java.util.List;
import org.mathesar.operator.customresource.MathesarSpec;

/**
 * The Secrets and ConfigMaps that spec.env (valueFrom) and spec.envFrom read. The pods get their
 * values only when they start, so the operator watches these and rolls the pods when one changes.
 *
 * @param key the one key read, or null when the whole object is (envFrom)
 */
public record EnvReferences(List<Reference> secrets, List<Reference> configMaps) {
  public record Reference(String name, String key) {}

  public static EnvReferences of(MathesarSpec spec) {
    var secrets = new ArrayList<Reference>();
    var configMaps = new ArrayList<Reference>();
    if (spec == null) {
      return new EnvReferences(secrets, configMaps);
    }
    if (spec.getEnv() != null) {
      for (var env : spec.getEnv()) {
        var from = env.getValueFrom();
        if (from == null || MathesarEnvironment.OWNED.contains(env.getName())) {
          continue;
        }
        if (from.getSecretKeyRef() != null && from.getSecretKeyRef().getName() != null) {
          secrets.add(
              new Reference(from.getSecretKeyRef().getName(), from.getSecretKeyRef().getKey()));
        }
        if (from.getConfigMapKeyRef() != null && from.getConfigMapKeyRef().getName() != null) {
          configMaps.add(
              new Reference(
                  from.getConfigMapKeyRef().getName(), from.getConfigMapKeyRef().getKey()));
        }
      }
    }
    if (spec.getEnvFrom() != null) {
      for (var from : spec.getEnvFrom()) {
        if (from.getSecretRef() != null && from.getSecretRef().getName() != null) {
          secrets.add(new Reference(from.getSecretRef().getName(), null));
        }
        if (from.getConfigMapRef() != null && from.getConfigMapRef().getName() != null) {
          configMaps.add(new Reference(from.getConfigMapRef().getName(), null));
        }
      }
    }
    return new EnvReferences(List.copyOf(secrets), List.copyOf(configMaps));
  }
}
