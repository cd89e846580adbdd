package org.mathesar.operator.desired;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;

/**
 * Requests and limits of every Mathesar container when spec.resources is unset, from what a pod
 * used on real pods (docs/benchmarks.md#requests-and-limits): with the default 3 gunicorn workers,
 * 225 MiB at rest and 228 MiB at the peak of 4 users paging through a 10,000-row table, 0.004 cores
 * at rest and 0.6 under that load. Memory follows the worker count, since each worker is a Django
 * process of its own. No CPU limit: a limit throttles a request that could have used an idle core,
 * and CPU, unlike memory, is taken back from a busy pod without killing it.
 */
public final class DefaultResources {
  /** What every Mathesar pod is scheduled with: enough for a pod at rest, none to waste. */
  static final String CPU_REQUEST = "50m";

  /** Per gunicorn worker, and once for the rest of the pod (gunicorn's master, Python itself). */
  static final int MEBIBYTES_PER_WORKER = 64;

  /**
   * Never less: a migration Job or collect-static is one Django process however few workers the web
   * pods run.
   */
  static final int MIN_LIMIT_MEBIBYTES = 512;

  private DefaultResources() {}

  /** A new object each time: fabric8's builders share what they are given. */
  public static ResourceRequirements forWorkers(int workers) {
    var request = MEBIBYTES_PER_WORKER * (workers + 1);
    var limit = Math.max(MIN_LIMIT_MEBIBYTES, 2 * request);
    return new ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity(CPU_REQUEST))
        .addToRequests("memory", new Quantity(request + "Mi"))
        .addToLimits("memory", new Quantity(limit + "Mi"))
        .build();
  }
}
