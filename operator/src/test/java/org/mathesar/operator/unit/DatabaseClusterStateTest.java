package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.desired.ClusterFactory;
import org.mathesar.operator.reconciler.DatabaseClusterState;

class DatabaseClusterStateTest {
  private static final String HEALTHY = "Cluster in healthy state";

  private static Map<String, Object> condition(String type, String status) {
    return Map.of("type", type, "status", status, "reason", "r", "message", "m");
  }

  private static Map<String, Object> status(
      String phase, Integer readyInstances, List<Map<String, Object>> conditions) {
    var status = new LinkedHashMap<String, Object>();
    if (phase != null) {
      status.put("phase", phase);
    }
    if (readyInstances != null) {
      status.put("readyInstances", readyInstances);
    }
    if (conditions != null) {
      status.put("conditions", conditions);
    }
    return status;
  }

  private static GenericKubernetesResource cluster(int instances, Map<String, Object> status) {
    return TestResources.cluster(Map.of("instances", instances), status);
  }

  // --- readiness

  @Test
  void readyConditionTrueIsReady() {
    var state =
        DatabaseClusterState.of(
            cluster(1, status(HEALTHY, 1, List.of(condition("Ready", "True")))));

    assertThat(state.ready()).isTrue();
    assertThat(state).isEqualTo(new DatabaseClusterState(true, HEALTHY, 1, 1));
  }

  @Test
  void readyConditionWinsOverReadyInstances() {
    // CloudNativePG says not Ready (e.g. switching over) although an instance answers.
    var notReady =
        DatabaseClusterState.of(
            cluster(3, status("Switchover in progress", 2, List.of(condition("Ready", "False")))));
    assertThat(notReady.ready()).isFalse();
    assertThat(notReady.readyInstances()).isEqualTo(2);

    var ready =
        DatabaseClusterState.of(
            cluster(1, status(HEALTHY, 0, List.of(condition("Ready", "True")))));
    assertThat(ready.ready()).isTrue();
  }

  @Test
  void unknownReadyConditionIsNotReady() {
    var state =
        DatabaseClusterState.of(
            cluster(1, status(HEALTHY, 1, List.of(condition("Ready", "Unknown")))));

    assertThat(state.ready()).isFalse();
  }

  @Test
  void withoutAReadyConditionOneReadyInstanceIsEnough() {
    // Versions of CloudNativePG without conditions: readyInstances decides.
    assertThat(DatabaseClusterState.of(cluster(3, status(HEALTHY, 1, null))).ready()).isTrue();
    assertThat(DatabaseClusterState.of(cluster(3, status("Setting up primary", 0, null))).ready())
        .isFalse();
    assertThat(
            DatabaseClusterState.of(cluster(1, status("Setting up primary", null, null))).ready())
        .isFalse();
  }

  @Test
  void otherConditionsAreIgnored() {
    var conditions =
        List.of(condition("LastBackupSucceeded", "True"), condition("ContinuousArchiving", "True"));

    assertThat(DatabaseClusterState.of(cluster(1, status(HEALTHY, 0, conditions))).ready())
        .isFalse();
    assertThat(DatabaseClusterState.of(cluster(1, status(HEALTHY, 1, conditions))).ready())
        .isTrue();
  }

  @Test
  void readyConditionAmongOthersCounts() {
    var conditions = List.of(condition("ContinuousArchiving", "True"), condition("Ready", "False"));

    assertThat(DatabaseClusterState.of(cluster(1, status(HEALTHY, 1, conditions))).ready())
        .isFalse();
  }

  @Test
  void clusterWithoutStatusIsNotReady() {
    var state = DatabaseClusterState.of(cluster(2, null));

    assertThat(state).isEqualTo(new DatabaseClusterState(false, "no status yet", 0, 2));
  }

  @Test
  void clusterWithoutSpecCountsOneInstance() {
    var state = DatabaseClusterState.of(TestResources.cluster(null, null));

    assertThat(state.instances()).isEqualTo(1);
    assertThat(state.ready()).isFalse();
  }

  @Test
  void numbersOfAnyJsonTypeAreRead() {
    var state =
        DatabaseClusterState.of(
            TestResources.cluster(
                Map.of("instances", 3L), Map.of("readyInstances", 2L, "phase", HEALTHY)));

    assertThat(state.instances()).isEqualTo(3);
    assertThat(state.readyInstances()).isEqualTo(2);
  }

  @Test
  void malformedFieldsAreTreatedAsAbsent() {
    var cluster =
        TestResources.cluster(
            Map.of("instances", "three"),
            Map.of("readyInstances", "two", "phase", 7, "conditions", "Ready"));

    var state = DatabaseClusterState.of(cluster);

    assertThat(state).isEqualTo(new DatabaseClusterState(false, "no status yet", 0, 1));
  }

  @Test
  void describeSaysHowManyInstancesAreReadyAndThePhase() {
    var state = DatabaseClusterState.of(cluster(3, status(HEALTHY, 2, null)));

    assertThat(state.describe()).isEqualTo("2/3 instances ready, phase: Cluster in healthy state");
    assertThat(DatabaseClusterState.of(cluster(1, null)).describe())
        .isEqualTo("0/1 instances ready, phase: no status yet");
  }

  // --- backupMethod

  private static java.util.Optional<String> backupMethod(Map<String, Object> spec) {
    return DatabaseClusterState.backupMethod(TestResources.cluster(spec, null))
        .map(org.mathesar.operator.desired.ClusterBackupMethod::method);
  }

  @Test
  void theMajorVersionIsWhatCloudNativePGReportsOfTheDataDirectory() {
    var reported =
        TestResources.cluster(
            Map.of(),
            Map.of(
                "pgDataImageInfo",
                Map.of("image", "ghcr.io/cloudnative-pg/postgresql:13.18", "majorVersion", 13)));
    assertThat(DatabaseClusterState.majorVersion(reported)).contains(13);
    assertThat(DatabaseClusterState.majorVersion(TestResources.cluster(Map.of(), Map.of())))
        .isEmpty();
    assertThat(DatabaseClusterState.majorVersion(TestResources.cluster(null, null))).isEmpty();
  }

  @Test
  void aPluginArchivingTheWalIsTheBackupMethodWithItsName() {
    var plugins =
        List.of(
            Map.of("name", "other.example.org"),
            Map.of("name", "barman-cloud.cloudnative-pg.io", "isWALArchiver", true));
    var method =
        DatabaseClusterState.backupMethod(TestResources.cluster(Map.of("plugins", plugins), null))
            .orElseThrow();
    assertThat(method.method()).isEqualTo("plugin");
    assertThat(method.plugin()).isEqualTo("barman-cloud.cloudnative-pg.io");
    assertThat(method.deprecated()).isFalse();
    var disabled =
        List.of(
            Map.of(
                "name", "barman-cloud.cloudnative-pg.io", "isWALArchiver", true, "enabled", false));
    assertThat(backupMethod(Map.of("plugins", disabled))).isEmpty();
  }

  @Test
  void theLegacyObjectStoreIsDeprecated() {
    var backup = Map.of("barmanObjectStore", Map.of("destinationPath", "s3://backups/demo"));
    assertThat(
            DatabaseClusterState.backupMethod(TestResources.cluster(Map.of("backup", backup), null))
                .orElseThrow()
                .deprecated())
        .isTrue();
  }

  @Test
  void theGeneratedClusterCarriesTheMethodOfTheSpec() {
    var m = TestResources.cloudNativePG();
    var backup = new org.mathesar.operator.customresource.CloudNativePGBackupSpec();
    var barman = new org.mathesar.operator.customresource.CloudNativePGBackupSpec.BarmanCloud();
    barman.setObjectStore("mathesar-store");
    backup.setBarmanCloud(barman);
    m.getSpec().getDatabase().getCloudNativePG().setBackup(backup);
    var plugin = ClusterFactory.build(TestResources.resolved(m));
    assertThat(DatabaseClusterState.backupMethod(plugin))
        .contains(
            new org.mathesar.operator.desired.ClusterBackupMethod(
                "plugin", "barman-cloud.cloudnative-pg.io"));
    @SuppressWarnings("unchecked")
    var spec = (Map<String, Object>) plugin.getAdditionalProperties().get("spec");
    assertThat(spec.get("plugins"))
        .isEqualTo(
            List.of(
                Map.of(
                    "name",
                    "barman-cloud.cloudnative-pg.io",
                    "enabled",
                    true,
                    "isWALArchiver",
                    true,
                    "parameters",
                    Map.of("barmanObjectName", "mathesar-store"))));

    backup.setBarmanCloud(null);
    var snapshot =
        new org.mathesar.operator.customresource.CloudNativePGBackupSpec.VolumeSnapshot();
    snapshot.setClassName("csi-hostpath-snapclass");
    backup.setVolumeSnapshot(snapshot);
    assertThat(
            backupMethod(
                (Map<String, Object>)
                    ClusterFactory.build(TestResources.resolved(m))
                        .getAdditionalProperties()
                        .get("spec")))
        .contains("volumeSnapshot");
  }

  @Test
  void clusterMadeByTheOperatorHasNoBackup() {
    var cluster = ClusterFactory.build(TestResources.resolved(TestResources.cloudNativePG()));

    assertThat(DatabaseClusterState.backupMethod(cluster)).isEmpty();
  }

  @Test
  void barmanObjectStoreIsABackupMethod() {
    var backup = Map.of("barmanObjectStore", Map.of("destinationPath", "s3://backups/demo"));

    assertThat(backupMethod(Map.of("backup", backup))).contains("barmanObjectStore");
  }

  @Test
  void volumeSnapshotIsABackupMethod() {
    var backup = Map.of("volumeSnapshot", Map.of("className", "csi-snapclass"));

    assertThat(backupMethod(Map.of("backup", backup))).contains("volumeSnapshot");
  }

  @Test
  void barmanObjectStoreWinsOverVolumeSnapshot() {
    var backup =
        Map.of(
            "volumeSnapshot", Map.of("className", "csi-snapclass"),
            "barmanObjectStore", Map.of("destinationPath", "s3://backups/demo"));

    assertThat(backupMethod(Map.of("backup", backup))).contains("barmanObjectStore");
  }

  @Test
  void pluginsAloneAreNoBackupMethod() {
    var plugins = List.of(Map.of("name", "barman-cloud.cloudnative-pg.io"));

    assertThat(backupMethod(Map.of("plugins", plugins))).isEmpty();
  }

  @Test
  void pluginsDoNotHideAConfiguredMethod() {
    var plugins = List.of(Map.of("name", "barman-cloud.cloudnative-pg.io"));
    var backup = Map.of("volumeSnapshot", Map.of("className", "csi-snapclass"));

    assertThat(backupMethod(Map.of("plugins", plugins, "backup", backup)))
        .contains("volumeSnapshot");
  }

  @Test
  void backupWithoutAMethodIsNoBackupMethod() {
    assertThat(backupMethod(Map.of("backup", Map.of()))).isEmpty();
    assertThat(backupMethod(Map.of("backup", Map.of("retentionPolicy", "30d")))).isEmpty();
    assertThat(backupMethod(Map.of("backup", "yes"))).isEmpty();
    assertThat(backupMethod(Map.of("plugins", List.of()))).isEmpty();
  }

  @Test
  void nullMethodIsNoBackupMethod() {
    var backup = new LinkedHashMap<String, Object>();
    backup.put("barmanObjectStore", null);
    backup.put("volumeSnapshot", null);

    assertThat(backupMethod(Map.of("backup", backup))).isEmpty();
  }

  @Test
  void clusterWithoutSpecHasNoBackup() {
    assertThat(DatabaseClusterState.backupMethod(TestResources.cluster(null, null))).isEmpty();
  }

  // --- WAL archiving

  @Test
  void failingContinuousArchivingIsReportedWithWhatCloudNativePGSaid() {
    var failing = new java.util.HashMap<>(condition("ContinuousArchiving", "False"));
    failing.put("message", "x".repeat(400));
    var c = cluster(1, status(HEALTHY, 1, List.of(condition("Ready", "True"), failing)));
    assertThat(DatabaseClusterState.archivingFailure(c))
        .hasValueSatisfying(m -> assertThat(m).hasSize(303).endsWith("x..."));
    assertThat(DatabaseClusterState.of(c).ready()).as("the database still serves").isTrue();
  }

  @Test
  void workingOrUnreportedArchivingIsNoFailure() {
    assertThat(
            DatabaseClusterState.archivingFailure(
                cluster(1, status(HEALTHY, 1, List.of(condition("ContinuousArchiving", "True"))))))
        .isEmpty();
    assertThat(
            DatabaseClusterState.archivingFailure(
                cluster(1, status(HEALTHY, 1, List.of(condition("Ready", "True"))))))
        .isEmpty();
    assertThat(DatabaseClusterState.archivingFailure(TestResources.cluster(null, null))).isEmpty();
  }
}
