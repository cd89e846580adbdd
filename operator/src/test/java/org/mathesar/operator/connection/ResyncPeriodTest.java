package org.mathesar.operator.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.customresource.MathesarDatabaseSpec;

class ResyncPeriodTest {
  static MathesarDatabaseSpec spec(String period) {
    var s = new MathesarDatabaseSpec();
    s.setResyncPeriod(period);
    return s;
  }

  @Test
  void goDurations() {
    assertThat(ResyncPeriod.of(spec(null))).isEqualTo(Duration.ofMinutes(5));
    assertThat(ResyncPeriod.of(spec("1h30m"))).isEqualTo(Duration.ofMinutes(90));
    assertThat(ResyncPeriod.of(spec("45s"))).isEqualTo(Duration.ofSeconds(45));
    assertThat(ResyncPeriod.of(spec("1s"))).as("floored").isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void failuresComeBackSoonerButNotSoonerThanAsked() {
    assertThat(ResyncPeriod.afterFailure(spec(null))).isEqualTo(Duration.ofSeconds(30));
    assertThat(ResyncPeriod.afterFailure(spec("20s"))).isEqualTo(Duration.ofSeconds(20));
  }
}
