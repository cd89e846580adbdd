package org.mathesar.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.config.OperatorConfig;
import org.mathesar.operator.customresource.CloudNativePGSpec;
import org.mathesar.operator.customresource.CredentialsSecretRef;
import org.mathesar.operator.customresource.DatabaseSpec;
import org.mathesar.operator.customresource.ExternalDatabaseSpec;
import org.mathesar.operator.customresource.IngressSpec;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.MathesarSpec;
import org.mathesar.operator.customresource.MathesarStatus;
import org.mathesar.operator.desired.ResolvedInstance;
import org.mathesar.operator.lookup.SecretLookup;
import org.mathesar.operator.rollout.RolloutProgress;
import org.mathesar.operator.rollout.RolloutProgress.Stage;
import org.mathesar.operator.validation.SpecProblem;

/** The phases' decisions, each alone and in-process: what they read is handed to them. */
class PhasesTest {
  private static final OperatorConfig CONFIG = OperatorConfig.defaults();
  private static final SecretLookup CREDENTIALS =
      (ns, name) ->
          "db".equals(name)
              ? Optional.of(
                  new SecretBuilder()
                      .withNewMetadata()
                      .withName("db")
                      .withNamespace(ns)
                      .endMetadata()
                      .withData(Map.of("username", "dXNlcg==", "password", "cGFzcw=="))
                      .build())
              : Optional.empty();

  @Test
  void anAcceptedResourceIsResolvedWithTheOperatorsDefaultVersion() {
    var validated =
        ValidationPhase.validate(
            external(), CONFIG, observed(CREDENTIALS, false, new AtomicInteger()));

    assertThat(validated.accepted()).isTrue();
    assertThat(validated.instance().version()).isEqualTo(CONFIG.defaultMathesarVersion());
    assertThat(validated.instance().database().identity())
        .isEqualTo("postgres.example.internal:5432/mathesar_django");
    assertThat(validated.poll()).isFalse();
  }

  @Test
  void aRefusedResourceHasNoInstanceButStillItsTargetForTheStatus() {
    var m = external();
    m.getSpec().setVersion("0.11.0");
    var validated =
        ValidationPhase.validate(
            m, CONFIG, observed((ns, name) -> Optional.empty(), false, new AtomicInteger()));

    assertThat(validated.accepted()).isFalse();
    assertThatThrownBy(validated::instance)
        .as("a refused resource is not handed on")
        .isInstanceOf(IllegalStateException.class);
    assertThat(validated.problems())
        .extracting(SpecProblem::field)
        .anyMatch(f -> f.contains("credentialsSecret"));
    var observation = StatusPhase.refused(m, new MathesarStatus(), validated, Optional.empty());
    assertThat(observation.targetVersion()).isEqualTo("0.11.0");
    assertThat(observation.problems()).isEqualTo(validated.problems());
    assertThat(observation.databaseIdentity()).isNull();
  }

  @Test
  void withoutASpecThereIsNoTarget() {
    var m = external();
    m.setSpec(null);
    var validated =
        ValidationPhase.validate(m, CONFIG, observed(CREDENTIALS, false, new AtomicInteger()));

    assertThat(validated.resolved()).isEmpty();
    assertThat(validated.problems()).extracting(SpecProblem::reason).contains("InvalidSpec");
  }

  @Test
  void cloudNativePGMissingIsAProblemLookedAtAgainAndNoClusterIsRead() {
    var clusterReads = new AtomicInteger();
    var validated =
        ValidationPhase.validate(
            cloudNativePG(), CONFIG, observed(CREDENTIALS, false, clusterReads));

    assertThat(validated.problems())
        .extracting(SpecProblem::reason)
        .containsExactly("CloudNativePGNotInstalled");
    assertThat(validated.poll()).isTrue();
    assertThat(clusterReads).hasValue(0);
  }

  @Test
  void cloudNativePGPresentChecksTheExistingCluster() {
    var clusterReads = new AtomicInteger();
    var validated =
        ValidationPhase.validate(
            cloudNativePG(), CONFIG, observed(CREDENTIALS, true, clusterReads));

    assertThat(validated.accepted()).isTrue();
    assertThat(clusterReads).hasValue(1);
  }

  @Test
  void anInstanceThatHasRunIsNeverGivenANewSecretKey() {
    var deployment =
        Optional.of(
            new DeploymentBuilder().withNewMetadata().withName("demo").endMetadata().build());
    var observed =
        new ValidationPhase.Observed(
            CREDENTIALS,
            Optional.empty(),
            deployment,
            () -> true,
            Optional::empty,
            name -> Optional.empty(),
            false);

    var validated = ValidationPhase.validate(external(), CONFIG, observed);

    assertThat(validated.problems())
        .extracting(SpecProblem::reason)
        .containsExactly("SecretKeyMissing");
  }

  @Test
  void theOptionalObjectsFollowTheirSwitches() {
    var plain = ApplyPhase.Wanted.of(ResolvedInstance.resolve(external(), CONFIG, ""));
    assertThat(plain).isEqualTo(new ApplyPhase.Wanted(false, false, false, false, false));

    var m = cloudNativePG();
    var ingress = new IngressSpec();
    ingress.setEnabled(true);
    m.getSpec().setIngress(ingress);
    m.getSpec().setHostname("mathesar.example.org");
    var both = ApplyPhase.Wanted.of(ResolvedInstance.resolve(m, CONFIG, ""));
    assertThat(both.ingress()).isTrue();
    assertThat(both.cluster()).isTrue();
  }

  @Test
  void finishedJobsGoOnlyOnceTheWrittenStatusHoldsTheirResults() {
    var progress = new RolloutProgress(Stage.DEPLOYED, "0.11.0", true, null, null);
    var rolledOut =
        new RolloutPhase.RolledOut(
            progress, Optional.empty(), Optional.empty(), null, List.of(), Optional.empty(), false);
    var written = new MathesarStatus();
    written.setMigratedVersion("0.11.0");
    assertThat(rolledOut.recordedIn(written)).as("admin not recorded yet").isFalse();
    written.setAdminCreated(true);
    assertThat(rolledOut.recordedIn(written)).isTrue();
    written.setMigratedVersion("0.10.1");
    assertThat(rolledOut.recordedIn(written)).as("an older version recorded").isFalse();
  }

  private static ValidationPhase.Observed observed(
      SecretLookup secrets, boolean cnpgInstalled, AtomicInteger clusterReads) {
    return new ValidationPhase.Observed(
        secrets,
        Optional.empty(),
        Optional.empty(),
        () -> cnpgInstalled,
        () -> {
          clusterReads.incrementAndGet();
          return Optional.empty();
        },
        name -> Optional.empty(),
        false);
  }

  private static Mathesar external() {
    var ext = new ExternalDatabaseSpec();
    ext.setHost("postgres.example.internal");
    ext.setDatabase("mathesar_django");
    ext.setCredentialsSecret(new CredentialsSecretRef("db"));
    var db = new DatabaseSpec();
    db.setExternal(ext);
    var spec = new MathesarSpec();
    spec.setDatabase(db);
    var m = new Mathesar();
    m.getMetadata().setName("demo");
    m.getMetadata().setNamespace("team-a");
    m.getMetadata().setGeneration(1L);
    m.setSpec(spec);
    return m;
  }

  private static Mathesar cloudNativePG() {
    var m = external();
    var db = new DatabaseSpec();
    db.setCloudNativePG(new CloudNativePGSpec());
    m.getSpec().setDatabase(db);
    return m;
  }

  @Test
  void aPreUpgradeMathesarBackupThatCannotStartOrIsNotThisInstancesCountsAsFailed() {
    var m = external();
    m.getMetadata().setCreationTimestamp("2026-12-01T00:00:00Z");
    var status = new MathesarStatus();
    status.setMigratedVersion("0.11.0");
    m.setStatus(status);
    var backup = new org.mathesar.operator.customresource.MathesarBackup();
    backup.getMetadata().setCreationTimestamp("2026-12-07T00:00:00Z");
    var s = new org.mathesar.operator.customresource.MathesarBackupStatus();
    backup.setStatus(s);

    s.setPhase(org.mathesar.operator.customresource.BackupPhase.Pending);
    s.setConditions(
        List.of(
            org.mathesar.operator.status.Conditions.of("Ready", "False", "InstanceNotReady", "")));
    assertThat(PreUpgradeBackup.mathesarBackupState(backup, m))
        .isEqualTo(org.mathesar.operator.rollout.BackupState.RUNNING);
    s.setConditions(
        List.of(
            org.mathesar.operator.status.Conditions.of("Ready", "False", "KeysSecretExists", "")));
    assertThat(PreUpgradeBackup.mathesarBackupState(backup, m))
        .isEqualTo(org.mathesar.operator.rollout.BackupState.FAILED);

    s.setPhase(org.mathesar.operator.customresource.BackupPhase.Completed);
    s.setVersion("0.11.0");
    assertThat(PreUpgradeBackup.mathesarBackupState(backup, m))
        .isEqualTo(org.mathesar.operator.rollout.BackupState.COMPLETED);
    s.setVersion("0.10.1");
    assertThat(PreUpgradeBackup.mathesarBackupState(backup, m))
        .as("a backup of another version")
        .isEqualTo(org.mathesar.operator.rollout.BackupState.FAILED);
    s.setVersion("0.11.0");
    backup.getMetadata().setCreationTimestamp("2026-11-01T00:00:00Z");
    assertThat(PreUpgradeBackup.mathesarBackupState(backup, m))
        .as("a backup older than the instance")
        .isEqualTo(org.mathesar.operator.rollout.BackupState.FAILED);
  }
}
