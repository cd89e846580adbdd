package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.config.OperatorConfig;

class OperatorConfigTest {
  private static Map<String, String> env(String... kv) {
    var map = new HashMap<String, String>();
    for (int i = 0; i < kv.length; i += 2) {
      map.put(kv[i], kv[i + 1]);
    }
    return map;
  }

  @Test
  void emptyEnvironmentGivesTheDocumentedDefaults() {
    var config = OperatorConfig.fromMap(Map.of());

    assertThat(config.watchNamespaces()).isEmpty();
    assertThat(config.watchesAllNamespaces()).isTrue();
    assertThat(config.defaultMathesarVersion()).isEqualTo("0.11.0");
    assertThat(config.imageRepository()).isEqualTo("mathesar/mathesar");
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.leaderElection()).isFalse();
    assertThat(config.leaderElectionNamespace()).isNull();
    assertThat(config.leaderElectionLeaseName()).isEqualTo("mathesar-operator-lock");
    assertThat(config.pollSeconds()).isEqualTo(15);
  }

  @Test
  void pollSecondsIsRead() {
    assertThat(OperatorConfig.fromMap(env("POLL_SECONDS", "5")).pollSeconds()).isEqualTo(5);
    assertThat(OperatorConfig.fromMap(env("POLL_SECONDS", " 60 ")).pollSeconds()).isEqualTo(60);
  }

  @Test
  void blankPollSecondsFallsBackToTheDefault() {
    assertThat(OperatorConfig.fromMap(env("POLL_SECONDS", "")).pollSeconds()).isEqualTo(15);
    assertThat(OperatorConfig.fromMap(env("POLL_SECONDS", "  ")).pollSeconds()).isEqualTo(15);
    assertThat(OperatorConfig.defaults().pollSeconds()).isEqualTo(15);
  }

  @Test
  void withPollSecondsReplacesOnlyThePollInterval() {
    var config =
        OperatorConfig.fromMap(
            env(
                "HTTP_PORT",
                "1234",
                "MATHESAR_DEFAULT_VERSION",
                "0.9.0",
                "WATCH_NAMESPACES",
                "a,b",
                "LEADER_ELECTION",
                "true",
                "LEADER_ELECTION_LEASE_NAME",
                "my-lock"));

    var faster = config.withPollSeconds(1);

    assertThat(faster.pollSeconds()).isEqualTo(1);
    assertThat(config.pollSeconds()).isEqualTo(15);
    assertThat(faster.httpPort()).isEqualTo(1234);
    assertThat(faster.defaultMathesarVersion()).isEqualTo("0.9.0");
    assertThat(faster.watchNamespaces()).containsExactlyInAnyOrder("a", "b");
    assertThat(faster.leaderElection()).isTrue();
    assertThat(faster.leaderElectionLeaseName()).isEqualTo("my-lock");
    assertThat(faster.imageRepository()).isEqualTo(config.imageRepository());
  }

  @Test
  void withWatchNamespacesKeepsThePollInterval() {
    var config = OperatorConfig.fromMap(env("POLL_SECONDS", "7"));

    assertThat(config.withWatchNamespaces(Set.of("x")).pollSeconds()).isEqualTo(7);
  }

  @Test
  void helpNamesPollSeconds() {
    assertThat(OperatorConfig.HELP).contains("POLL_SECONDS").contains("default 15");
  }

  @Test
  void defaultsTurnTheHttpServerOff() {
    var config = OperatorConfig.defaults();

    assertThat(config.httpPort()).isZero();
    assertThat(config.watchesAllNamespaces()).isTrue();
    assertThat(config.leaderElection()).isFalse();
  }

  @Test
  void watchNamespacesAreSplitOnCommasAndTrimmed() {
    var config = OperatorConfig.fromMap(env("WATCH_NAMESPACES", " team-a, team-b ,,team-c,"));

    assertThat(config.watchNamespaces()).containsExactlyInAnyOrder("team-a", "team-b", "team-c");
    assertThat(config.watchesAllNamespaces()).isFalse();
  }

  @Test
  void singleWatchNamespace() {
    assertThat(OperatorConfig.fromMap(env("WATCH_NAMESPACES", "prod")).watchNamespaces())
        .containsExactly("prod");
  }

  @Test
  void duplicateWatchNamespacesCollapse() {
    assertThat(OperatorConfig.fromMap(env("WATCH_NAMESPACES", "a,a, a")).watchNamespaces())
        .containsExactly("a");
  }

  @Test
  void blankWatchNamespacesMeanAll() {
    assertThat(OperatorConfig.fromMap(env("WATCH_NAMESPACES", "")).watchesAllNamespaces()).isTrue();
    assertThat(OperatorConfig.fromMap(env("WATCH_NAMESPACES", "   ")).watchesAllNamespaces())
        .isTrue();
    assertThat(OperatorConfig.fromMap(env("WATCH_NAMESPACES", " , ,")).watchesAllNamespaces())
        .isTrue();
  }

  @Test
  void everySettingIsRead() {
    var config =
        OperatorConfig.fromMap(
            env(
                "MATHESAR_DEFAULT_VERSION", " 0.10.1 ",
                "MATHESAR_IMAGE_REPOSITORY", "registry.local/mathesar",
                "HTTP_PORT", "9090",
                "LEADER_ELECTION", "true",
                "LEADER_ELECTION_NAMESPACE", "ops",
                "LEADER_ELECTION_LEASE_NAME", "my-lock"));

    assertThat(config.defaultMathesarVersion()).isEqualTo("0.10.1");
    assertThat(config.imageRepository()).isEqualTo("registry.local/mathesar");
    assertThat(config.httpPort()).isEqualTo(9090);
    assertThat(config.leaderElection()).isTrue();
    assertThat(config.leaderElectionNamespace()).isEqualTo("ops");
    assertThat(config.leaderElectionLeaseName()).isEqualTo("my-lock");
  }

  @Test
  void blankValuesFallBackToDefaults() {
    var config =
        OperatorConfig.fromMap(
            env(
                "MATHESAR_DEFAULT_VERSION", " ",
                "MATHESAR_IMAGE_REPOSITORY", "",
                "HTTP_PORT", " ",
                "LEADER_ELECTION", "",
                "LEADER_ELECTION_LEASE_NAME", "  "));

    assertThat(config.defaultMathesarVersion()).isEqualTo("0.11.0");
    assertThat(config.imageRepository()).isEqualTo("mathesar/mathesar");
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.leaderElection()).isFalse();
    assertThat(config.leaderElectionLeaseName()).isEqualTo("mathesar-operator-lock");
  }

  @Test
  void leaderElectionIsOnlyTurnedOnByTrue() {
    assertThat(OperatorConfig.fromMap(env("LEADER_ELECTION", "TRUE")).leaderElection()).isTrue();
    assertThat(OperatorConfig.fromMap(env("LEADER_ELECTION", "yes")).leaderElection()).isFalse();
    assertThat(OperatorConfig.fromMap(env("LEADER_ELECTION", "false")).leaderElection()).isFalse();
  }

  @Test
  void withWatchNamespacesReplacesOnlyTheNamespaces() {
    var config =
        OperatorConfig.fromMap(env("HTTP_PORT", "1234", "MATHESAR_DEFAULT_VERSION", "0.9.0"));

    var narrowed = config.withWatchNamespaces(Set.of("x"));

    assertThat(narrowed.watchNamespaces()).containsExactly("x");
    assertThat(narrowed.httpPort()).isEqualTo(1234);
    assertThat(narrowed.defaultMathesarVersion()).isEqualTo("0.9.0");
    assertThat(config.watchesAllNamespaces()).isTrue();
  }

  @Test
  void helpNamesTheDefaultVersion() {
    assertThat(OperatorConfig.HELP).contains("default 0.11.0").contains("WATCH_NAMESPACES");
  }
}
