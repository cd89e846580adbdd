package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.lookup.SecretValues;

class SecretValuesTest {
  @Test
  void dataIsDecodedAndStringDataReadAsIs() {
    var secret =
        new SecretBuilder()
            .withData(Map.of("password", TestResources.b64("pä:ss")))
            .withStringData(Map.of("username", "mathesar"))
            .build();

    assertThat(SecretValues.of(secret, "password")).contains("pä:ss");
    assertThat(SecretValues.of(secret, "username")).contains("mathesar");
    assertThat(SecretValues.of(secret, "missing")).isEmpty();
    assertThat(SecretValues.of(new SecretBuilder().build(), "password")).isEmpty();
  }
}
