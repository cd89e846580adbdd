package org.mathesar.operator.desired;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import java.util.ArrayList;
import org.mathesar.operator.customresource.MediaSpec.MediaAccessMode;

/**
 * Where web pods may run. With ReadWriteOnce media every pod must be on the node that holds the
 * volume, or a rolling update's new pod would wait forever for it: a required pod affinity to the
 * instance's own web pods on kubernetes.io/hostname does that. The scheduler lets a pod whose term
 * matches only itself go anywhere, so the first pod is free. spec.affinity is kept and added to.
 */
public final class WebPlacement {
  public static final String HOSTNAME_TOPOLOGY = "kubernetes.io/hostname";

  private WebPlacement() {}

  /**
   * spec.topologySpreadConstraints, or by default with ReadWriteMany media a soft spread over
   * nodes. The default is there for one replica too: added only above one, a scale-up by an
   * autoscaler would change the pod template and roll every pod. ReadWriteOnce and ReadWriteOncePod
   * media keep all pods on one node, so spreading them is not possible.
   */
  public static java.util.List<TopologySpreadConstraint> topologySpread(ResolvedInstance instance) {
    var user = instance.topologySpreadConstraints();
    if (user != null || instance.media().getAccessMode() != MediaAccessMode.ReadWriteMany) {
      return user;
    }
    return java.util.List.of(
        new TopologySpreadConstraintBuilder()
            .withMaxSkew(1)
            .withTopologyKey(HOSTNAME_TOPOLOGY)
            .withWhenUnsatisfiable("ScheduleAnyway")
            .withNewLabelSelector()
            .withMatchLabels(Labels.selector(instance.resource()))
            .endLabelSelector()
            .build());
  }

  public static Affinity affinity(ResolvedInstance instance) {
    var user = instance.affinity();
    if (instance.media().getAccessMode() != MediaAccessMode.ReadWriteOnce) {
      return user;
    }
    var sameNode =
        new PodAffinityTermBuilder()
            .withNewLabelSelector()
            .withMatchLabels(Labels.selector(instance.resource()))
            .endLabelSelector()
            .withTopologyKey(HOSTNAME_TOPOLOGY)
            .build();
    var affinity = user == null ? new AffinityBuilder().build() : new AffinityBuilder(user).build();
    var podAffinity =
        affinity.getPodAffinity() == null
            ? new io.fabric8.kubernetes.api.model.PodAffinity()
            : affinity.getPodAffinity();
    var terms =
        new ArrayList<>(
            podAffinity.getRequiredDuringSchedulingIgnoredDuringExecution() == null
                ? java.util.List.of()
                : podAffinity.getRequiredDuringSchedulingIgnoredDuringExecution());
    terms.add(sameNode);
    podAffinity.setRequiredDuringSchedulingIgnoredDuringExecution(terms);
    affinity.setPodAffinity(podAffinity);
    return affinity;
  }
}
