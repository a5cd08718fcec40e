package dev.rill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TimerDriverTest {

    /**
     * A timer thread the OS has not run (here: never started) while its deadline passes: a worker's
     * assist fires the due timer, once, and only when the thread really is late.
     */
    @Test
    void aWorkerFiresDueTimersWhenTheTimerThreadIsLate() throws Exception {
        try (Engine engine = Engine.builder().workers(1).name("assist").build()) {
            TimerDriver idle = new TimerDriver(engine, "never-started");
            CountDownLatch ran = new CountDownLatch(1);
            ScheduledTask<?> t = ScheduledTask.oneShot(idle, null, ran::countDown, null, 1, TimeUnit.MILLISECONDS);
            idle.arm(t); // from the test thread: through the inbox
            long armedAt = System.nanoTime();
            idle.sleepingUntil(TimerHost.ticksCeil(idle.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1)));

            idle.assist(System.nanoTime()); // not due yet: nothing happens
            assertThat(idle.assists()).isZero();

            while (System.nanoTime() - armedAt < TimeUnit.MILLISECONDS.toNanos(2)) {
                Thread.onSpinWait(); // let the deadline pass (a measured wait, not a hand-off)
            }
            idle.assist(System.nanoTime());
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(idle.assists()).isEqualTo(1);
            assertThat(idle.fired()).isEqualTo(1);

            idle.assist(System.nanoTime()); // the wheel is empty now: the published deadline says so
            assertThat(idle.assists()).isEqualTo(1);
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
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
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
