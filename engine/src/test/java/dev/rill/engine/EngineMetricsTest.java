package dev.rill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The figures added to {@link EngineMetrics} beside the per-worker counters. */
class EngineMetricsTest {

    @Test
    void armedTimersAreCountedWhetherTheyFireOrAreCancelled() throws Exception {
        int fire = 20;
        int cancel = 30;
        try (Engine engine = Engine.builder().workers(2).name("timer-metrics").build()) {
            CountDownLatch fired = new CountDownLatch(fire);
            for (int i = 0; i < fire; i++) {
                engine.schedule(fired::countDown, 1 + i % 5, TimeUnit.MILLISECONDS);
            }
            List<TimerHandle<?>> later = new ArrayList<>();
            for (int i = 0; i < cancel; i++) {
                later.add(engine.schedule(() -> { }, 1, TimeUnit.HOURS));
            }
            later.forEach(TimerHandle::cancel);
            assertThat(fired.await(10, TimeUnit.SECONDS)).isTrue();
            // Arms still in the inbox are counted when the wheel's holder takes them.
            TestSupport.awaitTrue(Duration.ofSeconds(10), "every arm counted",
                    () -> engine.metrics().timersArmed() == fire + cancel);
            EngineMetrics m = engine.metrics();
            assertThat(m.timersFired()).isEqualTo(fire);
            assertThat(m.timersCancelled()).isEqualTo(cancel);
            assertThat(m.timersPending()).isZero();
        }
    }

    @Test
    void eachPeriodOfAPeriodicTimerIsAnArm() throws Exception {
        try (Engine engine = Engine.builder().workers(1).name("periodic-metrics").build()) {
            CountDownLatch runs = new CountDownLatch(5);
            TimerHandle<?> h = engine.schedulePeriodically(runs::countDown, 1, 1, TimeUnit.MILLISECONDS);
            assertThat(runs.await(10, TimeUnit.SECONDS)).isTrue();
            h.cancel();
            // Cancelled while pending, its last arm counts as cancelled; while running, it is not
            // armed again. Either way each arm ends in one firing or one cancel.
            TestSupport.awaitTrue(Duration.ofSeconds(10), "every arm settled", () -> {
                EngineMetrics m = engine.metrics();
                return m.timersPending() == 0 && m.timersArmed() == m.timersFired() + m.timersCancelled();
            });
            EngineMetrics m = engine.metrics();
            assertThat(m.timersFired()).isGreaterThanOrEqualTo(5);
            assertThat(m.timersCancelled()).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void theTableShowsTheNewFigures() {
        try (Engine engine = Engine.builder().workers(2).name("table").build()) {
            String table = engine.metrics().toString();
            assertThat(table).contains("busy ms").contains(" armed, ").contains("schedule delay: ")
                    .contains("stuck workers: 0");
            assertThat(engine.metrics().workers()).hasSize(2).allSatisfy(w -> assertThat(w.busyNanos()).isNotNegative());
        }
    }
}
