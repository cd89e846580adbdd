package org.mathesar.operator.unit;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mathesar.operator.config.OperatorConfig;
import org.mathesar.operator.customresource.CloudNativePGSpec;
import org.mathesar.operator.customresource.CredentialsSecretRef;
import org.mathesar.operator.customresource.DatabaseSpec;
import org.mathesar.operator.customresource.ExternalDatabaseSpec;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MathesarSpec;
import org.mathesar.operator.desired.MetadataKeys;
import org.mathesar.operator.desired.ResolvedInstance;
import org.mathesar.operator.lookup.SecretLookup;

/** Builders for the objects the unit tests feed to the pure functions. */
final class TestResources {
  static final String NAMESPACE = "team-a";
  static final String NAME = "demo";
  static final String CREDENTIALS_SECRET = "db-credentials";
  static final String DB_HOST = "postgres.example.internal";
  static final String DB_NAME = "mathesar_django";
  static final String DB_USER = "mathesar_user";

  /** Recognisable so that tests can assert it never leaks into a message. */
  static final String DB_PASSWORD = "Sup3r-S3cret-Pa55word-XYZ";

  static final String HASH = "0123456789abcdef0123456789abcdef";

  private TestResources() {}

  /**
   * The validation of the reconciler, with the spec's own version as the target (the default
   * applied is not tested here).
   */
  static java.util.List<org.mathesar.operator.validation.SpecProblem> validate(
      Mathesar m,
      SecretLookup secrets,
      java.util.Optional<PersistentVolumeClaim> existingMediaPvc) {
    return org.mathesar.operator.validation.SpecValidator.validate(
        m, m.getSpec() == null ? null : m.getSpec().getVersion(), secrets, existingMediaPvc);
  }

  /** A valid instance with an external database and a generated SECRET_KEY. */
  static Mathesar mathesar() {
    return mathesar(NAME);
  }

  static Mathesar mathesar(String name) {
    var ext = new ExternalDatabaseSpec();
    ext.setHost(DB_HOST);
    ext.setDatabase(DB_NAME);
    ext.setCredentialsSecret(new CredentialsSecretRef(CREDENTIALS_SECRET));
    var db = new DatabaseSpec();
    db.setExternal(ext);
    var spec = new MathesarSpec();
    spec.setDatabase(db);
    var m = new Mathesar();
    m.getMetadata().setName(name);
    m.getMetadata().setNamespace(NAMESPACE);
    m.getMetadata().setGeneration(1L);
    m.setSpec(spec);
    return m;
  }

  /** A valid instance whose database is a CloudNativePG Cluster with the defaults. */
  static Mathesar cloudNativePG() {
    return cloudNativePG(NAME);
  }

  static Mathesar cloudNativePG(String name) {
    var m = mathesar(name);
    var db = new DatabaseSpec();
    db.setCloudNativePG(new CloudNativePGSpec());
    m.getSpec().setDatabase(db);
    return m;
  }

  static CloudNativePGSpec cnpg(Mathesar m) {
    return m.getSpec().getDatabase().getCloudNativePG();
  }

  /**
   * A CloudNativePG Cluster as the API returns it: untyped, with the given spec and status maps
   * (either may be null for none).
   */
  static GenericKubernetesResource cluster(Map<String, Object> spec, Map<String, Object> status) {
    var properties = new LinkedHashMap<String, Object>();
    if (spec != null) {
      properties.put("spec", spec);
    }
    if (status != null) {
      properties.put("status", status);
    }
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("postgresql.cnpg.io/v1")
        .withKind("Cluster")
        .withNewMetadata()
        .withName(NAME + "-db")
        .withNamespace(NAMESPACE)
        .endMetadata()
        .withAdditionalProperties(properties)
        .build();
  }

  static ExternalDatabaseSpec external(Mathesar m) {
    return m.getSpec().getDatabase().getExternal();
  }

  static ResolvedInstance resolved(Mathesar m) {
    return ResolvedInstance.resolve(m, OperatorConfig.defaults(), HASH);
  }

  static EnvVar env(String name, String value) {
    return new EnvVar(name, value, null);
  }

  static String b64(String plain) {
    return Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  static String unb64(String encoded) {
    return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
  }

  /** A Secret whose data holds the given plain values, base64-encoded as the API returns them. */
  static Secret secret(String name, Map<String, String> plain) {
    var data = new LinkedHashMap<String, String>();
    plain.forEach((k, v) -> data.put(k, b64(v)));
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NAMESPACE)
        .endMetadata()
        .withData(data)
        .build();
  }

  static Secret credentials() {
    return secret(CREDENTIALS_SECRET, Map.of("username", DB_USER, "password", DB_PASSWORD));
  }

  /** Finds the given Secrets by namespace and name; nothing else exists. */
  static SecretLookup lookup(Secret... secrets) {
    List<Secret> all = Arrays.asList(secrets);
    return (ns, name) ->
        all.stream()
            .filter(
                s ->
                    s.getMetadata().getNamespace().equals(ns)
                        && s.getMetadata().getName().equals(name))
            .findFirst();
  }

  static SecretLookup noSecrets() {
    return (ns, name) -> Optional.empty();
  }

  static PersistentVolumeClaim pvc(String size, String storageClass, String... accessModes) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(NAME + "-media")
        .withNamespace(NAMESPACE)
        .endMetadata()
        .withNewSpec()
        .withStorageClassName(storageClass)
        .withAccessModes(accessModes)
        .withNewResources()
        .withRequests(Map.of("storage", new Quantity(size)))
        .endResources()
        .endSpec()
        .build();
  }

  /**
   * A web Deployment as its controller reports it.
   *
   * @param versionLabel the app.kubernetes.io/version label, or null for none
   */
  static Deployment deployment(
      String versionLabel,
      int specReplicas,
      long generation,
      long observedGeneration,
      int replicas,
      int ready,
      int updated) {
    var labels = new LinkedHashMap<String, String>();
    if (versionLabel != null) {
      labels.put(MetadataKeys.VERSION_LABEL, versionLabel);
    }
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(NAME)
        .withNamespace(NAMESPACE)
        .withGeneration(generation)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withReplicas(specReplicas)
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(observedGeneration)
        .withReplicas(replicas)
        .withReadyReplicas(ready)
        .withUpdatedReplicas(updated)
        .endStatus()
        .build();
  }

  /** A Deployment whose rollout of {@code n} pods at {@code version} is complete. */
  static Deployment completeDeployment(String version, int n) {
    return deployment(version, n, 2, 2, n, n, n);
  }
}
