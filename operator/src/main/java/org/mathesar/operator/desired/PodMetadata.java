package org.mathesar.operator.desired;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The labels and annotations of the pods an instance runs: spec.podLabels and spec.podAnnotations,
 * then the operator's own on top. The operator's keys are never the user's: its labels select the
 * pods (a changed one would orphan them from their Deployment and Service) and its annotations roll
 * them.
 */
public final class PodMetadata {
  private PodMetadata() {}

  public static Map<String, String> labels(ResolvedInstance instance, Map<String, String> own) {
    return merge(instance.podLabels(), own, MetadataKeys.OWN_LABEL_PREFIX);
  }

  public static Map<String, String> annotations(
      ResolvedInstance instance, Map<String, String> own) {
    return merge(instance.podAnnotations(), own, MetadataKeys.OWN_ANNOTATION_PREFIX);
  }

  /**
   * The keys of spec.podLabels and spec.podAnnotations that are the operator's: reported, then left
   * out.
   */
  public static List<String> ignoredKeys(ResolvedInstance instance) {
    var labels =
        instance.podLabels().keySet().stream()
            .filter(k -> k.startsWith(MetadataKeys.OWN_LABEL_PREFIX))
            .map(k -> "spec.podLabels." + k);
    var annotations =
        instance.podAnnotations().keySet().stream()
            .filter(k -> k.startsWith(MetadataKeys.OWN_ANNOTATION_PREFIX))
            .map(k -> "spec.podAnnotations." + k);
    return Stream.concat(labels, annotations).sorted().toList();
  }

  private static Map<String, String> merge(
      Map<String, String> user, Map<String, String> own, String ownPrefix) {
    var merged = new LinkedHashMap<String, String>();
    user.forEach(
        (k, v) -> {
          if (!k.startsWith(ownPrefix)) {
            merged.put(k, v);
          }
        });
    merged.putAll(own);
    return merged;
  }
}
