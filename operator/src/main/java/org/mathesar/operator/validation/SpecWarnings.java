package org.mathesar.operator.validation;

import java.util.ArrayList;
import java.util.List;
import org.mathesar.operator.customresource.MediaSpec.MediaAccessMode;
import org.mathesar.operator.desired.MathesarEnvironment;
import org.mathesar.operator.desired.PodMetadata;
import org.mathesar.operator.desired.ResolvedInstance;

/** Things that do not stop the operator but that the user should know: shown, never fatal. */
public final class SpecWarnings {
  private SpecWarnings() {}

  public static List<SpecProblem> of(ResolvedInstance instance) {
    var warnings = new ArrayList<SpecProblem>();
    var ignored = MathesarEnvironment.ignoredUserVariables(instance);
    if (!ignored.isEmpty()) {
      warnings.add(
          new SpecProblem(
              "EnvOverrideIgnored",
              "spec.env",
              "the operator sets "
                  + String.join(", ", ignored)
                  + " itself; these entries are ignored (remove them, or use the matching spec field)"));
    }
    var ignoredKeys = PodMetadata.ignoredKeys(instance);
    if (!ignoredKeys.isEmpty()) {
      warnings.add(
          new SpecProblem(
              "PodMetadataIgnored",
              "spec.podLabels, spec.podAnnotations",
              String.join(", ", ignoredKeys)
                  + ": app.kubernetes.io/ labels and mathesar.org/ annotations are the"
                  + " operator's (they select and roll the pods); these entries are ignored, remove them"));
    }
    var mode = instance.media().getAccessMode();
    if (instance.replicas() > 1 && mode != MediaAccessMode.ReadWriteMany) {
      warnings.add(
          new SpecProblem(
              "MediaNotShared",
              "spec.media.accessMode",
              instance.replicas()
                  + " replicas share a "
                  + mode
                  + " media volume: pods on different nodes cannot mount it; use ReadWriteMany storage or 1 replica"));
    }
    return warnings;
  }
}
