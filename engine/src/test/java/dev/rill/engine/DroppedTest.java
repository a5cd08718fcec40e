package dev.rill.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Work a closing engine drops unrun is never dropped silently: every path by which work waits (a
 * pending timer, a periodic one, an ordered worker's queue, the run queues, the blocking pool and
 * its workers, a future) tells a {@link Rejectable} once, or cancels a future, with an error naming
 * the engine.
 */
@Timeout(30)
class DroppedTest {

    /** A Rejectable that records what happened to it. */
    static final class Probe implements Rejectable {
        final AtomicInteger runs = new AtomicInteger();
        final AtomicInteger told = new AtomicInteger();
        final AtomicReference<RejectedExecutionException> cause = new AtomicReference<>();
        final CountDownLatch settled = new CountDownLatch(1);

        @Override
        public void run() {
            runs.incrementAndGet();
            settled.countDown();
        }

        @Override
        public void rejected(RejectedExecutionException why) {
            told.incrementAndGet();
            cause.set(why);
            settled.countDown();
        }

        void assertToldOnce(String engine) throws InterruptedException {
            assertThat(settled.await(10, TimeUnit.SECONDS)).as("settled").isTrue();
            assertThat(runs.get()).isZero();
            assertThat(told.get()).isEqualTo(1);
            assertThat(cause.get()).hasMessageContaining("'" + engine + "'");
        }
    }

    @Test
    void pendingTimersOneShotAndPeriodicAreToldAtClose() throws Exception {
        Engine engine = Engine.builder().workers(1).name("timers").build();
        Probe once = new Probe();
        Probe periodic = new Probe();
        Probe onWorker = new Probe();
        engine.schedule(once, 1, TimeUnit.HOURS);
        engine.schedulePeriodically(periodic, 1, 1, TimeUnit.HOURS);
        engine.createWorker().schedule(onWorker, 1, TimeUnit.HOURS);
        TimerHandle<?> plain = engine.schedule(() -> { }, 1, TimeUnit.HOURS);
        engine.close();
        once.assertToldOnce("timers");
        periodic.assertToldOnce("timers");
        onWorker.assertToldOnce("timers");
        assertThat(plain.isCancelled()).isTrue();
        assertThatThrownBy(plain::get).isInstanceOf(CancellationException.class); // no wait for ever
    }

    @Test
    void queuedWorkIsToldWhenTheCloseTimeoutRunsOut() throws Exception {
        Engine engine = Engine.builder().workers(1).name("queued").closeTimeout(Duration.ofMillis(100)).build();
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        engine.execute(() -> {
            blocked.countDown();
            awaitUninterruptibly(never, 300); // outlives the close timeout
        });
        assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
        Probe direct = new Probe();
        Probe scheduled = new Probe();
        Probe ordered = new Probe();
        engine.execute(direct);
        engine.schedule(scheduled);
        engine.createWorker().schedule(ordered);
        Future<String> future = engine.submit(() -> "never");
        engine.close();
        direct.assertToldOnce("queued");
        scheduled.assertToldOnce("queued");
        ordered.assertToldOnce("queued");
        // Told by the worker as it finally exits, just after the others: bounded polling.
        TestSupport.awaitTrue(Duration.ofSeconds(10), "future cancelled", future::isCancelled);
    }

    @Test
    void aWorkerRejectedWithTheEngineRefusesLaterTasks() throws Exception {
        Engine engine = Engine.builder().workers(1).name("worker").build();
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        engine.execute(() -> {
            blocked.countDown();
            awaitUninterruptibly(release, 10_000);
        });
        assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
        Scheduler.Worker w = engine.createWorker();
        Probe first = new Probe();
        w.schedule(first);
        List<Runnable> left = engine.shutdownNow(); // interrupts the blocked task
        assertThat(left).isEmpty(); // the worker is a task: told, not handed back
        first.assertToldOnce("worker");
        assertThatThrownBy(() -> w.schedule(new Probe())).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void blockingPoolWorkIsToldWhenItsCloseRunsOut() throws Exception {
        Engine engine = Engine.builder().workers(1).blockingThreads(1).name("blocking")
                .closeTimeout(Duration.ofMillis(100)).build();
        CountDownLatch blocked = new CountDownLatch(1);
        engine.blocking().execute(() -> {
            blocked.countDown();
            awaitUninterruptibly(new CountDownLatch(1), 300);
        });
        assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
        Probe direct = new Probe();
        Probe onWorker = new Probe();
        Probe onLimited = new Probe();
        Probe delayed = new Probe();
        engine.blocking().execute(direct);
        engine.blocking().createWorker().schedule(onWorker);
        engine.blocking().limited(1, 10).execute(onLimited);
        engine.blocking().schedule(delayed, 1, TimeUnit.HOURS);
        engine.close();
        direct.assertToldOnce("blocking");
        onWorker.assertToldOnce("blocking");
        onLimited.assertToldOnce("blocking");
        delayed.assertToldOnce("blocking");
    }

    @Test
    void aTaskScheduledOnAClosedEngineHearsItFromTheCallNotTheHook() throws Exception {
        Engine engine = Engine.builder().workers(1).name("late").build();
        engine.close();
        Probe p = new Probe();
        assertThatThrownBy(() -> engine.createWorker()).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> engine.execute(p)).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> engine.blocking().execute(p)).isInstanceOf(RejectedExecutionException.class);
        assertThat(p.told.get()).isZero();
    }

    /** Waits up to {@code ms}, ignoring interrupts: a task that outlives a close timeout. */
    private static void awaitUninterruptibly(CountDownLatch latch, long ms) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (System.nanoTime() < end) {
            try {
                if (latch.await(end - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                    return;
                }
            } catch (InterruptedException ignored) {
                // keep waiting: this task outlives the interrupt on purpose
            }
        }
    }
}
