package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** crds/ is what users install; it must be exactly what the build generates from the Java model. */
class GeneratedCrdTest {
  private static final String FILE = "mathesars.mathesar.org-v1.yml";

  @Test
  void committedCrdMatchesTheGeneratedOne() throws IOException {
    var generated = Path.of("target/classes/META-INF/fabric8", FILE);
    var committed = Path.of(System.getProperty("crds.dir", "../crds"), FILE);
    assertThat(generated).exists();
    assertThat(Files.readString(committed))
        .as("crds/%s is stale: run ./mvnw -Pupdate-crds -pl operator process-classes and commit it", FILE)
        .isEqualTo(Files.readString(generated));
  }
}
