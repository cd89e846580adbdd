package org.mathesar.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
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
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class MathesarSpec {
  /** Release numbers look like 0.11.0; a pre-release suffix (0.12.0-rc1) is allowed. */
  public static final String VERSION_PATTERN = "^[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.-]+)?$";

  @JsonPropertyDescription(
      "Mathesar release to run, e.g. 0.11.0 (image mathesar/mathesar:<version>). When omitted the"
          + " operator's default version is used (see docs/reference.md). Downgrades are refused.")
  @Pattern(VERSION_PATTERN)
  private String version;

  @JsonPropertyDescription(
      "Full image reference overriding mathesar/mathesar:<version>, e.g. for a private mirror."
          + " spec.version must still name the release the image contains.")
  private String image;

  @JsonPropertyDescription(
      "Number of Mathesar web pods. Also the scale subresource's replicas: kubectl scale and a"
          + " HorizontalPodAutoscaler set it.")
  @Default("1")
  @Min(0)
  @SpecReplicas
  private Integer replicas = 1;

  @JsonPropertyDescription(
      "Mathesar's internal (Django) database: exactly one of external or cloudNativePG.")
  @Required
  private DatabaseSpec database;

  @JsonPropertyDescription(
      "Name of a Secret you made, holding the Django SECRET_KEY under the key 'secret-key'. When"
          + " omitted the operator generates one, once, into Secret <name>-secret-key.")
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  private String secretKeySecret;

  @JsonPropertyDescription(
      "Public host name of this instance, e.g. mathesar.example.com: added to ALLOWED_HOSTS, used for"
          + " status.url and the Ingress.")
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  private String hostname;

  @JsonPropertyDescription("An Ingress for spec.hostname.")
  private IngressSpec ingress = new IngressSpec();

  /** The pattern of spec.hostname, for each of spec.additionalHostnames. */
  public static final String HOSTNAME_PATTERN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  @JsonPropertyDescription(
      "More public host names of this instance, after spec.hostname (which stays the first and gives"
          + " status.url): added to ALLOWED_HOSTS, the Ingress, the HTTPRoute and status.urls. Needs"
          + " spec.hostname; no duplicates.")
  @Size(max = 32)
  @ValidationRule(
      value = "self.all(h, self.exists_one(x, x == h))",
      message = "duplicate host name")
  private List<@Pattern(HOSTNAME_PATTERN) @Size(max = 253) String> additionalHostnames;

  @JsonPropertyDescription(
      "An optional NetworkPolicy <name> for the instance's web and Job pods (off by default).")
  private NetworkPolicySpec networkPolicy = new NetworkPolicySpec();

  @JsonPropertyDescription(
      "An optional Gateway API HTTPRoute <name>, instead of or beside the Ingress (off by default).")
  private HttpRouteSpec httpRoute = new HttpRouteSpec();

  @JsonPropertyDescription("Persistent volume for uploaded files, mounted at /code/.media.")
  private MediaSpec media = new MediaSpec();

  @JsonPropertyDescription("Gunicorn settings of the web container.")
  private GunicornSpec gunicorn = new GunicornSpec();

  @JsonPropertyDescription("Compute resources of the Mathesar container.")
  private ResourceRequirements resources;

  private Map<String, String> nodeSelector;
  private List<Toleration> tolerations;
  private Affinity affinity;
  private List<LocalObjectReference> imagePullSecrets;

  @JsonPropertyDescription(
      "Labels added to the web and Job pods. The operator's own labels (app.kubernetes.io/*) win: such"
          + " keys are ignored and reported in the PodMetadataIgnored condition.")
  private Map<String, String> podLabels;

  @JsonPropertyDescription(
      "Annotations added to the web and Job pods (a service mesh, a metrics scraper, ...). Keys under"
          + " mathesar.org/ are the operator's and are ignored (PodMetadataIgnored).")
  private Map<String, String> podAnnotations;

  @JsonPropertyDescription(
      "ServiceAccount of the web and Job pods. Omitted: the namespace's default.")
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  private String serviceAccountName;

  @JsonPropertyDescription("PriorityClass of the web and Job pods.")
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  private String priorityClassName;

  @JsonPropertyDescription(
      "How the web pods spread over the cluster. Omitted, with ReadWriteMany media: at most one pod more"
          + " on any node than on another, where the scheduler can (ScheduleAnyway). With ReadWriteOnce media"
          + " the pods must share the volume's node, so there is no default.")
  private List<TopologySpreadConstraint> topologySpreadConstraints;

  @JsonPropertyDescription(
      "Volumes added to the web pods, for spec.extraVolumeMounts and spec.sidecars. Names the operator uses"
          + " (media, static, tmp, db-ca) are refused.")
  private List<Volume> extraVolumes;

  @JsonPropertyDescription(
      "Mounts added to the Mathesar web container; each names one of spec.extraVolumes and may not use a"
          + " path the operator mounts (/code/.media/, /code/static, /tmp, the database CA).")
  private List<VolumeMount> extraVolumeMounts;

  @JsonPropertyDescription(
      "Containers run in the web pods before the operator's collect-static step (not in Job pods).")
  private List<Container> initContainers;

  @JsonPropertyDescription(
      "Containers run beside Mathesar in the web pods (not in Job pods, which would never finish).")
  private List<Container> sidecars;

  @JsonPropertyDescription(
      "Whole Secrets or ConfigMaps as environment variables of every Mathesar container (web and Jobs)."
          + " A change in one rolls the web pods. Variables the operator sets win over them.")
  private List<EnvFromSource> envFrom;

  @JsonPropertyDescription("The PodDisruptionBudget of the web pods.")
  private DisruptionBudgetSpec podDisruptionBudget = new DisruptionBudgetSpec();

  @JsonPropertyDescription(
      "Extra environment variables for Mathesar. Variables the operator sets (database, SECRET_KEY,"
          + " ALLOWED_HOSTS, ...) cannot be overridden; such entries are ignored and reported in the"
          + " EnvOverrideIgnored condition. A change in a Secret or ConfigMap named by valueFrom rolls the"
          + " web pods.")
  private List<EnvVar> env;

  @JsonPropertyDescription(
      "Retain (default) keeps the internal database, SECRET_KEY, admin Secret and media volume when this"
          + " resource is deleted, and a new resource of the same name adopts them; Delete removes them too."
          + " Secrets you made and external databases are never deleted.")
  @Default("Retain")
  private DeletionPolicy deletionPolicy = DeletionPolicy.Retain;

  @JsonPropertyDescription(
      "The first admin, created by the operator before the instance is reachable.")
  private AdminSpec admin = new AdminSpec();

  @JsonPropertyDescription("How upgrades are run.")
  private UpgradeSpec upgrade = new UpgradeSpec();

  @JsonPropertyDescription(
      "The instance's own backups: where the backup before each version change is written"
          + " (docs/backups.md).")
  private InstanceBackupSpec backup;

  @JsonPropertyDescription(
      "Bring a new instance up from a backup (docs/backups.md#restore): its database, SECRET_KEY,"
          + " admin and media files, before any migration; then the migrations of spec.version run."
          + " Refused over an instance that already ran; a restore into a database or media volume"
          + " that holds data stops with a condition and writes nothing. After the restore it is a"
          + " record and does nothing more.")
  private RestoreSource restoreFrom;

  @JsonPropertyDescription(
      "securityContext of the web and Job pods. Omitted: what the restricted Pod Security Standard asks"
          + " (runAsNonRoot, uid and gid 1000, fsGroup 1000 for the media volume, seccomp RuntimeDefault)."
          + " Set, it replaces that default as a whole, for images that need otherwise.")
  private PodSecurityContext podSecurityContext;

  @JsonPropertyDescription(
      "securityContext of every Mathesar container (web, collect-static, Jobs). Omitted: non-root, no"
          + " privilege escalation, every capability dropped, read-only root filesystem (the operator mounts"
          + " emptyDirs where Mathesar writes). Set, it replaces that default as a whole.")
  private SecurityContext securityContext;

  // Mathesar's own settings (docs/settings.md).
  @JsonPropertyDescription(
      "Single sign-on (OIDC, GitHub): SSO_CONFIG_DICT and REQUIRE_SSO_LOGIN. Client ids and secrets come"
          + " from Secrets, never from this resource. Mathesar 0.11.0 or later.")
  private SsoSpec sso;

  @JsonPropertyDescription(
      "S3-compatible storage for file columns: FILE_STORAGE_DICT, credentials from a Secret.")
  private FileStorageSpec fileStorage;

  @JsonPropertyDescription("Login page texts and links (Mathesar 0.12.0 or later).")
  private LoginPageSpec loginPage;

  @JsonPropertyDescription(
      "The Django admin at /admin/ (MATHESAR_DJANGO_ADMIN_ENABLED, Mathesar 0.12.0 or later).")
  private DjangoAdminSpec djangoAdmin;

  public PodSecurityContext getPodSecurityContext() {
    return podSecurityContext;
  }

  public void setPodSecurityContext(PodSecurityContext podSecurityContext) {
    this.podSecurityContext = podSecurityContext;
  }

  public SecurityContext getSecurityContext() {
    return securityContext;
  }

  public void setSecurityContext(SecurityContext securityContext) {
    this.securityContext = securityContext;
  }

  public IngressSpec getIngress() {
    return ingress;
  }

  public void setIngress(IngressSpec ingress) {
    this.ingress = ingress;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  public AdminSpec getAdmin() {
    return admin;
  }

  public void setAdmin(AdminSpec admin) {
    this.admin = admin;
  }

  public InstanceBackupSpec getBackup() {
    return backup;
  }

  public void setBackup(InstanceBackupSpec backup) {
    this.backup = backup;
  }

  public RestoreSource getRestoreFrom() {
    return restoreFrom;
  }

  public void setRestoreFrom(RestoreSource restoreFrom) {
    this.restoreFrom = restoreFrom;
  }

  public UpgradeSpec getUpgrade() {
    return upgrade;
  }

  public void setUpgrade(UpgradeSpec upgrade) {
    this.upgrade = upgrade;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public DatabaseSpec getDatabase() {
    return database;
  }

  public void setDatabase(DatabaseSpec database) {
    this.database = database;
  }

  public String getSecretKeySecret() {
    return secretKeySecret;
  }

  public void setSecretKeySecret(String secretKeySecret) {
    this.secretKeySecret = secretKeySecret;
  }

  public String getHostname() {
    return hostname;
  }

  public void setHostname(String hostname) {
    this.hostname = hostname;
  }

  public MediaSpec getMedia() {
    return media;
  }

  public void setMedia(MediaSpec media) {
    this.media = media;
  }

  public GunicornSpec getGunicorn() {
    return gunicorn;
  }

  public void setGunicorn(GunicornSpec gunicorn) {
    this.gunicorn = gunicorn;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  public List<Toleration> getTolerations() {
    return tolerations;
  }

  public void setTolerations(List<Toleration> tolerations) {
    this.tolerations = tolerations;
  }

  public Affinity getAffinity() {
    return affinity;
  }

  public void setAffinity(Affinity affinity) {
    this.affinity = affinity;
  }

  public List<LocalObjectReference> getImagePullSecrets() {
    return imagePullSecrets;
  }

  public void setImagePullSecrets(List<LocalObjectReference> imagePullSecrets) {
    this.imagePullSecrets = imagePullSecrets;
  }

  public List<EnvVar> getEnv() {
    return env;
  }

  public void setEnv(List<EnvVar> env) {
    this.env = env;
  }

  public Map<String, String> getPodLabels() {
    return podLabels;
  }

  public void setPodLabels(Map<String, String> podLabels) {
    this.podLabels = podLabels;
  }

  public Map<String, String> getPodAnnotations() {
    return podAnnotations;
  }

  public void setPodAnnotations(Map<String, String> podAnnotations) {
    this.podAnnotations = podAnnotations;
  }

  public String getServiceAccountName() {
    return serviceAccountName;
  }

  public void setServiceAccountName(String serviceAccountName) {
    this.serviceAccountName = serviceAccountName;
  }

  public String getPriorityClassName() {
    return priorityClassName;
  }

  public void setPriorityClassName(String priorityClassName) {
    this.priorityClassName = priorityClassName;
  }

  public List<TopologySpreadConstraint> getTopologySpreadConstraints() {
    return topologySpreadConstraints;
  }

  public void setTopologySpreadConstraints(
      List<TopologySpreadConstraint> topologySpreadConstraints) {
    this.topologySpreadConstraints = topologySpreadConstraints;
  }

  public List<Volume> getExtraVolumes() {
    return extraVolumes;
  }

  public void setExtraVolumes(List<Volume> extraVolumes) {
    this.extraVolumes = extraVolumes;
  }

  public List<VolumeMount> getExtraVolumeMounts() {
    return extraVolumeMounts;
  }

  public void setExtraVolumeMounts(List<VolumeMount> extraVolumeMounts) {
    this.extraVolumeMounts = extraVolumeMounts;
  }

  public List<Container> getInitContainers() {
    return initContainers;
  }

  public void setInitContainers(List<Container> initContainers) {
    this.initContainers = initContainers;
  }

  public List<Container> getSidecars() {
    return sidecars;
  }

  public void setSidecars(List<Container> sidecars) {
    this.sidecars = sidecars;
  }

  public List<EnvFromSource> getEnvFrom() {
    return envFrom;
  }

  public void setEnvFrom(List<EnvFromSource> envFrom) {
    this.envFrom = envFrom;
  }

  public DisruptionBudgetSpec getPodDisruptionBudget() {
    return podDisruptionBudget;
  }

  public void setPodDisruptionBudget(DisruptionBudgetSpec podDisruptionBudget) {
    this.podDisruptionBudget = podDisruptionBudget;
  }

  public SsoSpec getSso() {
    return sso;
  }

  public void setSso(SsoSpec sso) {
    this.sso = sso;
  }

  public FileStorageSpec getFileStorage() {
    return fileStorage;
  }

  public void setFileStorage(FileStorageSpec fileStorage) {
    this.fileStorage = fileStorage;
  }

  public LoginPageSpec getLoginPage() {
    return loginPage;
  }

  public void setLoginPage(LoginPageSpec loginPage) {
    this.loginPage = loginPage;
  }

  public DjangoAdminSpec getDjangoAdmin() {
    return djangoAdmin;
  }

  public void setDjangoAdmin(DjangoAdminSpec djangoAdmin) {
    this.djangoAdmin = djangoAdmin;
  }

  public List<String> getAdditionalHostnames() {
    return additionalHostnames;
  }

  public void setAdditionalHostnames(List<String> additionalHostnames) {
    this.additionalHostnames = additionalHostnames;
  }

  public NetworkPolicySpec getNetworkPolicy() {
    return networkPolicy;
  }

  public void setNetworkPolicy(NetworkPolicySpec networkPolicy) {
    this.networkPolicy = networkPolicy;
  }

  public HttpRouteSpec getHttpRoute() {
    return httpRoute;
  }

  public void setHttpRoute(HttpRouteSpec httpRoute) {
    this.httpRoute = httpRoute;
  }
}
