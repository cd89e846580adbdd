package org.mathesar.operator.desired;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mathesar.operator.config.OperatorConfig;
import org.mathesar.operator.customresource.DeletionPolicy;
import org.mathesar.operator.customresource.DisruptionBudgetSpec;
import org.mathesar.operator.customresource.DjangoAdminSpec;
import org.mathesar.operator.customresource.FileStorageSpec;
import org.mathesar.operator.customresource.GunicornSpec;
import org.mathesar.operator.customresource.HttpRouteSpec;
import org.mathesar.operator.customresource.IngressSpec;
import org.mathesar.operator.customresource.LoginPageSpec;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MathesarSpec;
import org.mathesar.operator.customresource.MediaSpec;
import org.mathesar.operator.customresource.NetworkPolicySpec;
import org.mathesar.operator.customresource.SsoSpec;

/**
 * A Mathesar resource with every default the operator supplies filled in, plus what the operator
 * learned from the cluster (the hash of referenced Secrets). The desired-object factories, the
 * status aggregator and the reconciler's helpers read the spec only through this, so each default
 * is applied here once and they are pure functions. Only validation, which must see what the user
 * wrote, and the code that runs on resources it refused (the Secret index, deletion) read the raw
 * spec.
 *
 * <p>Accessors for fields without a default return the user's value, null when unset, where it goes
 * straight into a builder: an empty list there would be written as [] and differ from what the API
 * server stores.
 *
 * @param resource the resource itself: metadata, owner references, labels; not its spec
 * @param database the database mode; null only for a spec.database that validation refuses (not
 *     exactly one mode set), since an instance is resolved before it is validated
 * @param restore the backup spec.restoreFrom names, while its restore is still to run; set by
 *     validation, which resolves it
 */
public record ResolvedInstance(
    Mathesar resource,
    String version,
    String image,
    String secretKeySecretName,
    DatabaseMode database,
    String secretsHash,
    RestorePoint restore) {
  /** spec.replicas when unset, and the desired count of an instance that has no spec to resolve. */
  public static final int DEFAULT_REPLICAS = 1;

  public static final int DEFAULT_MIGRATION_TIMEOUT_SECONDS = 1800;

  public ResolvedInstance {
    Objects.requireNonNull(resource);
    Objects.requireNonNull(resource.getSpec());
    Objects.requireNonNull(version);
    Objects.requireNonNull(image);
    Objects.requireNonNull(secretKeySecretName);
    Objects.requireNonNull(secretsHash);
  }

  /** Needs a spec; any spec: validation, which runs after, reports what is wrong with it. */
  public static ResolvedInstance resolve(Mathesar m, OperatorConfig config, String secretsHash) {
    var spec = m.getSpec();
    var version = spec.getVersion() != null ? spec.getVersion() : config.defaultMathesarVersion();
    var image =
        spec.getImage() != null ? spec.getImage() : config.imageRepository() + ":" + version;
    return new ResolvedInstance(
        m, version, image, secretKeySecretName(m), DatabaseMode.ifValid(m), secretsHash, null);
  }

  public ResolvedInstance withSecretsHash(String hash) {
    return new ResolvedInstance(
        resource, version, image, secretKeySecretName, database, hash, restore);
  }

  public ResolvedInstance withRestore(RestorePoint point) {
    return new ResolvedInstance(
        resource, version, image, secretKeySecretName, database, secretsHash, point);
  }

  /** The restore still to run, if spec.restoreFrom names one. */
  public java.util.Optional<RestorePoint> pendingRestore() {
    return java.util.Optional.ofNullable(restore);
  }

  private MathesarSpec spec() {
    return resource.getSpec();
  }

  // --- Tolerant of any resource, a spec-less one too: for code that runs without a resolved
  // instance
  // (the Secret index, deletion, the second controller). The instance accessors below use the same.

  /** The Secret holding SECRET_KEY: the user's, or the one the operator generates. */
  public static String secretKeySecretName(Mathesar m) {
    var own = m.getSpec() == null ? null : m.getSpec().getSecretKeySecret();
    return own != null ? own : ObjectNames.generatedSecretKeySecret(m);
  }

  /** Whether the operator makes the SECRET_KEY Secret: the user names none. */
  public static boolean usesGeneratedSecretKey(Mathesar m) {
    return m.getSpec() == null || m.getSpec().getSecretKeySecret() == null;
  }

  /**
   * The admin Secret the instance was installed with, as its status records it (so that a later
   * edit of spec.admin does not change whose credentials are read), else as the spec names it.
   */
  public static String adminSecretInUse(Mathesar m) {
    return m.getStatus() != null && m.getStatus().getAdminSecret() != null
        ? m.getStatus().getAdminSecret()
        : adminSecretName(m);
  }

  /** The Secret holding the first admin's credentials: the user's, or the generated one. */
  public static String adminSecretName(Mathesar m) {
    var admin = m.getSpec() == null ? null : m.getSpec().getAdmin();
    return admin != null && admin.getSecretName() != null
        ? admin.getSecretName()
        : ObjectNames.generatedAdminSecret(m);
  }

  /** Retain unless spec.deletionPolicy says Delete; a resource without spec keeps its data too. */
  public static DeletionPolicy deletionPolicy(Mathesar m) {
    var policy = m.getSpec() == null ? null : m.getSpec().getDeletionPolicy();
    return policy == null ? DeletionPolicy.Retain : policy;
  }

  /**
   * Which database the instance uses, without credentials: migrations and the first admin belong to
   * it, so a different one must be migrated and given an admin again. For a spec validation
   * accepted.
   */
  public static String databaseIdentity(Mathesar m) {
    return DatabaseMode.of(m).identity();
  }

  // --- Metadata

  public String name() {
    return resource.getMetadata().getName();
  }

  public String namespace() {
    return resource.getMetadata().getNamespace();
  }

  // --- Identity of what runs

  public String adminSecretName() {
    return adminSecretName(resource);
  }

  public boolean usesGeneratedAdminSecret() {
    var admin = spec().getAdmin();
    return admin == null || admin.getSecretName() == null;
  }

  public boolean usesGeneratedSecretKey() {
    return usesGeneratedSecretKey(resource);
  }

  /** The database's identity (see {@link #databaseIdentity(Mathesar)}) for an accepted spec. */
  public String databaseIdentity() {
    return database.identity();
  }

  // --- Web pods and Jobs

  public int replicas() {
    var r = spec().getReplicas();
    return r == null ? DEFAULT_REPLICAS : r;
  }

  public MediaSpec media() {
    var media = spec().getMedia();
    return media != null ? media : new MediaSpec();
  }

  public GunicornSpec gunicorn() {
    var g = spec().getGunicorn();
    return g != null ? g : new GunicornSpec();
  }

  public int migrationTimeoutSeconds() {
    var upgrade = spec().getUpgrade();
    return upgrade == null || upgrade.getMigrationTimeoutSeconds() == null
        ? DEFAULT_MIGRATION_TIMEOUT_SECONDS
        : upgrade.getMigrationTimeoutSeconds();
  }

  /**
   * A CloudNativePG Backup before each upgrade's migration, unless spec.upgrade.backup is false.
   */
  /** spec.backup.target: where the instance's own MathesarBackups go, if set. */
  public java.util.Optional<org.mathesar.operator.customresource.BackupTarget> backupTarget() {
    var backup = spec().getBackup();
    return backup == null || backup.getTarget() == null
        ? java.util.Optional.empty()
        : java.util.Optional.of(backup.getTarget());
  }

  /** spec.backup.schedule, if set. */
  public java.util.Optional<String> backupSchedule() {
    var backup = spec().getBackup();
    return backup == null || backup.getSchedule() == null
        ? java.util.Optional.empty()
        : java.util.Optional.of(backup.getSchedule());
  }

  /** spec.backup.keep, 7 when unset. */
  public int backupKeep() {
    var backup = spec().getBackup();
    return backup == null || backup.getKeep() == null ? 7 : backup.getKeep();
  }

  /** spec.backup.image; null when unset (the backup's own default). */
  public String backupImage() {
    return spec().getBackup() == null ? null : spec().getBackup().getImage();
  }

  public boolean backupBeforeUpgrade() {
    var upgrade = spec().getUpgrade();
    return upgrade == null || !Boolean.FALSE.equals(upgrade.getBackup());
  }

  /** spec.upgrade.preflight is not false. */
  public boolean releaseChecks() {
    var upgrade = spec().getUpgrade();
    return upgrade == null || !Boolean.FALSE.equals(upgrade.getPreflight());
  }

  /**
   * spec.djangoAdmin.enabled is set, or spec.env sets MATHESAR_DJANGO_ADMIN_ENABLED itself: either
   * way someone chose whether 0.12.0 and later serve /admin/. (spec.envFrom is not read: its
   * ConfigMaps and Secrets are not looked into.)
   */
  public boolean djangoAdminChosen() {
    return (djangoAdmin() != null && djangoAdmin().getEnabled() != null)
        || env().stream()
            .anyMatch(e -> SettingsEnvironment.DJANGO_ADMIN_ENABLED.equals(e.getName()));
  }

  /** spec.env; empty when unset. */
  public List<EnvVar> env() {
    return orEmpty(spec().getEnv());
  }

  /** spec.envFrom; null when unset. */
  public List<EnvFromSource> envFrom() {
    return spec().getEnvFrom();
  }

  /** The Secrets and ConfigMaps spec.env and spec.envFrom read. */
  public EnvReferences envReferences() {
    return EnvReferences.of(spec());
  }

  /** The Secret values Mathesar's own settings (SSO, file storage) read. */
  public List<SettingsSecrets.Ref> settingsSecrets() {
    return SettingsSecrets.refs(spec());
  }

  /**
   * spec.resources as the user wrote it; when unset, {@link DefaultResources} for the instance's
   * gunicorn workers.
   */
  public ResourceRequirements resources() {
    var own = spec().getResources();
    return own != null ? own : DefaultResources.forWorkers(gunicorn().getWorkers());
  }

  /** spec.podLabels; empty when unset. */
  public Map<String, String> podLabels() {
    return orEmpty(spec().getPodLabels());
  }

  /** spec.podAnnotations; empty when unset. */
  public Map<String, String> podAnnotations() {
    return orEmpty(spec().getPodAnnotations());
  }

  /**
   * spec.podSecurityContext; null when unset, then {@link PodSecurity} supplies the restricted one.
   */
  public PodSecurityContext podSecurityContext() {
    return spec().getPodSecurityContext();
  }

  /**
   * spec.securityContext; null when unset, then {@link PodSecurity} supplies the restricted one.
   */
  public SecurityContext securityContext() {
    return spec().getSecurityContext();
  }

  /** spec.imagePullSecrets; null when unset. */
  public List<LocalObjectReference> imagePullSecrets() {
    return spec().getImagePullSecrets();
  }

  /** spec.nodeSelector; null when unset. */
  public Map<String, String> nodeSelector() {
    return spec().getNodeSelector();
  }

  /** spec.tolerations; null when unset. */
  public List<Toleration> tolerations() {
    return spec().getTolerations();
  }

  /** spec.affinity; null when unset. {@link WebPlacement} adds to it for the web pods. */
  public Affinity affinity() {
    return spec().getAffinity();
  }

  /**
   * spec.topologySpreadConstraints; null when unset. {@link WebPlacement} has a default for the web
   * pods.
   */
  public List<TopologySpreadConstraint> topologySpreadConstraints() {
    return spec().getTopologySpreadConstraints();
  }

  /** spec.serviceAccountName; null when unset. */
  public String serviceAccountName() {
    return spec().getServiceAccountName();
  }

  /** spec.priorityClassName; null when unset. */
  public String priorityClassName() {
    return spec().getPriorityClassName();
  }

  /** spec.extraVolumes; empty when unset. */
  public List<Volume> extraVolumes() {
    return orEmpty(spec().getExtraVolumes());
  }

  /** spec.extraVolumeMounts; empty when unset. */
  public List<VolumeMount> extraVolumeMounts() {
    return orEmpty(spec().getExtraVolumeMounts());
  }

  /** spec.initContainers; empty when unset. */
  public List<Container> initContainers() {
    return orEmpty(spec().getInitContainers());
  }

  /** spec.sidecars; empty when unset. */
  public List<Container> sidecars() {
    return orEmpty(spec().getSidecars());
  }

  public DisruptionBudgetSpec podDisruptionBudget() {
    var budget = spec().getPodDisruptionBudget();
    return budget != null ? budget : new DisruptionBudgetSpec();
  }

  // --- Mathesar's own settings; null when unset, as then nothing of them is set

  public SsoSpec sso() {
    return spec().getSso();
  }

  public FileStorageSpec fileStorage() {
    return spec().getFileStorage();
  }

  public LoginPageSpec loginPage() {
    return spec().getLoginPage();
  }

  public DjangoAdminSpec djangoAdmin() {
    return spec().getDjangoAdmin();
  }

  // --- Networking

  /**
   * The public host names: spec.hostname first, then spec.additionalHostnames, without repeats.
   * Empty without spec.hostname: validation refuses additional names without it.
   */
  public List<String> hostnames() {
    var hostname = spec().getHostname();
    if (hostname == null) {
      return List.of();
    }
    var names = new LinkedHashSet<String>();
    names.add(hostname);
    names.addAll(orEmpty(spec().getAdditionalHostnames()));
    return new ArrayList<>(names);
  }

  public boolean ingressEnabled() {
    return Boolean.TRUE.equals(ingress().getEnabled());
  }

  public IngressSpec ingress() {
    var ingress = spec().getIngress();
    return ingress != null ? ingress : new IngressSpec();
  }

  /**
   * The operator knows of TLS only on its own Ingress, whose certificate covers every host name.
   */
  public boolean servesTls() {
    return ingressEnabled() && ingress().getTlsSecretName() != null;
  }

  public boolean networkPolicyEnabled() {
    return Boolean.TRUE.equals(networkPolicy().getEnabled());
  }

  public NetworkPolicySpec networkPolicy() {
    var policy = spec().getNetworkPolicy();
    return policy != null ? policy : new NetworkPolicySpec();
  }

  public boolean httpRouteEnabled() {
    return Boolean.TRUE.equals(httpRoute().getEnabled());
  }

  public HttpRouteSpec httpRoute() {
    var route = spec().getHttpRoute();
    return route != null ? route : new HttpRouteSpec();
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }
}
