package org.mathesar.operator.desired;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.mathesar.operator.customresource.Mathesar;

/** The public host names of an instance: spec.hostname first, then spec.additionalHostnames. */
public final class Hostnames {
  private Hostnames() {}

  /** Empty without spec.hostname: validation refuses additional names without it. */
  public static List<String> of(Mathesar m) {
    var spec = m.getSpec();
    if (spec == null || spec.getHostname() == null) {
      return List.of();
    }
    var names = new LinkedHashSet<String>();
    names.add(spec.getHostname());
    if (spec.getAdditionalHostnames() != null) {
      names.addAll(spec.getAdditionalHostnames());
    }
    return new ArrayList<>(names);
  }
}
