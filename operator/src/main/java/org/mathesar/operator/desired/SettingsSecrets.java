package org.mathesar.operator.desired;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mathesar.operator.customresource.MathesarSpec;

/**
 * The Secret keys Mathesar's own settings (SSO, file storage) read. One list serves the pod
 * environment, the validator and the watch/rollout hash, so they cannot disagree.
 */
public final class SettingsSecrets {
  /**
   * One Secret value the pods read.
   *
   * @param secretField the spec field naming the Secret, e.g. spec.sso.providers[0].secretName
   * @param keyField the spec field naming the key
   * @param env the variable that holds the value in the container, referenced from the JSON
   *     settings
   */
  public record Ref(String secretField, String secret, String keyField, String key, String env) {}

  private SettingsSecrets() {}

  /**
   * Tolerant of any spec, a missing one too: validation and the Secret index read it before
   * resolving.
   */
  public static List<Ref> refs(MathesarSpec spec) {
    var refs = new ArrayList<Ref>();
    if (spec == null) {
      return refs;
    }
    var sso = spec.getSso();
    if (sso != null && sso.getProviders() != null) {
      for (int i = 0; i < sso.getProviders().size(); i++) {
        var p = sso.getProviders().get(i);
        if (p == null || p.getSecretName() == null) {
          continue;
        }
        var field = "spec.sso.providers[" + i + "]";
        refs.add(
            new Ref(
                field + ".secretName",
                p.getSecretName(),
                field + ".clientIdKey",
                p.getClientIdKey(),
                "SSO_PROVIDER_" + i + "_CLIENT_ID"));
        refs.add(
            new Ref(
                field + ".secretName",
                p.getSecretName(),
                field + ".clientSecretKey",
                p.getClientSecretKey(),
                "SSO_PROVIDER_" + i + "_CLIENT_SECRET"));
      }
    }
    var storage = spec.getFileStorage();
    if (storage != null
        && storage.getCredentialsSecret() != null
        && storage.getCredentialsSecret().getName() != null) {
      var creds = storage.getCredentialsSecret();
      var field = "spec.fileStorage.credentialsSecret";
      refs.add(
          new Ref(
              field + ".name",
              creds.getName(),
              field + ".accessKeyIdKey",
              creds.getAccessKeyIdKey(),
              "FILE_STORAGE_ACCESS_KEY_ID"));
      refs.add(
          new Ref(
              field + ".name",
              creds.getName(),
              field + ".secretAccessKeyKey",
              creds.getSecretAccessKeyKey(),
              "FILE_STORAGE_SECRET_ACCESS_KEY"));
    }
    return refs;
  }

  /** Secret name to the keys read from it; what ReferencedSecrets watches and hashes. */
  public static Map<String, Set<String>> keysBySecret(List<Ref> refs) {
    var keys = new TreeMap<String, Set<String>>();
    for (var ref : refs) {
      if (ref.key() != null) {
        keys.computeIfAbsent(ref.secret(), s -> new TreeSet<>()).add(ref.key());
      }
    }
    return keys;
  }
}
