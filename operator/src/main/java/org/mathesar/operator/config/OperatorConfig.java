package org.mathesar.operator.config;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the operator reads from its environment. Every setting has a default so that {@code java
 * -jar mathesar-operator.jar} works without any.
 */
public record OperatorConfig(
    Set<String> watchNamespaces,
    String defaultMathesarVersion,
    String imageRepository,
    int httpPort,
    boolean leaderElection,
    String leaderElectionNamespace,
    String leaderElectionLeaseName,
    int pollSeconds,
    String leaderElectionIdentity,
    int leaseSeconds,
    String mathesarUrlTemplate) {

  /** How the operator reaches an instance's Service from its own pod: cluster DNS, port 80. */
  public static final String DEFAULT_MATHESAR_URL_TEMPLATE = "http://{service}.{namespace}.svc:80";

  /** The Mathesar release used when spec.version is omitted; the one docs/reference.md names. */
  public static final String DEFAULT_MATHESAR_VERSION = "0.11.0";

  public static final String HELP =
      """
      mathesar-operator: runs Mathesar instances declared as Mathesar resources (mathesar.org/v1alpha1).

      Usage: java -jar mathesar-operator.jar [--help]

      Cluster: KUBECONFIG (or ~/.kube/config), else the in-cluster service account.
      Environment:
        WATCH_NAMESPACES           comma-separated namespaces to watch; empty or unset = all namespaces
        MATHESAR_DEFAULT_VERSION   Mathesar release when spec.version is omitted (default %s)
        MATHESAR_IMAGE_REPOSITORY  image repository for mathesar/mathesar (default mathesar/mathesar)
        HTTP_PORT                  port of /metrics, /healthz and /readyz (default 8080; 0 = off)
        LEADER_ELECTION            true to elect a leader through a Lease (default false)
        LEADER_ELECTION_NAMESPACE  namespace of the Lease (default: the pod's namespace)
        LEADER_ELECTION_LEASE_NAME name of the Lease (default mathesar-operator-lock)
        LEADER_ELECTION_LEASE_SECONDS  lease duration; a standby takes over this long after the
                                   leader stops renewing (default 15)
        POD_NAME                   leader identity prefix (default HOSTNAME)
        POLL_SECONDS               how often to look again for what has no watch: a missing
                                   CloudNativePG, a running Backup (default 15)
        MATHESAR_URL_TEMPLATE      how the operator reaches an instance's RPC API for MathesarDatabase
                                   resources; {service} and {namespace} are filled in
                                   (default http://{service}.{namespace}.svc:80)
        LOG_LEVEL                  INFO, DEBUG, ... (default INFO)
        LOG_FORMAT                 text or json (default text)
      Logs go to standard output.
      """
          .formatted(DEFAULT_MATHESAR_VERSION);

  public static OperatorConfig fromEnvironment() {
    return fromMap(System.getenv());
  }

  public static OperatorConfig fromMap(Map<String, String> env) {
    return new OperatorConfig(
        parseNamespaces(env.get("WATCH_NAMESPACES")),
        nonBlank(env.get("MATHESAR_DEFAULT_VERSION"), DEFAULT_MATHESAR_VERSION),
        nonBlank(env.get("MATHESAR_IMAGE_REPOSITORY"), "mathesar/mathesar"),
        Integer.parseInt(nonBlank(env.get("HTTP_PORT"), "8080")),
        Boolean.parseBoolean(nonBlank(env.get("LEADER_ELECTION"), "false")),
        nonBlank(env.get("LEADER_ELECTION_NAMESPACE"), null),
        nonBlank(env.get("LEADER_ELECTION_LEASE_NAME"), "mathesar-operator-lock"),
        Integer.parseInt(nonBlank(env.get("POLL_SECONDS"), "15")),
        // Unique per process, so two operators on one host (or in one test) never share a lease.
        nonBlank(env.get("POD_NAME"), nonBlank(env.get("HOSTNAME"), "mathesar-operator"))
            + "-"
            + Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 6),
        Integer.parseInt(nonBlank(env.get("LEADER_ELECTION_LEASE_SECONDS"), "15")),
        nonBlank(env.get("MATHESAR_URL_TEMPLATE"), DEFAULT_MATHESAR_URL_TEMPLATE));
  }

  /**
   * Defaults only: all namespaces, no HTTP server, no leader election. Used by tests and embedding.
   */
  public static OperatorConfig defaults() {
    return fromMap(Map.of("HTTP_PORT", "0"));
  }

  public OperatorConfig withWatchNamespaces(Set<String> namespaces) {
    return new OperatorConfig(
        namespaces,
        defaultMathesarVersion,
        imageRepository,
        httpPort,
        leaderElection,
        leaderElectionNamespace,
        leaderElectionLeaseName,
        pollSeconds,
        leaderElectionIdentity,
        leaseSeconds,
        mathesarUrlTemplate);
  }

  public OperatorConfig withPollSeconds(int seconds) {
    return new OperatorConfig(
        watchNamespaces,
        defaultMathesarVersion,
        imageRepository,
        httpPort,
        leaderElection,
        leaderElectionNamespace,
        leaderElectionLeaseName,
        seconds,
        leaderElectionIdentity,
        leaseSeconds,
        mathesarUrlTemplate);
  }

  /** Leader election through Lease {@code leaseName} in {@code namespace}. */
  public OperatorConfig withLeaderElection(String namespace, int leaseSeconds) {
    return new OperatorConfig(
        watchNamespaces,
        defaultMathesarVersion,
        imageRepository,
        httpPort,
        true,
        namespace,
        leaderElectionLeaseName,
        pollSeconds,
        leaderElectionIdentity,
        leaseSeconds,
        mathesarUrlTemplate);
  }

  public OperatorConfig withHttpPort(int port) {
    return new OperatorConfig(
        watchNamespaces,
        defaultMathesarVersion,
        imageRepository,
        port,
        leaderElection,
        leaderElectionNamespace,
        leaderElectionLeaseName,
        pollSeconds,
        leaderElectionIdentity,
        leaseSeconds,
        mathesarUrlTemplate);
  }

  public OperatorConfig withMathesarUrlTemplate(String template) {
    return new OperatorConfig(
        watchNamespaces,
        defaultMathesarVersion,
        imageRepository,
        httpPort,
        leaderElection,
        leaderElectionNamespace,
        leaderElectionLeaseName,
        pollSeconds,
        leaderElectionIdentity,
        leaseSeconds,
        template);
  }

  /** The base URL of an instance's Service, from {@link #mathesarUrlTemplate}. */
  public java.net.URI mathesarUrl(String service, String namespace) {
    return java.net.URI.create(
        mathesarUrlTemplate.replace("{service}", service).replace("{namespace}", namespace));
  }

  public boolean watchesAllNamespaces() {
    return watchNamespaces.isEmpty();
  }

  static Set<String> parseNamespaces(String value) {
    if (value == null || value.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(value.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  private static String nonBlank(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.trim();
  }
}
