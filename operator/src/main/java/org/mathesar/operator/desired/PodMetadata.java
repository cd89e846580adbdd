package org.mathesar.operator.desired;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The labels and annotations of the pods an instance runs: spec.podLabels and spec.podAnnotations,
 * then the operator's own on top. The operator's keys are never the user's: its labels select the
 * pods (a changed one would orphan them from their Deployment and Service) and its annotations roll them.
 */
public final class PodMetadata {
  /** Annotation keys under this prefix belong to the operator. */
  public static final String OWN_ANNOTATION_PREFIX = "mathesar.org/";
  private static final String OWN_LABEL_PREFIX = "app.kubernetes.io/";

  private PodMetadata() {}

  public static Map<String, String> labels(ResolvedInstance instance, Map<String, String> own) {
    return merge(instance.resource().getSpec().getPodLabels(), own, OWN_LABEL_PREFIX);
  }

  public static Map<String, String> annotations(ResolvedInstance instance, Map<String, String> own) {
    return merge(instance.resource().getSpec().getPodAnnotations(), own, OWN_ANNOTATION_PREFIX);
  }

  /** The keys of spec.podLabels and spec.podAnnotations that are the operator's: reported, then left out. */
  public static List<String> ignoredKeys(ResolvedInstance instance) {
    var spec = instance.resource().getSpec();
    var labels = spec.getPodLabels() == null ? Stream.<String>empty()
        : spec.getPodLabels().keySet().stream().filter(k -> k.startsWith(OWN_LABEL_PREFIX)).map(k -> "spec.podLabels." + k);
    var annotations = spec.getPodAnnotations() == null ? Stream.<String>empty()
        : spec.getPodAnnotations().keySet().stream().filter(k -> k.startsWith(OWN_ANNOTATION_PREFIX))
            .map(k -> "spec.podAnnotations." + k);
    return Stream.concat(labels, annotations).sorted().toList();
  }

  private static Map<String, String> merge(Map<String, String> user, Map<String, String> own, String ownPrefix) {
    var merged = new LinkedHashMap<String, String>();
    if (user != null) {
      user.forEach((k, v) -> {
        if (!k.startsWith(ownPrefix)) {
          merged.put(k, v);
        }
      });
    }
    merged.putAll(own);
    return merged;
  }
}
