package org.mathesar.operator.it;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.mathesar.operator.config.OperatorConfig;

/**
 * The base class's API server, with {@link FakeMathesar} in place of the instances' RPC API: the
 * operator reaches every instance at the fake (MATHESAR_URL_TEMPLATE without {service} or
 * {namespace}); the fake tells the instances apart by their admin credentials, which the operator
 * generates per instance.
 */
abstract class FakeMathesarTestBase extends OperatorTestBase {
  protected static FakeMathesar fake;

  /**
   * The base class's operator would reach the instances at their (non-existent) Service DNS names:
   * it is replaced by one that reaches the fake.
   */
  @BeforeAll
  static void startFakeMathesarAndItsOperator() throws IOException {
    fake = FakeMathesar.start();
    operator.close();
    operator =
        startOperator(
            OperatorConfig.defaults().withMathesarUrlTemplate("http://127.0.0.1:" + fake.port()));
  }

  @AfterAll
  static void stopFakeMathesar() {
    if (fake != null) {
      fake.close();
    }
  }
}
