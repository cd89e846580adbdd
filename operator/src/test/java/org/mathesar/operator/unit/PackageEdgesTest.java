package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Which package may import which (docs/architecture.md#packages): the pure layers never reach the
 * ones that do I/O, so that they stay testable alone, and nothing forms a cycle.
 */
class PackageEdgesTest {
  private static final Path MAIN = Path.of("src/main/java/org/mathesar/operator");
  private static final Pattern IMPORT =
      Pattern.compile(
          "^import (?:static )?org\\.mathesar\\.operator\\.([a-z]+)\\.", Pattern.MULTILINE);

  /** Absent here: the root package and reconciler, which wire everything together. */
  private static final Map<String, Set<String>> ALLOWED =
      Map.ofEntries(
          Map.entry("customresource", Set.of()),
          Map.entry("config", Set.of()),
          Map.entry("lookup", Set.of()),
          Map.entry("database", Set.of()),
          Map.entry("rollout", Set.of("customresource")),
          Map.entry("desired", Set.of("config", "customresource")),
          Map.entry("schedule", Set.of("customresource")),
          Map.entry("validation", Set.of("customresource", "desired", "lookup", "schedule")),
          Map.entry(
              "status", Set.of("customresource", "database", "desired", "rollout", "validation")),
          Map.entry("events", Set.of("customresource", "status")),
          Map.entry("metrics", Set.of("customresource")),
          Map.entry("dependentresource", Set.of("customresource", "desired")),
          Map.entry("rpc", Set.of()),
          // The second controller: the first's pure parts (validation's SpecProblem, DatabaseMode,
          // the database check, Conditions) and its shutdown gate, never its reconciler or
          // dependents.
          Map.entry(
              "connection",
              Set.of(
                  "config",
                  "customresource",
                  "database",
                  "desired",
                  "events",
                  "lookup",
                  "metrics",
                  "reconciler",
                  "rpc",
                  "status",
                  "validation")),
          // The third controller, the same way: the first's pure parts and its shutdown gate.
          Map.entry(
              "backup",
              Set.of(
                  "config",
                  "customresource",
                  "desired",
                  "events",
                  "lookup",
                  "metrics",
                  "reconciler",
                  "rollout",
                  "status",
                  "validation")));

  @Test
  void everyPackageImportsOnlyWhatItMay() throws IOException {
    var found = new TreeSet<String>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (var file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        var pkg =
            MAIN.relativize(file).getNameCount() > 1
                ? MAIN.relativize(file).getName(0).toString()
                : "";
        var allowed = ALLOWED.get(pkg);
        if (allowed == null) {
          continue;
        }
        var m = IMPORT.matcher(Files.readString(file));
        while (m.find()) {
          if (!m.group(1).equals(pkg) && !allowed.contains(m.group(1))) {
            found.add(pkg + " -> " + m.group(1) + " (" + file.getFileName() + ")");
          }
        }
      }
    }
    assertThat(found).as("imports across package edges that are not allowed").isEmpty();
    assertThat(ALLOWED.keySet()).allSatisfy(p -> assertThat(MAIN.resolve(p)).isDirectory());
  }
}
