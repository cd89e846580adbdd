package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.GunicornSpec;
import org.mathesar.operator.desired.DefaultResources;
import org.mathesar.operator.desired.DeploymentFactory;
import org.mathesar.operator.desired.JobFactory;

class DefaultResourcesTest {
  @Test
  void theDefaultWorkersGetWhatWasMeasuredWithRoomAboveThePeak() {
    var resources = DefaultResources.forWorkers(new GunicornSpec().getWorkers());

    assertThat(resources.getRequests())
        .containsEntry("cpu", new Quantity("50m"))
        .containsEntry("memory", new Quantity("256Mi"));
    assertThat(resources.getLimits()).containsOnlyKeys("memory");
    assertThat(resources.getLimits()).containsEntry("memory", new Quantity("512Mi"));
  }

  @Test
  void memoryFollowsTheWorkersButNeverBelowWhatOneDjangoProcessNeeds() {
    assertThat(DefaultResources.forWorkers(1).getLimits())
        .containsEntry("memory", new Quantity("512Mi"));
    assertThat(DefaultResources.forWorkers(1).getRequests())
        .containsEntry("memory", new Quantity("128Mi"));
    assertThat(DefaultResources.forWorkers(8).getRequests())
        .containsEntry("memory", new Quantity("576Mi"));
    assertThat(DefaultResources.forWorkers(8).getLimits())
        .containsEntry("memory", new Quantity("1152Mi"));
  }

  @Test
  void everyMathesarContainerHasThemWhenTheSpecSaysNothingAndTheUsersOwnOtherwise() {
    var m = TestResources.mathesar();
    var instance = TestResources.resolved(m);
    var pod =
        DeploymentFactory.build(instance, "0.11.0", "mathesar/mathesar:0.11.0")
            .getSpec()
            .getTemplate()
            .getSpec();
    var expected = DefaultResources.forWorkers(3);
    assertThat(pod.getContainers().get(0).getResources()).isEqualTo(expected);
    assertThat(pod.getInitContainers().get(0).getResources()).isEqualTo(expected);
    assertThat(
            JobFactory.migration(instance, true)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getResources())
        .isEqualTo(expected);

    var own = new ResourceRequirementsBuilder().addToLimits("cpu", new Quantity("2")).build();
    m.getSpec().setResources(own);
    assertThat(TestResources.resolved(m).resources()).as("as written, not merged").isEqualTo(own);
  }
}
