package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.validation.SecretKeyGuard;
import org.mathesar.operator.validation.SpecProblem;

class SecretKeyGuardTest {
  private static final String KEY = "k3y-that-must-not-leak-0123456789abcdefghijklmnopq";

  @Test
  void newInstanceWithoutSecretMayGenerateOne() {
    assertThat(SecretKeyGuard.check(TestResources.mathesar(), Optional.empty(), false)).isEmpty();
  }

  @Test
  void existingSecretWithTheKeyIsFine() {
    var secret = TestResources.secret("demo-secret-key", Map.of("secret-key", KEY));

    assertThat(SecretKeyGuard.check(TestResources.mathesar(), Optional.of(secret), true)).isEmpty();
    assertThat(SecretKeyGuard.check(TestResources.mathesar(), Optional.of(secret), false))
        .isEmpty();
  }

  @Test
  void deletedSecretOfAnInstanceThatRanIsReportedNotRegenerated() {
    var problem = SecretKeyGuard.check(TestResources.mathesar("shop"), Optional.empty(), true);

    assertThat(problem).isPresent();
    assertThat(problem.get().reason()).isEqualTo("SecretKeyMissing");
    assertThat(problem.get().field()).isEqualTo("Secret team-a/shop-secret-key");
    assertThat(problem.get().message())
        .contains(
            "kubectl -n team-a create secret generic shop-secret-key --from-literal=secret-key=");
  }

  @Test
  void existingSecretWithoutTheKeyIsInvalid() {
    var secret = TestResources.secret("shop-secret-key", Map.of("SECRET_KEY", KEY));

    var problem = SecretKeyGuard.check(TestResources.mathesar("shop"), Optional.of(secret), true);

    assertThat(problem).map(SpecProblem::reason).contains("SecretKeyInvalid");
    assertThat(problem.get().field()).isEqualTo("Secret team-a/shop-secret-key");
    assertThat(problem.get().message())
        .contains("'secret-key'")
        .doesNotContain(KEY)
        .doesNotContain(TestResources.b64(KEY));
  }

  @Test
  void existingSecretWithAnEmptyKeyIsInvalid() {
    var secret = TestResources.secret("shop-secret-key", Map.of("secret-key", ""));

    var problem = SecretKeyGuard.check(TestResources.mathesar("shop"), Optional.of(secret), false);

    assertThat(problem).map(SpecProblem::reason).contains("SecretKeyInvalid");
  }

  @Test
  void existingSecretWithoutDataIsInvalidEvenBeforeTheFirstRun() {
    var secret = TestResources.secret("shop-secret-key", Map.of());
    secret.setData(null);

    assertThat(SecretKeyGuard.check(TestResources.mathesar("shop"), Optional.of(secret), false))
        .map(SpecProblem::reason)
        .contains("SecretKeyInvalid");
  }
}
