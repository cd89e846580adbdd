package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mathesar.operator.customresource.CloudNativePGSpec;
import org.mathesar.operator.validation.DatabaseClusterValidator;
import org.mathesar.operator.validation.SpecProblem;

class DatabaseClusterValidatorTest {
  private static final String SIZE = "spec.database.cloudNativePG.storage.size";
  private static final String CLASS = "spec.database.cloudNativePG.storage.storageClassName";

  private static CloudNativePGSpec spec(String size, String storageClass) {
    var storage = new CloudNativePGSpec.StorageSpec();
    storage.setSize(size);
    storage.setStorageClassName(storageClass);
    var spec = new CloudNativePGSpec();
    spec.setStorage(storage);
    return spec;
  }

  /** The Cluster as it exists, with spec.storage of the given size and class (null: absent). */
  private static GenericKubernetesResource existing(String size, String storageClass) {
    var storage = new LinkedHashMap<String, Object>();
    if (size != null) {
      storage.put("size", size);
    }
    if (storageClass != null) {
      storage.put("storageClass", storageClass);
    }
    return TestResources.cluster(Map.of("instances", 1, "storage", storage), null);
  }

  private static List<SpecProblem> check(
      CloudNativePGSpec spec, GenericKubernetesResource existing) {
    return DatabaseClusterValidator.check(spec, Optional.ofNullable(existing));
  }

  @Test
  void noClusterYetMeansNothingToCompare() {
    assertThat(check(spec("1Gi", "fast"), null)).isEmpty();
    assertThat(check(new CloudNativePGSpec(), null)).isEmpty();
  }

  @Test
  void unchangedStorageIsAccepted() {
    assertThat(check(spec("5Gi", null), existing("5Gi", null))).isEmpty();
    assertThat(check(spec("5Gi", "fast"), existing("5Gi", "fast"))).isEmpty();
  }

  @Test
  void defaultSpecMatchesTheClusterItMade() {
    // 5Gi and no class: what ClusterFactory writes for a spec with the defaults.
    assertThat(check(new CloudNativePGSpec(), existing("5Gi", null))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"5Gi, 10Gi", "5Gi, 5.5Gi", "1Gi, 1025Mi", "1G, 1Gi", "500Mi, 1Gi"})
  void growingIsAccepted(String current, String wanted) {
    assertThat(check(spec(wanted, null), existing(current, null))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"10Gi, 5Gi", "1Gi, 1023Mi", "1Gi, 1G", "2Ti, 1Ti"})
  void shrinkingIsRefused(String current, String wanted) {
    var problems = check(spec(wanted, null), existing(current, null));

    assertThat(problems)
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("DatabaseStorageShrink", SIZE));
    assertThat(problems.get(0).message())
        .isEqualTo(
            "the database volumes cannot shrink from "
                + current
                + " to "
                + wanted
                + "; set it back to at least "
                + current);
  }

  @Test
  void sameSizeInOtherUnitsIsAccepted() {
    assertThat(check(spec("1024Mi", null), existing("1Gi", null))).isEmpty();
  }

  @Test
  void changedStorageClassIsRefused() {
    var problems = check(spec("5Gi", "slow"), existing("5Gi", "fast"));

    assertThat(problems)
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("DatabaseStorageImmutable", CLASS));
    assertThat(problems.get(0).message())
        .isEqualTo(
            "the database Cluster exists with storage class 'fast', which cannot change; set it back");
  }

  @Test
  void storageClassSetOnAClusterMadeWithTheDefaultIsRefused() {
    var problems = check(spec("5Gi", "fast"), existing("5Gi", null));

    assertThat(problems)
        .extracting(SpecProblem::reason)
        .containsExactly("DatabaseStorageImmutable");
    assertThat(problems.get(0).message()).contains("(cluster default)");
  }

  @Test
  void unsetStorageClassIsNotAChange() {
    // Leaving storageClassName out keeps whatever the Cluster has.
    assertThat(check(spec("5Gi", null), existing("5Gi", "fast"))).isEmpty();
  }

  @Test
  void shrinkAndClassChangeAreBothReported() {
    var problems = check(spec("1Gi", "slow"), existing("5Gi", "fast"));

    assertThat(problems)
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(
            tuple("DatabaseStorageShrink", SIZE), tuple("DatabaseStorageImmutable", CLASS));
  }

  @Test
  void problemsAreDatabaseProblems() {
    // StatusAggregator puts problems under spec.database into DatabaseReady.
    assertThat(check(spec("1Gi", "slow"), existing("5Gi", "fast")))
        .extracting(SpecProblem::field)
        .allMatch(f -> f.startsWith("spec.database"));
  }

  @Test
  void noStorageInTheSpecIsNotChecked() {
    var spec = new CloudNativePGSpec();
    spec.setStorage(null);

    assertThat(check(spec, existing("5Gi", "fast"))).isEmpty();
  }

  @Test
  void noSizeInTheSpecIsNotChecked() {
    assertThat(check(spec(null, null), existing("5Gi", null))).isEmpty();
  }

  @Test
  void clusterWithoutSpecOrStorageHasNoSizeToCompare() {
    assertThat(check(spec("1Gi", null), TestResources.cluster(null, null))).isEmpty();
    assertThat(check(spec("1Gi", null), TestResources.cluster(Map.of("instances", 1), null)))
        .isEmpty();
    assertThat(check(spec("1Gi", null), existing(null, null))).isEmpty();
  }

  @Test
  void clusterWithoutStorageClassRefusesAClass() {
    assertThat(check(spec("1Gi", "fast"), TestResources.cluster(null, null)))
        .extracting(SpecProblem::reason)
        .containsExactly("DatabaseStorageImmutable");
  }

  @Test
  void statusOfTheClusterDoesNotMatter() {
    var cluster =
        TestResources.cluster(
            Map.of("storage", Map.of("size", "5Gi")),
            Map.of("phase", "Cluster in healthy state", "readyInstances", 1));

    assertThat(check(spec("5Gi", null), cluster)).isEmpty();
    assertThat(check(spec("4Gi", null), cluster))
        .extracting(SpecProblem::reason)
        .containsExactly("DatabaseStorageShrink");
  }
}
