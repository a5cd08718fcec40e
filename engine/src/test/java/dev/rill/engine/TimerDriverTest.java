package dev.rill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The timer thread with workers re-arming periodic timers on busy cores. */
class TimerDriverTest {

    /**
     * A periodic timer on an engine whose workers are busy: its re-arms happen on the workers,
     * which link them into the wheel themselves; every period still runs exactly once, in order.
     */
    @Test
    void periodicTimersReArmedByBusyWorkersRunEveryPeriodOnce() throws Exception {
        try (Engine engine = Engine.builder().workers(2).name("rearm").build()) {
            AtomicInteger runs = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            AtomicInteger inFlight = new AtomicInteger();
            CountDownLatch fifty = new CountDownLatch(50);
            AtomicBoolean stop = new AtomicBoolean();
            for (int i = 0; i < 2; i++) {
                new Task(engine) {
                    @Override
                    protected void run() {
                        while (Budget.tryConsume()) {
                            Thread.onSpinWait();
                        }
                        if (!stop.get()) {
                            schedule();
                        }
                    }
                }.schedule();
            }
            TimerHandle<?> h = engine.schedulePeriodically(() -> {
                if (inFlight.incrementAndGet() != 1) {
                    overlaps.incrementAndGet();
                }
                runs.incrementAndGet();
                fifty.countDown();
                inFlight.decrementAndGet();
            }, 1, 1, TimeUnit.MILLISECONDS);
            assertThat(fifty.await(10, TimeUnit.SECONDS)).isTrue();
            h.cancel();
            stop.set(true);
            assertThat(overlaps.get()).isZero();
            assertThat(runs.get()).isGreaterThanOrEqualTo(50);
        }
    }
}
