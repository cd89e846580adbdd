package org.mathesar.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The chart ships a copy of crds/ (Helm reads crds/ only inside the chart, and a symlink would not
 * survive every checkout and packaging). This keeps the copy from drifting: crds/ itself is checked
 * against the Java model by GeneratedCrdTest.
 */
class ChartCrdTest {
  private static final Path COMMITTED = Charts.ROOT.resolve("crds").resolve(Charts.CRD_FILE);
  private static final Path IN_CHART = Charts.CHART.resolve("crds").resolve(Charts.CRD_FILE);

  @Test
  void chartCrdIsACopyOfCrdsDirectory() throws IOException {
    assertThat(IN_CHART).isRegularFile();
    assertThat(Files.readString(IN_CHART))
        .as("helm/mathesar-operator/crds/%s differs from crds/%s: run"
            + " cp crds/%s helm/mathesar-operator/crds/ and commit it", Charts.CRD_FILE, Charts.CRD_FILE, Charts.CRD_FILE)
        .isEqualTo(Files.readString(COMMITTED));
  }

  @Test
  void chartHasNoOtherCrds() throws IOException {
    try (var files = Files.list(Charts.CHART.resolve("crds"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(Charts.CRD_FILE);
    }
  }

  /** What Helm itself loads from the chart (helm show crds) is the Mathesar CRD of crds/. */
  @Test
  void helmLoadsTheCrdFromTheChart() throws IOException {
    var shown = new Helm(Charts.CHART).show().crds().call();
    var objects = Charts.parse(shown);
    assertThat(objects).singleElement().isInstanceOf(CustomResourceDefinition.class);
    var crd = (CustomResourceDefinition) objects.get(0);
    var expected = Charts.SERIALIZATION.unmarshal(Files.readString(COMMITTED), CustomResourceDefinition.class);
    assertThat(crd.getMetadata().getName()).isEqualTo("mathesars.mathesar.org");
    assertThat(crd).isEqualTo(expected);
  }
}
