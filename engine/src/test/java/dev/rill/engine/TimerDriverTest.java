package dev.rill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The timer thread with workers re-arming periodic timers on busy cores; its pending count. */
class TimerDriverTest {

    /**
     * 20,000 timeouts armed from four threads and all cancelled before they fire, five left armed:
     * pending reads exactly 5 (it read thousands: the cancels waiting in the inbox were counted),
     * and 0 once those are cancelled too.
     */
    @Test
    void pendingCountsOnlyTimersStillArmed() throws Exception {
        try (Engine engine = Engine.builder().workers(2).name("pending").build()) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread th = new Thread(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        engine.schedule(() -> { }, 1, TimeUnit.HOURS).cancel();
                    }
                });
                threads.add(th);
                th.start();
            }
            for (Thread th : threads) {
                th.join(30_000);
            }
            List<TimerHandle<?>> left = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                left.add(engine.schedule(() -> { }, 1, TimeUnit.HOURS));
            }
            // Bounded polling only because the timer thread may hold the wheel at the moment we ask.
            TestSupport.awaitTrue(Duration.ofSeconds(5), "pending == 5", () -> engine.metrics().timersPending() == 5);
            left.forEach(TimerHandle::cancel);
            TestSupport.awaitTrue(Duration.ofSeconds(5), "pending == 0", () -> engine.metrics().timersPending() == 0);
        }
    }

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
