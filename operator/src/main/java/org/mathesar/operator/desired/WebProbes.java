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
   * The startup probe asks every second, so a pod is let through within a second of gunicorn
   * listening (at 5 s it waited 2.5 s on average); 300 tries keep the 5 minutes a slow node may
   * need.
   */
  static final int STARTUP_PERIOD_SECONDS = 1;

  static final int STARTUP_FAILURES = 300;

  /**
   * Readiness is probed only after startup succeeded, at the next tick of its own period: 5 s (was
   * 10) halves that wait, and a lost database takes a pod out of the Service within 15 s.
   */
  static final int READINESS_PERIOD_SECONDS = 5;

  private WebProbes() {}

  public record Set(Probe startup, Probe liveness, Probe readiness) {}

  public static Set forVersion(String version) {
    if (ReleaseVersion.compare(version, HEALTH_ENDPOINTS_SINCE) >= 0) {
      return new Set(
          http("/healthz/live/", STARTUP_PERIOD_SECONDS, STARTUP_FAILURES),
          http("/healthz/live/", 10, 6),
          http("/healthz/ready/", READINESS_PERIOD_SECONDS, 3));
    }
    return new Set(
        tcp(STARTUP_PERIOD_SECONDS, STARTUP_FAILURES),
        tcp(10, 6),
        // Reads the database: 200, or 302 to /complete_installation/ before an admin exists.
        http("/auth/login/", READINESS_PERIOD_SECONDS, 3));
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
