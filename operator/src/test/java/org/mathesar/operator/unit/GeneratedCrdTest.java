package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** crds/ is what users install; it must be exactly what the build generates from the Java model. */
class GeneratedCrdTest {
  private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
  private static final Path COMMITTED = Path.of(System.getProperty("crds.dir", "../crds"));

  /** One CRD per custom resource: Mathesar, MathesarDatabase and MathesarBackup. */
  static List<String> crdFiles() {
    return List.of(
        "mathesars.mathesar.org-v1.yml",
        "mathesardatabases.mathesar.org-v1.yml",
        "mathesarbackups.mathesar.org-v1.yml");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crdFiles")
  void committedCrdMatchesTheGeneratedOne(String file) throws IOException {
    var generated = GENERATED.resolve(file);
    var committed = COMMITTED.resolve(file);
    assertThat(generated).exists();
    assertThat(committed)
        .as(
            "crds/%s is missing: run ./mvnw -Pupdate-crds -pl operator process-classes and commit it",
            file)
        .exists();
    assertThat(Files.readString(committed))
        .as(
            "crds/%s is stale: run ./mvnw -Pupdate-crds -pl operator process-classes and commit it",
            file)
        .isEqualTo(Files.readString(generated));
  }

  /**
   * The build generates exactly these CRDs, and crds/ holds exactly them: none missing, none left
   * over.
   */
  @Test
  void generatedAndCommittedCrdsAreTheSameFiles() throws IOException {
    assertThat(yamlFiles(GENERATED))
        .as("generated CRDs")
        .containsExactlyInAnyOrderElementsOf(crdFiles());
    assertThat(yamlFiles(COMMITTED)).as("crds/").containsExactlyInAnyOrderElementsOf(crdFiles());
  }

  private static List<String> yamlFiles(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yml") || n.endsWith(".yaml"))
          .toList();
    }
  }
}
