package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MediaSpec;
import org.mathesar.operator.validation.SpecProblem;
import org.mathesar.operator.validation.SpecWarnings;

class SpecWarningsTest {
  private static List<SpecProblem> warnings(Mathesar m) {
    return SpecWarnings.of(TestResources.resolved(m));
  }

  private static Mathesar replicasWithMode(int replicas, MediaSpec.MediaAccessMode mode) {
    var m = TestResources.mathesar();
    m.getSpec().setReplicas(replicas);
    var media = new MediaSpec();
    media.setAccessMode(mode);
    m.getSpec().setMedia(media);
    return m;
  }

  @Test
  void defaultInstanceHasNoWarnings() {
    assertThat(warnings(TestResources.mathesar())).isEmpty();
  }

  @Test
  void ownedEnvironmentOverridesAreReported() {
    var m = TestResources.mathesar();
    m.getSpec()
        .setEnv(
            List.of(
                TestResources.env("DEBUG", "true"),
                TestResources.env("TZ", "UTC"),
                TestResources.env("POSTGRES_PASSWORD", "hunter2")));

    var warnings = warnings(m);

    assertThat(warnings)
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("EnvOverrideIgnored", "spec.env"));
    assertThat(warnings.get(0).message())
        .startsWith("the operator sets DEBUG, POSTGRES_PASSWORD itself")
        .doesNotContain("TZ")
        .doesNotContain("hunter2");
  }

  @Test
  void harmlessUserEnvironmentIsNotReported() {
    var m = TestResources.mathesar();
    m.getSpec().setEnv(List.of(TestResources.env("TZ", "UTC")));

    assertThat(warnings(m)).isEmpty();
  }

  @Test
  void severalReplicasOnReadWriteOnceMediaAreReported() {
    var warnings = warnings(replicasWithMode(3, MediaSpec.MediaAccessMode.ReadWriteOnce));

    assertThat(warnings)
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("MediaNotShared", "spec.media.accessMode"));
    assertThat(warnings.get(0).message())
        .startsWith("3 replicas share a ReadWriteOnce media volume");
  }

  @Test
  void severalReplicasOnReadWriteOncePodMediaAreReported() {
    assertThat(warnings(replicasWithMode(2, MediaSpec.MediaAccessMode.ReadWriteOncePod)))
        .extracting(SpecProblem::reason)
        .containsExactly("MediaNotShared");
  }

  @Test
  void severalReplicasOnReadWriteManyMediaAreFine() {
    assertThat(warnings(replicasWithMode(3, MediaSpec.MediaAccessMode.ReadWriteMany))).isEmpty();
  }

  @Test
  void oneOrZeroReplicasOnReadWriteOnceMediaAreFine() {
    assertThat(warnings(replicasWithMode(1, MediaSpec.MediaAccessMode.ReadWriteOnce))).isEmpty();
    assertThat(warnings(replicasWithMode(0, MediaSpec.MediaAccessMode.ReadWriteOnce))).isEmpty();
  }

  @Test
  void bothWarningsAreReportedTogether() {
    var m = replicasWithMode(2, MediaSpec.MediaAccessMode.ReadWriteOnce);
    m.getSpec().setEnv(List.of(TestResources.env("SECRET_KEY", "x")));

    assertThat(warnings(m))
        .extracting(SpecProblem::reason)
        .containsExactly("EnvOverrideIgnored", "MediaNotShared");
  }
}
