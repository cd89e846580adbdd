package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mathesar.operator.customresource.ReleaseVersion;

class ReleaseVersionTest {
  @ParameterizedTest
  @CsvSource({
    "0.10.0, 0.11.0, -1",
    "0.11.0, 0.10.0, 1",
    "0.11.0, 0.11.0, 0",
    "0.9.9, 0.10.0, -1",
    "1.0.0, 0.99.99, 1",
    "0.12.0-rc1, 0.12.0, -1",
    "0.12.0, 0.12.0-rc1, 1",
    "0.12.0-rc1, 0.12.0-rc2, -1",
  })
  void ordersReleases(String a, String b, int sign) {
    assertThat(Integer.signum(ReleaseVersion.compare(a, b))).isEqualTo(sign);
  }
}
