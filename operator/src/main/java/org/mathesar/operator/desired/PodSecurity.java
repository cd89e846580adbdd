package org.mathesar.operator.desired;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;

/**
 * The security contexts of Mathesar's pods: by default what the restricted Pod Security Standard
 * asks. Mathesar runs as a non-root user with a read-only root filesystem when /tmp, /code/static
 * and /code/.media are writable (checked with an image built from source), which the pods provide
 * as volumes. spec.podSecurityContext and spec.securityContext replace these for images that need
 * otherwise.
 */
public final class PodSecurity {
  /** Not root, and not an id the image gives a name to: Mathesar needs no user entry. */
  public static final long USER_ID = 1000;

  public static final String TMP_VOLUME = "tmp";
  public static final String TMP_DIR = "/tmp";

  private PodSecurity() {}

  public static PodSecurityContext pod(ResolvedInstance instance) {
    var own = instance.podSecurityContext();
    return own != null ? own : restrictedPod();
  }

  /** What the restricted Pod Security Standard asks of a pod, as the operator's pods run. */
  public static PodSecurityContext restrictedPod() {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(USER_ID)
        .withRunAsGroup(USER_ID)
        // The media volume is made writable for that group by the kubelet.
        .withFsGroup(USER_ID)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  public static SecurityContext container(ResolvedInstance instance) {
    var own = instance.securityContext();
    return own != null ? own : restrictedContainer();
  }

  /** What the restricted Pod Security Standard asks of a container. */
  public static SecurityContext restrictedContainer() {
    return new SecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .build();
  }
}
