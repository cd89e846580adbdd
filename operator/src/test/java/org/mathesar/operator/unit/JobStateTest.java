package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.rollout.JobState;

class JobStateTest {
  private static Job job(JobStatus status) {
    return new JobBuilder()
        .withNewMetadata()
        .withName("demo-migrate-0-11-0")
        .endMetadata()
        .withStatus(status)
        .build();
  }

  private static JobStatusBuilder status() {
    return new JobStatusBuilder();
  }

  private static JobStatus withCondition(String type, String conditionStatus) {
    return status()
        .addToConditions(
            new JobConditionBuilder().withType(type).withStatus(conditionStatus).build())
        .build();
  }

  @Test
  void jobWithoutStatusIsRunning() {
    assertThat(JobState.of(job(null))).isEqualTo(JobState.RUNNING);
  }

  @Test
  void jobWithEmptyStatusIsRunning() {
    assertThat(JobState.of(job(status().build()))).isEqualTo(JobState.RUNNING);
  }

  @Test
  void jobWithAnActivePodIsRunning() {
    assertThat(JobState.of(job(status().withActive(1).build()))).isEqualTo(JobState.RUNNING);
  }

  @Test
  void jobWithAFailedPodButRetriesLeftIsRunning() {
    assertThat(JobState.of(job(status().withActive(1).withFailed(1).build())))
        .isEqualTo(JobState.RUNNING);
  }

  @Test
  void completeConditionIsSucceeded() {
    assertThat(JobState.of(job(withCondition("Complete", "True")))).isEqualTo(JobState.SUCCEEDED);
  }

  @Test
  void failedConditionIsFailed() {
    assertThat(JobState.of(job(withCondition("Failed", "True")))).isEqualTo(JobState.FAILED);
  }

  @Test
  void conditionsThatAreNotTrueDoNotCount() {
    assertThat(JobState.of(job(withCondition("Complete", "False")))).isEqualTo(JobState.RUNNING);
    assertThat(JobState.of(job(withCondition("Failed", "False")))).isEqualTo(JobState.RUNNING);
    assertThat(JobState.of(job(withCondition("Failed", "Unknown")))).isEqualTo(JobState.RUNNING);
  }

  @Test
  void failureTargetAloneIsStillRunning() {
    // Kubernetes 1.31+ sets FailureTarget first and Failed once the pods are gone.
    assertThat(JobState.of(job(withCondition("FailureTarget", "True"))))
        .isEqualTo(JobState.RUNNING);
    assertThat(JobState.of(job(withCondition("Suspended", "True")))).isEqualTo(JobState.RUNNING);
  }

  @Test
  void succeededPodCountIsSucceededWithoutACondition() {
    assertThat(JobState.of(job(status().withSucceeded(1).build()))).isEqualTo(JobState.SUCCEEDED);
  }

  @Test
  void zeroSucceededPodsIsRunning() {
    assertThat(JobState.of(job(status().withSucceeded(0).build()))).isEqualTo(JobState.RUNNING);
  }

  @Test
  void failedConditionWinsOverAFalseComplete() {
    var status =
        status()
            .addToConditions(
                new JobConditionBuilder().withType("Complete").withStatus("False").build())
            .addToConditions(
                new JobConditionBuilder().withType("Failed").withStatus("True").build())
            .withFailed(2)
            .build();

    assertThat(JobState.of(job(status))).isEqualTo(JobState.FAILED);
  }

  @Test
  void completeAfterSuccessCriteriaMetIsSucceeded() {
    var status =
        status()
            .addToConditions(
                new JobConditionBuilder().withType("SuccessCriteriaMet").withStatus("True").build())
            .addToConditions(
                new JobConditionBuilder().withType("Complete").withStatus("True").build())
            .withSucceeded(1)
            .build();

    assertThat(JobState.of(job(status))).isEqualTo(JobState.SUCCEEDED);
  }
}
