package dev.rill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BusyClockTest {

    @Test
    void busyTimeGrowsWhileBusyAndStandsStillWhileIdle() {
        BusyClock c = new BusyClock();
        long a = c.busyNanos();
        spin(2_000_000);
        long b = c.busyNanos();
        assertThat(b - a).isGreaterThanOrEqualTo(2_000_000);
        c.idle();
        long idleStart = c.busyNanos();
        spin(2_000_000);
        assertThat(c.busyNanos()).isEqualTo(idleStart); // the idle time is not counted
        c.busy();
        long afterWake = c.busyNanos();
        assertThat(afterWake).isBetween(idleStart, idleStart + 1_000_000); // nor after waking
    }

    @Test
    void aWorkerSpinningInATaskCountsAsBusy() throws Exception {
        try (Engine engine = Engine.builder().workers(1).name("busy-time").build()) {
            long before = engine.metrics().busyNanos();
            AtomicLong spun = new AtomicLong();
            CountDownLatch done = new CountDownLatch(1);
            engine.execute(() -> {
                long start = System.nanoTime();
                spin(50_000_000);
                spun.set(System.nanoTime() - start);
                done.countDown();
            });
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            // The worker parks again when the task is done; read once it has.
            TestSupport.awaitTrue(Duration.ofSeconds(10), "the worker parked",
                    () -> engine.metrics().parked() == 1);
            long busy = engine.metrics().busyNanos();
            assertThat(busy - before).isGreaterThanOrEqualTo(spun.get());
            assertThat(engine.metrics().busyNanos()).isEqualTo(busy); // parked: it stands still
        }
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
