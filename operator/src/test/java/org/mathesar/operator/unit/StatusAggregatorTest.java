package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MathesarStatus;
import org.mathesar.operator.customresource.Phase;
import org.mathesar.operator.status.Conditions;
import org.mathesar.operator.status.StatusAggregator;
import org.mathesar.operator.status.StatusAggregator.Observation;
import org.mathesar.operator.validation.SpecProblem;

class StatusAggregatorTest {
  private static final String NOW = "2024-05-01T10:00:00Z";
  private static final String LATER = "2024-05-01T11:00:00Z";
  private static final SpecProblem CREDS_MISSING =
      new SpecProblem("CredentialsSecretNotFound", "spec.database.external.credentialsSecret.name", "create it");
  private static final SpecProblem BAD_VERSION = new SpecProblem("InvalidVersion", "spec.version", "bad");

  private static MathesarStatus aggregate(Mathesar m, Deployment d) {
    return aggregate(m, List.of(), List.of(), d, "demo-secret-key");
  }

  private static MathesarStatus aggregate(
      Mathesar m, List<SpecProblem> problems, List<SpecProblem> warnings, Deployment d, String keySecret) {
    return StatusAggregator.aggregate(
        new Observation(m, problems, warnings, Optional.ofNullable(d), keySecret), NOW);
  }

  private static Condition condition(MathesarStatus s, String type) {
    return Conditions.find(s.getConditions(), type).orElseThrow(() -> new AssertionError("no condition " + type));
  }

  private static void assertCondition(MathesarStatus s, String type, String status, String reason) {
    var c = condition(s, type);
    assertThat(c.getStatus()).as(type + " status").isEqualTo(status);
    assertThat(c.getReason()).as(type + " reason").isEqualTo(reason);
  }

  private static Mathesar withPreviousVersion(String version) {
    var m = TestResources.mathesar();
    var previous = new MathesarStatus();
    previous.setVersion(version);
    m.setStatus(previous);
    return m;
  }

  // --- phases

  @Test
  void noDeploymentYetIsPending() {
    var s = aggregate(TestResources.mathesar(), null);

    assertThat(s.getPhase()).isEqualTo(Phase.Pending);
    assertCondition(s, "Ready", "False", "Creating");
    assertThat(condition(s, "Ready").getMessage()).isEqualTo("the web Deployment does not exist yet");
    assertCondition(s, "Progressing", "True", "Creating");
    assertCondition(s, "Degraded", "False", "AsExpected");
    assertThat(s.getReplicas()).isZero();
    assertThat(s.getReadyReplicas()).isZero();
    assertThat(s.getVersion()).isNull();
  }

  @Test
  void deploymentNotYetObservedIsProvisioning() {
    // generation 3, controller has seen only 2: even "all ready" counts are stale.
    var s = aggregate(TestResources.mathesar(), TestResources.deployment("0.11.0", 1, 3, 2, 1, 1, 1));

    assertThat(s.getPhase()).isEqualTo(Phase.Provisioning);
    assertCondition(s, "Ready", "False", "PodsNotReady");
    assertCondition(s, "Progressing", "True", "RollingOut");
  }

  @Test
  void podsNotReadyIsProvisioning() {
    var s = aggregate(TestResources.mathesar(), TestResources.deployment("0.11.0", 2, 1, 1, 2, 1, 2));

    assertThat(s.getPhase()).isEqualTo(Phase.Provisioning);
    assertCondition(s, "Ready", "False", "PodsNotReady");
    assertThat(condition(s, "Ready").getMessage()).isEqualTo("1 of 2 pods ready, 2 up to date");
    assertThat(condition(s, "Progressing").getMessage()).isEqualTo("1 of 2 pods ready, 2 up to date");
    assertThat(s.getReplicas()).isEqualTo(2);
    assertThat(s.getReadyReplicas()).isEqualTo(1);
  }

  @Test
  void podsNotUpdatedIsProvisioning() {
    var s = aggregate(TestResources.mathesar(), TestResources.deployment("0.11.0", 1, 1, 1, 1, 1, 0));

    assertThat(s.getPhase()).isEqualTo(Phase.Provisioning);
  }

  @Test
  void oldPodsStillPresentIsProvisioning() {
    // one new pod ready, an old one not yet gone
    var s = aggregate(TestResources.mathesar(), TestResources.deployment("0.11.0", 1, 1, 1, 2, 1, 1));

    assertThat(s.getPhase()).isEqualTo(Phase.Provisioning);
    assertCondition(s, "Progressing", "True", "RollingOut");
  }

  @Test
  void deploymentWithoutStatusIsProvisioning() {
    var d = TestResources.completeDeployment("0.11.0", 1);
    d.setStatus(null);

    var s = aggregate(TestResources.mathesar(), d);

    assertThat(s.getPhase()).isEqualTo(Phase.Provisioning);
    assertThat(s.getReplicas()).isZero();
  }

  @Test
  void completeRolloutIsRunningAndReady() {
    var s = aggregate(TestResources.mathesar(), TestResources.completeDeployment("0.11.0", 2));

    assertThat(s.getPhase()).isEqualTo(Phase.Running);
    assertCondition(s, "Ready", "True", "Running");
    assertThat(condition(s, "Ready").getMessage()).isEqualTo("2 of 2 pods ready, 2 up to date");
    assertCondition(s, "Progressing", "False", "Complete");
    assertCondition(s, "Degraded", "False", "AsExpected");
    assertThat(s.getReplicas()).isEqualTo(2);
    assertThat(s.getReadyReplicas()).isEqualTo(2);
  }

  @Test
  void scaledToZeroIsRunningButNotReady() {
    var s = aggregate(TestResources.mathesar(), TestResources.completeDeployment("0.11.0", 0));

    assertThat(s.getPhase()).isEqualTo(Phase.Running);
    assertCondition(s, "Ready", "False", "ScaledToZero");
    assertCondition(s, "Progressing", "False", "Complete");
  }

  @Test
  void anyProblemIsFailedAndBlocked() {
    var s =
        aggregate(
            TestResources.mathesar(), List.of(BAD_VERSION, CREDS_MISSING), List.of(),
            TestResources.completeDeployment("0.11.0", 1), null);

    assertThat(s.getPhase()).isEqualTo(Phase.Failed);
    assertCondition(s, "Ready", "False", "InvalidVersion");
    assertCondition(s, "Degraded", "True", "InvalidVersion");
    assertThat(condition(s, "Degraded").getMessage())
        .isEqualTo("spec.version: bad; spec.database.external.credentialsSecret.name: create it");
    assertThat(condition(s, "Ready").getMessage()).isEqualTo(condition(s, "Degraded").getMessage());
    assertCondition(s, "Progressing", "False", "Blocked");
  }

  @Test
  void problemWithoutDeploymentIsFailedNotPending() {
    var s = aggregate(TestResources.mathesar(), List.of(CREDS_MISSING), List.of(), null, null);

    assertThat(s.getPhase()).isEqualTo(Phase.Failed);
  }

  // --- DatabaseReady

  @Test
  void databaseReadyWhenExternalDatabaseIsConfigured() {
    var s = aggregate(TestResources.mathesar(), null);

    assertCondition(s, "DatabaseReady", "True", "ExternalDatabaseConfigured");
    assertThat(condition(s, "DatabaseReady").getMessage())
        .startsWith("external PostgreSQL postgres.example.internal:5432/mathesar_django with credentials from Secret db-credentials");
  }

  @Test
  void databaseProblemMakesDatabaseNotReady() {
    var s = aggregate(TestResources.mathesar(), List.of(BAD_VERSION, CREDS_MISSING), List.of(), null, null);

    assertCondition(s, "DatabaseReady", "False", "CredentialsSecretNotFound");
    assertThat(condition(s, "DatabaseReady").getMessage())
        .isEqualTo("spec.database.external.credentialsSecret.name: create it");
  }

  @Test
  void nonDatabaseProblemLeavesDatabaseReady() {
    var s = aggregate(TestResources.mathesar(), List.of(BAD_VERSION), List.of(), null, null);

    assertCondition(s, "DatabaseReady", "True", "ExternalDatabaseConfigured");
  }

  @Test
  void noDatabaseConfiguredIsUnknown() {
    var m = TestResources.mathesar();
    m.getSpec().setDatabase(null);

    var s = aggregate(m, List.of(BAD_VERSION), List.of(), null, null);

    assertCondition(s, "DatabaseReady", "Unknown", "NotConfigured");
  }

  // --- ConfigurationWarning

  @Test
  void noWarnings() {
    assertCondition(aggregate(TestResources.mathesar(), null), "ConfigurationWarning", "False", "None");
  }

  @Test
  void warningsAreShownWithoutFailing() {
    var warnings =
        List.of(
            new SpecProblem("EnvOverrideIgnored", "spec.env", "ignored DEBUG"),
            new SpecProblem("MediaNotShared", "spec.media.accessMode", "use RWX"));

    var s = aggregate(TestResources.mathesar(), List.of(), warnings, TestResources.completeDeployment("0.11.0", 1), "k");

    assertThat(s.getPhase()).isEqualTo(Phase.Running);
    assertCondition(s, "Ready", "True", "Running");
    assertCondition(s, "ConfigurationWarning", "True", "EnvOverrideIgnored");
    assertThat(condition(s, "ConfigurationWarning").getMessage())
        .isEqualTo("spec.env: ignored DEBUG; spec.media.accessMode: use RWX");
  }

  @Test
  void allFiveConditionsAreAlwaysPresent() {
    var s = aggregate(TestResources.mathesar(), null);

    assertThat(s.getConditions())
        .extracting(Condition::getType)
        .containsExactly("Ready", "DatabaseReady", "Progressing", "Degraded", "ConfigurationWarning");
  }

  // --- status.version

  @Test
  void versionIsTakenFromTheDeploymentOnceTheRolloutIsComplete() {
    var s = aggregate(withPreviousVersion("0.10.0"), TestResources.completeDeployment("0.11.0", 1));

    assertThat(s.getVersion()).isEqualTo("0.11.0");
  }

  @Test
  void versionStaysThePreviousOneDuringARollout() {
    var s = aggregate(withPreviousVersion("0.10.0"), TestResources.deployment("0.11.0", 1, 2, 1, 1, 1, 1));

    assertThat(s.getVersion()).isEqualTo("0.10.0");
  }

  @Test
  void versionStaysUnsetBeforeTheFirstCompleteRollout() {
    var s = aggregate(TestResources.mathesar(), TestResources.deployment("0.11.0", 1, 1, 1, 1, 0, 1));

    assertThat(s.getVersion()).isNull();
  }

  @Test
  void versionWithoutDeploymentLabelKeepsThePreviousOne() {
    var s = aggregate(withPreviousVersion("0.10.0"), TestResources.completeDeployment(null, 1));

    assertThat(s.getVersion()).isEqualTo("0.10.0");
  }

  @Test
  void versionIsNotTakenFromTheSpec() {
    var m = withPreviousVersion("0.10.0");
    m.getSpec().setVersion("0.12.0");

    assertThat(aggregate(m, null).getVersion()).isEqualTo("0.10.0");
  }

  // --- other fields

  @Test
  void observedGenerationIsTheResourcesGeneration() {
    var m = TestResources.mathesar();
    m.getMetadata().setGeneration(7L);

    var s = aggregate(m, null);

    assertThat(s.getObservedGeneration()).isEqualTo(7L);
    assertThat(s.getConditions()).extracting(Condition::getObservedGeneration).containsOnly(7L);
  }

  @Test
  void urlIsTheServiceAddressWithoutHostname() {
    assertThat(aggregate(TestResources.mathesar("shop"), null).getUrl())
        .isEqualTo("http://shop.team-a.svc.cluster.local");
  }

  @Test
  void urlIsTheHostnameWhenSet() {
    var m = TestResources.mathesar();
    m.getSpec().setHostname("data.example.com");

    assertThat(aggregate(m, null).getUrl()).isEqualTo("http://data.example.com");
  }

  @Test
  void secretKeySecretIsRecordedAndThenKept() {
    var m = TestResources.mathesar();

    var first = aggregate(m, List.of(), List.of(), null, "demo-secret-key");
    assertThat(first.getSecretKeySecret()).isEqualTo("demo-secret-key");

    m.setStatus(first);
    var second = aggregate(m, List.of(BAD_VERSION), List.of(), null, null);
    assertThat(second.getSecretKeySecret()).isEqualTo("demo-secret-key");
  }

  @Test
  void transitionTimesSurviveAnUnchangedReconciliationAndMoveOnChange() {
    var m = TestResources.mathesar();
    var first = aggregate(m, null);
    m.setStatus(first);

    var second =
        StatusAggregator.aggregate(
            new Observation(m, List.of(), List.of(), Optional.of(TestResources.completeDeployment("0.11.0", 1)), "k"),
            LATER);

    assertThat(condition(second, "Ready").getLastTransitionTime()).isEqualTo(LATER); // False -> True
    assertThat(condition(second, "Progressing").getLastTransitionTime()).isEqualTo(LATER); // True -> False
    assertThat(condition(second, "Degraded").getLastTransitionTime()).isEqualTo(NOW); // False -> False
    assertThat(condition(second, "DatabaseReady").getLastTransitionTime()).isEqualTo(NOW);
    assertThat(condition(second, "ConfigurationWarning").getLastTransitionTime()).isEqualTo(NOW);
  }

  @Test
  void sameObservationTwiceGivesAnEqualStatus() {
    var m = TestResources.mathesar();
    var d = TestResources.completeDeployment("0.11.0", 1);
    var first = aggregate(m, d);
    m.setStatus(first);

    var second =
        StatusAggregator.aggregate(new Observation(m, List.of(), List.of(), Optional.of(d), "demo-secret-key"), LATER);

    assertThat(second).isEqualTo(first);
  }
}
