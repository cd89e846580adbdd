package org.mathesar.operator.validation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;
import org.mathesar.operator.customresource.MathesarSpec;

/**
 * The host names, HTTPRoute and NetworkPolicy fields: what the schema cannot say on every API
 * server (1.20 runs no CEL rules) or at all (rules across fields).
 */
public final class NetworkingValidator {
  private static final Pattern HOSTNAME = Pattern.compile(MathesarSpec.HOSTNAME_PATTERN);

  private NetworkingValidator() {}

  public static List<SpecProblem> validate(MathesarSpec spec) {
    var problems = new ArrayList<SpecProblem>();
    validateHostnames(spec, problems);
    validateHttpRoute(spec, problems);
    return problems;
  }

  private static void validateHostnames(MathesarSpec spec, List<SpecProblem> problems) {
    var additional = spec.getAdditionalHostnames();
    if (additional == null || additional.isEmpty()) {
      return;
    }
    var field = "spec.additionalHostnames";
    if (spec.getHostname() == null) {
      problems.add(
          new SpecProblem(
              "AdditionalHostnamesNeedHostname",
              field,
              "additional host names are set but spec.hostname is not; set spec.hostname to the main public"
                  + " host name (it gives status.url), or move the first of these to it"));
      return;
    }
    var invalid =
        additional.stream().filter(h -> h == null || !HOSTNAME.matcher(h).matches()).toList();
    if (!invalid.isEmpty()) {
      problems.add(
          new SpecProblem(
              "InvalidHostname",
              field,
              invalid
                  + " are not host names like mathesar.example.com (lower case, no port, no wildcard)"));
    }
    var seen = new HashSet<String>();
    seen.add(spec.getHostname());
    var duplicates = new LinkedHashSet<String>();
    additional.stream().filter(h -> h != null && !seen.add(h)).forEach(duplicates::add);
    if (!duplicates.isEmpty()) {
      problems.add(
          new SpecProblem(
              "DuplicateHostname",
              field,
              duplicates
                  + " listed more than once (spec.hostname counts too); remove the repeats"));
    }
  }

  private static void validateHttpRoute(MathesarSpec spec, List<SpecProblem> problems) {
    var route = spec.getHttpRoute();
    if (route == null || !Boolean.TRUE.equals(route.getEnabled())) {
      return;
    }
    // Django refuses a Host not in ALLOWED_HOSTS, so a route for any host would only answer 400.
    if (spec.getHostname() == null) {
      problems.add(
          new SpecProblem(
              "HttpRouteNeedsHostname",
              "spec.hostname",
              "spec.httpRoute.enabled is true but spec.hostname is not set; set the public host name"));
    }
    var parents = route.getParentRefs();
    if (parents == null || parents.isEmpty()) {
      problems.add(
          new SpecProblem(
              "HttpRouteNeedsParent",
              "spec.httpRoute.parentRefs",
              "spec.httpRoute.enabled is true but no Gateway is named; add a parentRef with the Gateway's name"
                  + " (and namespace, if it is in another namespace)"));
    } else if (parents.stream()
        .anyMatch(p -> p == null || p.getName() == null || p.getName().isBlank())) {
      problems.add(
          new SpecProblem(
              "HttpRouteNeedsParent",
              "spec.httpRoute.parentRefs",
              "every parentRef needs the name of a Gateway"));
    }
  }
}
