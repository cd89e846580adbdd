package org.mathesar.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
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
import org.mathesar.operator.desired.ObjectNames;
import org.mathesar.operator.desired.ResolvedInstance;
import org.mathesar.operator.desired.SettingsSecrets;

/**
 * Watches the Secrets an instance refers to (database credentials, SECRET_KEY) so that a Secret
 * created or changed later reaches the instance without any edit of the resource. Such Secrets
 * belong to the user and carry no label of ours, so this informer cannot be narrowed by a label.
 */
public final class ReferencedSecrets {
  static final String EVENT_SOURCE_NAME = "referenced-secrets";
  private static final String INDEX = "mathesar.org/referenced-secrets";

  private InformerEventSource<Secret, Mathesar> eventSource;

  public InformerEventSource<Secret, Mathesar> createEventSource(EventSourceContext<Mathesar> context) {
    context.getPrimaryCache().addIndexer(INDEX, ReferencedSecrets::indexKeys);
    var configuration =
        InformerEventSourceConfiguration.from(Secret.class, Mathesar.class)
            .withName(EVENT_SOURCE_NAME)
            .withSecondaryToPrimaryMapper(
                secret ->
                    context
                        .getPrimaryCache()
                        .byIndex(INDEX, key(secret.getMetadata().getNamespace(), secret.getMetadata().getName()))
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withPrimaryToSecondaryMapper(
                (Mathesar m) ->
                    names(m).stream()
                        .map(n -> new ResourceID(n, m.getMetadata().getNamespace()))
                        .collect(Collectors.toSet()))
            .build();
    eventSource = new InformerEventSource<>(configuration, context);
    return eventSource;
  }

  public Optional<Secret> get(String namespace, String name) {
    return eventSource.get(new ResourceID(name, namespace));
  }

  /** The Secret names a resource refers to, whether or not they exist. */
  static List<String> names(Mathesar m) {
    var names = new ArrayList<String>();
    var db = m.getSpec() == null || m.getSpec().getDatabase() == null ? null : m.getSpec().getDatabase().getExternal();
    if (db != null && db.getCredentialsSecret() != null && db.getCredentialsSecret().getName() != null) {
      names.add(db.getCredentialsSecret().getName());
    }
    if (db != null && db.getCaSecret() != null && db.getCaSecret().getName() != null) {
      names.add(db.getCaSecret().getName());
    }
    if (m.getSpec() != null && m.getSpec().getDatabase() != null && m.getSpec().getDatabase().getCloudNativePG() != null) {
      names.add(ObjectNames.databaseAppSecret(m));
    }
    if (m.getSpec() != null) {
      names.add(ResolvedInstance.secretKeySecretName(m));
      names.add(ResolvedInstance.adminSecretName(m));
      names.addAll(SettingsSecrets.keysBySecret(m).keySet());
    }
    return names;
  }

  private static List<String> indexKeys(Mathesar m) {
    return names(m).stream().map(n -> key(m.getMetadata().getNamespace(), n)).toList();
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  /**
   * A digest of the Secret values the pods read, put on the pod template so that changed
   * credentials or a restored key roll the pods. Only the keys in use count, so an unrelated edit
   * of a shared Secret does not restart Mathesar.
   */
  public static String hash(Mathesar m, SecretLookup lookup) {
    var digest = sha256();
    var db = m.getSpec().getDatabase().getExternal();
    if (db != null) {
      var creds = db.getCredentialsSecret();
      update(digest, lookup, m.getMetadata().getNamespace(), creds.getName(), keys(creds.getUsernameKey(), creds.getPasswordKey()));
    } else {
      update(digest, lookup, m.getMetadata().getNamespace(), ObjectNames.databaseAppSecret(m),
          keys("host", "port", "dbname", "username", "password"));
    }
    update(digest, lookup, m.getMetadata().getNamespace(), ResolvedInstance.secretKeySecretName(m), keys(ObjectNames.SECRET_KEY_DATA_KEY));
    SettingsSecrets.keysBySecret(m).forEach((name, keys) -> update(digest, lookup, m.getMetadata().getNamespace(), name, keys));
    return HexFormat.of().formatHex(digest.digest()).substring(0, 32);
  }

  /** The same key may hold user name and password; null keys are defaulted by the schema. */
  private static Set<String> keys(String... keys) {
    return java.util.Arrays.stream(keys).filter(java.util.Objects::nonNull).collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  private static void update(MessageDigest digest, SecretLookup lookup, String namespace, String name, Set<String> keys) {
    var secret = lookup.find(namespace, name);
    keys.stream()
        .sorted()
        .forEach(
            key -> {
              var value = secret.map(s -> s.getData() == null ? null : s.getData().get(key)).orElse("");
              digest.update((name + "/" + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8));
            });
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
