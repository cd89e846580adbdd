package org.mathesar.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.desired.DatabaseMode;
import org.mathesar.operator.desired.EnvReferences;
import org.mathesar.operator.desired.ObjectNames;
import org.mathesar.operator.desired.ResolvedInstance;
import org.mathesar.operator.desired.RestoredKeys;
import org.mathesar.operator.desired.SettingsSecrets;
import org.mathesar.operator.lookup.ConfigMapLookup;
import org.mathesar.operator.lookup.SecretLookup;

/**
 * The Secrets an instance refers to (database credentials, SECRET_KEY, spec.env sources) and the
 * ConfigMaps its spec.env reads: watched, so that one created or changed later reaches the instance
 * without any edit of the resource, and hashed onto the pod template.
 */
public final class ReferencedSecrets {
  static final String EVENT_SOURCE_NAME = "referenced-secrets";
  static final String CONFIG_MAPS_EVENT_SOURCE_NAME = "referenced-configmaps";

  private final ReferenceWatch<Secret> secrets =
      new ReferenceWatch<>(Secret.class, EVENT_SOURCE_NAME, ReferencedSecrets::names);
  private final ReferenceWatch<ConfigMap> configMaps =
      new ReferenceWatch<>(
          ConfigMap.class, CONFIG_MAPS_EVENT_SOURCE_NAME, ReferencedSecrets::configMapNames);

  public List<InformerEventSource<?, Mathesar>> createEventSources(
      EventSourceContext<Mathesar> context) {
    return List.of(secrets.createEventSource(context), configMaps.createEventSource(context));
  }

  public Optional<Secret> get(String namespace, String name) {
    return secrets.get(namespace, name);
  }

  public Optional<ConfigMap> getConfigMap(String namespace, String name) {
    return configMaps.get(namespace, name);
  }

  /*
   * The index below runs on every resource the informer sees, also one whose spec validation refused
   * (both database modes or neither, no spec at all), and must still find the Secrets it names: the
   * fix may be creating one of them. So it reads the spec with tolerant helpers, not a ResolvedInstance,
   * which only a valid spec gives.
   */

  static List<String> configMapNames(Mathesar m) {
    return EnvReferences.of(m.getSpec()).configMaps().stream()
        .map(EnvReferences.Reference::name)
        .distinct()
        .toList();
  }

  /** The Secret names a resource refers to, whether or not they exist. */
  static List<String> names(Mathesar m) {
    var names = new ArrayList<String>();
    var db =
        m.getSpec() == null || m.getSpec().getDatabase() == null
            ? null
            : m.getSpec().getDatabase().getExternal();
    if (db != null
        && db.getCredentialsSecret() != null
        && db.getCredentialsSecret().getName() != null) {
      names.add(db.getCredentialsSecret().getName());
    }
    if (db != null && db.getCaSecret() != null && db.getCaSecret().getName() != null) {
      names.add(db.getCaSecret().getName());
    }
    if (m.getSpec() != null
        && m.getSpec().getDatabase() != null
        && m.getSpec().getDatabase().getCloudNativePG() != null) {
      names.add(ObjectNames.databaseAppSecret(m));
    }
    if (m.getSpec() != null) {
      names.add(ResolvedInstance.secretKeySecretName(m));
      names.add(ResolvedInstance.adminSecretName(m));
      EnvReferences.of(m.getSpec()).secrets().forEach(r -> names.add(r.name()));
      names.addAll(SettingsSecrets.keysBySecret(SettingsSecrets.refs(m.getSpec())).keySet());
      var restore = m.getSpec().getRestoreFrom();
      if (restore != null && restore.getBackup() != null) {
        names.add(RestoredKeys.secretName(restore.getBackup()));
      }
      if (restore != null && restore.getKeysSecret() != null) {
        names.add(restore.getKeysSecret());
      }
    }
    return names.stream().distinct().toList();
  }

  /**
   * A digest of the Secret and ConfigMap values the pods read, put on the pod template so that
   * changed credentials, a restored key or a changed spec.env source roll the pods. Only the keys
   * in use count, so an unrelated edit of a shared Secret does not restart Mathesar. References
   * from spec.env are added only when there are some, so that instances without them keep the
   * digest they had (a new digest would roll every pod when the operator is upgraded).
   */
  public static String hash(
      ResolvedInstance instance, SecretLookup lookup, ConfigMapLookup configMapLookup) {
    var digest = sha256();
    var ns = instance.namespace();
    if (instance.database() instanceof DatabaseMode.External db) {
      var creds = db.credentials();
      update(
          digest,
          lookup,
          ns,
          creds.getName(),
          keys(creds.getUsernameKey(), creds.getPasswordKey()));
    } else {
      var cnpg = (DatabaseMode.CloudNativePG) instance.database();
      update(
          digest,
          lookup,
          ns,
          cnpg.appSecret(),
          keys("host", "port", "dbname", "username", "password"));
    }
    update(
        digest, lookup, ns, instance.secretKeySecretName(), keys(ObjectNames.SECRET_KEY_DATA_KEY));
    var env = instance.envReferences();
    for (var ref : env.secrets()) {
      var data = lookup.find(ns, ref.name()).map(Secret::getData);
      updateAll(digest, "secret", ref, data);
    }
    for (var ref : env.configMaps()) {
      var configMap = configMapLookup.find(ns, ref.name());
      var data =
          configMap.map(
              c -> {
                var all = new java.util.TreeMap<String, String>();
                if (c.getData() != null) {
                  all.putAll(c.getData());
                }
                if (c.getBinaryData() != null) {
                  all.putAll(c.getBinaryData());
                }
                return (java.util.Map<String, String>) all;
              });
      updateAll(digest, "configmap", ref, data);
    }
    SettingsSecrets.keysBySecret(instance.settingsSecrets())
        .forEach((name, keys) -> update(digest, lookup, ns, name, keys));
    return HexFormat.of().formatHex(digest.digest()).substring(0, 32);
  }

  /** The same key may hold user name and password; null keys are defaulted by the schema. */
  private static Set<String> keys(String... keys) {
    return java.util.Arrays.stream(keys)
        .filter(java.util.Objects::nonNull)
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  private static void update(
      MessageDigest digest, SecretLookup lookup, String namespace, String name, Set<String> keys) {
    var secret = lookup.find(namespace, name);
    keys.stream()
        .sorted()
        .forEach(
            key -> {
              var value =
                  secret.map(s -> s.getData() == null ? null : s.getData().get(key)).orElse("");
              digest.update(
                  (name + "/" + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8));
            });
  }

  /** One key, or every key when the reference reads the whole object (envFrom). */
  private static void updateAll(
      MessageDigest digest,
      String kind,
      EnvReferences.Reference ref,
      Optional<java.util.Map<String, String>> data) {
    var values = new java.util.TreeMap<String, String>(data.orElse(java.util.Map.of()));
    if (ref.key() != null) {
      values.keySet().retainAll(Set.of(ref.key()));
    }
    digest.update(
        (kind + ":" + ref.name() + (data.isEmpty() ? " absent" : "") + "\n")
            .getBytes(StandardCharsets.UTF_8));
    values.forEach((k, v) -> digest.update((k + "=" + v + "\n").getBytes(StandardCharsets.UTF_8)));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
