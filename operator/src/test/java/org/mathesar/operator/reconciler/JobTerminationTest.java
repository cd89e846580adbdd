package org.mathesar.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobTerminationTest {
  private static ContainerStateTerminated ended(int exitCode, String message) {
    return new ContainerStateTerminatedBuilder()
        .withExitCode(exitCode)
        .withMessage(message)
        .build();
  }

  @Test
  void aFailedContainerSpeaksEvenWhenAnEarlierOneSucceededWithItsOwnMessage() {
    assertThat(
            JobTermination.pick(
                List.of(
                    ended(0, "{\"databaseBytes\":1,\"mediaBytes\":2}"),
                    ended(1, "S3Unreachable: cannot reach S3 endpoint http://nowhere\n"))))
        .contains("S3Unreachable: cannot reach S3 endpoint http://nowhere");
  }

  @Test
  void aFailedInitContainerSpeaksWhenTheMainOneNeverRan() {
    assertThat(JobTermination.pick(List.of(ended(1, "BackupNotFound: no backup.json"))))
        .contains("BackupNotFound: no backup.json");
  }

  @Test
  void withoutAFailureTheLastContainerSpeaks() {
    assertThat(JobTermination.pick(List.of(ended(0, "dumped"), ended(0, "uploaded"))))
        .contains("uploaded");
    assertThat(JobTermination.pick(List.of(ended(0, "dumped"), ended(0, " "))))
        .as("a blank message says nothing")
        .contains("dumped");
    assertThat(JobTermination.pick(List.of(ended(0, null)))).isEmpty();
  }

  @Test
  void aFailedContainerThatSaidNothingIsNamedByItsReasonNotByAnEarlierSuccess() {
    var killed =
        new ContainerStateTerminatedBuilder().withExitCode(137).withReason("OOMKilled").build();
    assertThat(
            JobTermination.pick(
                List.of(ended(0, "{\"databaseBytes\":1,\"mediaBytes\":2}"), killed)))
        .contains("OOMKilled (exit 137): it said nothing; read the log of this Job");
  }
}
