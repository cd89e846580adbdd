package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.PodSpec;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mathesar.operator.customresource.CaCertificateRef;
import org.mathesar.operator.customresource.Mathesar;
import org.mathesar.operator.customresource.SslMode;
import org.mathesar.operator.database.CheckResult.Outcome;
import org.mathesar.operator.database.ConnectionCheckClassifier;
import org.mathesar.operator.database.ConnectionTarget;
import org.mathesar.operator.desired.DeploymentFactory;
import org.mathesar.operator.desired.JobFactory;
import org.mathesar.operator.desired.MathesarEnvironment;
import org.mathesar.operator.validation.SpecProblem;

/**
 * sslMode verify-ca and verify-full: the CA Secret is required, checked, mounted and named by
 * PGSSLROOTCERT.
 */
class DatabaseCaTest {
  private static final String PEM =
      "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

  private static Mathesar verifying(SslMode mode, String caSecret) {
    var m = TestResources.mathesar();
    TestResources.external(m).setSslMode(mode);
    if (caSecret != null) {
      TestResources.external(m).setCaSecret(new CaCertificateRef(caSecret));
    }
    return m;
  }

  private static List<SpecProblem> validate(
      Mathesar m, io.fabric8.kubernetes.api.model.Secret... extra) {
    var all =
        Stream.concat(Stream.of(TestResources.credentials()), Stream.of(extra))
            .toArray(io.fabric8.kubernetes.api.model.Secret[]::new);
    return TestResources.validate(m, TestResources.lookup(all), Optional.empty());
  }

  @ParameterizedTest
  @EnumSource(
      value = SslMode.class,
      names = {"VERIFY_CA", "VERIFY_FULL"})
  void verifyingModesNeedACaSecret(SslMode mode) {
    assertThat(validate(verifying(mode, null)))
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("InvalidDatabase", "spec.database.external.caSecret"));
  }

  @Test
  void theCaSecretMustExistAndHoldItsKey() {
    assertThat(validate(verifying(SslMode.VERIFY_FULL, "db-ca")))
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("CaSecretNotFound", "spec.database.external.caSecret.name"));
    assertThat(
            validate(
                verifying(SslMode.VERIFY_FULL, "db-ca"),
                TestResources.secret("db-ca", Map.of("tls.crt", PEM))))
        .extracting(SpecProblem::reason, SpecProblem::field)
        .containsExactly(tuple("CaSecretKeyMissing", "spec.database.external.caSecret.key"));
    assertThat(
            validate(
                verifying(SslMode.VERIFY_FULL, "db-ca"),
                TestResources.secret("db-ca", Map.of("ca.crt", PEM))))
        .isEmpty();
  }

  @Test
  void everyContainerReadsTheCaFileNamedByPgsslrootcert() {
    var instance = TestResources.resolved(verifying(SslMode.VERIFY_CA, "db-ca"));
    var env = MathesarEnvironment.build(instance);
    assertThat(env)
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("PGSSLROOTCERT");
              assertThat(e.getValue()).isEqualTo("/etc/mathesar/db-ca/ca.crt");
            });
    assertThat(env)
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("PGSSLMODE");
              assertThat(e.getValue()).isEqualTo("verify-ca");
            });
    for (PodSpec pod :
        List.of(
            DeploymentFactory.build(instance, instance.version(), instance.image())
                .getSpec()
                .getTemplate()
                .getSpec(),
            JobFactory.migration(instance, false).getSpec().getTemplate().getSpec(),
            JobFactory.admin(instance).getSpec().getTemplate().getSpec())) {
      var volume =
          pod.getVolumes().stream()
              .filter(v -> v.getName().equals("db-ca"))
              .findFirst()
              .orElseThrow();
      assertThat(volume.getSecret().getSecretName()).isEqualTo("db-ca");
      assertThat(volume.getSecret().getItems())
          .extracting(i -> i.getKey(), i -> i.getPath())
          .containsExactly(tuple("ca.crt", "ca.crt"));
      Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream())
          .forEach(
              c ->
                  assertThat(c.getVolumeMounts())
                      .anySatisfy(
                          mount -> {
                            assertThat(mount.getName()).isEqualTo("db-ca");
                            assertThat(mount.getMountPath()).isEqualTo("/etc/mathesar/db-ca");
                            assertThat(mount.getReadOnly()).isTrue();
                          }));
      assertThat(PodSecurityTest.restrictedViolations(pod)).isEmpty();
    }
  }

  @Test
  void withoutACaSecretNothingIsMounted() {
    var instance = TestResources.resolved(TestResources.mathesar());
    var pod =
        DeploymentFactory.build(instance, instance.version(), instance.image())
            .getSpec()
            .getTemplate()
            .getSpec();
    assertThat(pod.getVolumes()).noneMatch(v -> v.getName().equals("db-ca"));
    assertThat(MathesarEnvironment.build(instance))
        .noneMatch(e -> e.getName().equals("PGSSLROOTCERT"));
  }

  @Test
  void aCertificateTheCaDoesNotVouchForIsARefusalNotANetworkFailure() {
    var target =
        new ConnectionTarget("pg.app.svc", 5432, "m", "u", "secret-pw", "verify-full", PEM);
    var handshake =
        new SQLException(
            "SSL error: PKIX path building failed",
            "08006",
            new javax.net.ssl.SSLHandshakeException("PKIX path building failed"));

    var result = ConnectionCheckClassifier.classify(target, handshake);

    assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(result.reason()).isEqualTo("TlsVerificationFailed");
    assertThat(result.message()).contains("caSecret").doesNotContain("secret-pw");
    assertThat(target.fingerprint())
        .isNotEqualTo(
            new ConnectionTarget("pg.app.svc", 5432, "m", "u", "secret-pw", "verify-full", "other")
                .fingerprint());
  }
}
