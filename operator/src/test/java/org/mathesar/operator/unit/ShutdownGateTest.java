package org.mathesar.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.reconciler.ShutdownGate;

class ShutdownGateTest {

  @Test
  void anOpenGateLetsReconciliationsInSideBySide() {
    var gate = new ShutdownGate();
    assertThat(gate.enter()).isTrue();
    assertThat(gate.enter()).isTrue();
    gate.exit();
    gate.exit();
    assertThat(gate.close(Duration.ZERO)).isTrue();
  }

  @Test
  void closingWaitsForTheReconciliationInFlightAndThenLetsNoneIn() throws Exception {
    var gate = new ShutdownGate();
    var inside = new CountDownLatch(1);
    var mayFinish = new CountDownLatch(1);
    var reconciliation =
        CompletableFuture.runAsync(
            () -> {
              assertThat(gate.enter()).isTrue();
              inside.countDown();
              try {
                mayFinish.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                gate.exit();
              }
            });
    assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

    var closing = CompletableFuture.supplyAsync(() -> gate.close(Duration.ofSeconds(30)));
    // Closed for newcomers at once, while the one inside still runs.
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(gate::isClosed);
    assertThat(gate.enter()).isFalse();
    assertThat(closing).isNotDone();

    mayFinish.countDown();
    assertThat(closing.get(10, TimeUnit.SECONDS)).as("all finished in time").isTrue();
    reconciliation.get(10, TimeUnit.SECONDS);
    assertThat(gate.enter()).isFalse();
  }

  @Test
  void closingGivesUpAfterTheTimeoutWhenAReconciliationHangs() {
    var gate = new ShutdownGate();
    var stuck = CompletableFuture.runAsync(() -> assertThat(gate.enter()).isTrue());
    stuck.join(); // entered on another thread and never left

    assertThat(gate.close(Duration.ofMillis(50))).isFalse();
    assertThat(gate.enter()).isFalse();
  }
}
