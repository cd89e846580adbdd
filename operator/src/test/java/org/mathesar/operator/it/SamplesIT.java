package org.mathesar.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.status.Conditions;

/** Every file in samples/ is valid against the CRD and reconciles without a problem. */
class SamplesIT extends OperatorTestBase {
  private static final Path SAMPLES = Path.of(System.getProperty("project.root", ".."), "samples");

  @BeforeAll
  static void cloudNativePG() throws IOException {
    installCloudNativePGCrds();
  }

  static Stream<Path> samples() throws IOException {
    return Files.list(SAMPLES)
        .filter(p -> p.toString().endsWith(".yaml"))
        .sorted()
        .toList()
        .stream();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void sampleIsAcceptedAndReconciled(Path sample) throws IOException {
    var ns = newNamespace();
    int mathesars = 0;
    try (var in = Files.newInputStream(sample)) {
      for (HasMetadata item : client.load(in).items()) {
        var created = client.resource(item).inNamespace(ns).createOr(NonDeletingOperation::update);
        if (created instanceof Mathesar || "Mathesar".equals(created.getKind())) {
          mathesars++;
          var name = created.getMetadata().getName();
          // A restore sample names a backup this namespace does not have: it waits, as documented.
          var restores = mathesarResource(ns, name).get().getSpec().getRestoreFrom() != null;
          var m =
              awaitMathesar(
                  ns,
                  name,
                  restores
                      ? condition(Conditions.DEGRADED, "True", "RestoreBackupNotFound")
                      : condition(Conditions.DEGRADED, "False", null));
          assertThat(m.getStatus().getPhase()).as(sample + " " + name).isNotNull();
        }
      }
    }
    assertThat(mathesars).as(sample + " declares at least one Mathesar").isPositive();
  }
}
