package org.mathesar.operator.desired;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import org.mathesar.operator.customresource.ReleaseVersion;

/**
 * The web container's probes, chosen by the version the pods run (docs/objects.md#probes).
 *
 * <p>Liveness and start-up must never depend on the database: an outage would otherwise restart
 * every Mathesar container (seen on real pods: `GET /` redirects to /auth/login/, the kubelet
 * follows redirects, and that page reads the database). Readiness may: a pod that cannot reach its
 * database should leave the Service. Before 0.12.0 Mathesar has no health endpoint, so liveness is
 * a TCP check on gunicorn's port and readiness the login page; 0.12.0 adds /healthz/live/ and
 * /healthz/ready/.
 */
public final class WebProbes {
  /** The first release with /healthz/live/ and /healthz/ready/. */
  public static final String HEALTH_ENDPOINTS_SINCE = "0.12.0";

  /**
   * Gunicorn's boot after collectstatic (an init container, so not counted here) took seconds on
   * real pods; 5 minutes leaves room for a slow node.
   */
  static final int STARTUP_PERIOD_SECONDS = 5;

  static final int STARTUP_FAILURES = 60;

  private WebProbes() {}

  public record Set(Probe startup, Probe liveness, Probe readiness) {}

  public static Set forVersion(String version) {
    if (ReleaseVersion.compare(version, HEALTH_ENDPOINTS_SINCE) >= 0) {
      return new Set(
          http("/healthz/live/", STARTUP_PERIOD_SECONDS, STARTUP_FAILURES),
          http("/healthz/live/", 10, 6),
          http("/healthz/ready/", 10, 3));
    }
    return new Set(
        tcp(STARTUP_PERIOD_SECONDS, STARTUP_FAILURES),
        tcp(10, 6),
        // Reads the database: 200, or 302 to /complete_installation/ before an admin exists.
        http("/auth/login/", 10, 3));
  }

  private static Probe tcp(int periodSeconds, int failureThreshold) {
    return new ProbeBuilder()
        .withNewTcpSocket()
        .withPort(new IntOrString(DeploymentFactory.HTTP_PORT))
        .endTcpSocket()
        .withPeriodSeconds(periodSeconds)
        .withTimeoutSeconds(5)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  /** Django answers 400 to a Host outside ALLOWED_HOSTS; localhost is always in it. */
  private static Probe http(String path, int periodSeconds, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString(DeploymentFactory.HTTP_PORT))
        .withScheme("HTTP")
        .addNewHttpHeader("Host", "localhost")
        .endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .withTimeoutSeconds(5)
        .withFailureThreshold(failureThreshold)
        .build();
  }
}
