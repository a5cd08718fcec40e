package dev.rill.engine.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.Engine;
import dev.rill.engine.OrderedWorkerStress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What both libraries' schedulers promise and Rill's adapters keep, written once: workers ordered
 * and never overlapping, disposal that drops pending, delayed and periodic tasks, delays never
 * early, periodic tasks that stop when disposed, a monotonic clock on the wall-clock epoch. Each
 * library's test extends it, adapting its scheduler to {@link Lib}, and keeps what only that
 * library does (how it rejects, its hooks, its named schedulers).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class SchedulerAdapterContractTest {

    /** A task's handle in the library's terms. */
    public interface Handle {
        void dispose();

        boolean isDisposed();

        static Handle of(Runnable dispose, BooleanSupplier disposed) {
            return new Handle() {
                @Override
                public void dispose() {
                    dispose.run();
                }

                @Override
                public boolean isDisposed() {
                    return disposed.getAsBoolean();
                }
            };
        }
    }

    /** The library's scheduler, reduced to what the contract needs. */
    public interface Lib {
        Handle schedule(Runnable task, long delay, TimeUnit unit);

        Handle schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit);

        LibWorker createWorker();

        long now(TimeUnit unit);

        void dispose();
    }

    /** The library's worker. */
    public interface LibWorker {
        Handle schedule(Runnable task);

        Handle schedule(Runnable task, long delay, TimeUnit unit);

        Handle schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit);

        void dispose();

        boolean isDisposed();
    }

    protected final Engine engine = Engine.builder().workers(2).name("contract").build();
    private Lib lib;

    /** The library's scheduler on {@code engine}, adapted. */
    protected abstract Lib adapt(Engine engine);

    /** After dispose: a new task on {@code w} is refused the way the library refuses it. */
    protected abstract void assertRefusedAfterDispose(LibWorker w, Runnable task);

    protected final Lib lib() {
        if (lib == null) {
            lib = adapt(engine);
        }
        return lib;
    }

    @AfterEach
    void closeContract() {
        if (lib != null) {
            lib.dispose();
        }
        engine.close();
    }

    @Test
    void aWorkerRunsItsTasksInOrderNeverTwoAtOnceFromManyThreads() throws Exception {
        LibWorker w = lib().createWorker();
        OrderedWorkerStress.run(w::schedule, 4, 10_000);
        w.dispose();
    }

    @Test
    void disposingAWorkerDropsItsPendingDelayedAndPeriodicTasksAndRefusesNewOnes() throws Exception {
        LibWorker w = lib().createWorker();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger after = new AtomicInteger();
        w.schedule(() -> {
            started.countDown();
            awaitQuietly(release);
        });
        Handle queued = w.schedule(after::incrementAndGet);
        Handle delayed = w.schedule(after::incrementAndGet, 20, TimeUnit.MILLISECONDS);
        Handle periodic = w.schedulePeriodically(after::incrementAndGet, 5, 5, TimeUnit.MILLISECONDS);
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        w.dispose();
        release.countDown();
        assertThat(w.isDisposed()).isTrue();
        assertThat(queued.isDisposed()).isTrue();
        assertThat(delayed.isDisposed()).isTrue();
        assertThat(periodic.isDisposed()).isTrue();
        assertRefusedAfterDispose(w, after::incrementAndGet);
        passOnTheWheel(60);
        assertThat(after.get()).isZero();
    }

    @Test
    void delayedTasksAreNeverEarly() throws Exception {
        int n = 50;
        AtomicInteger early = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            long delayMs = 1 + i % 10;
            long start = System.nanoTime();
            lib().schedule(() -> {
                if (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(delayMs)) {
                    early.incrementAndGet();
                }
                done.countDown();
            }, delayMs, TimeUnit.MILLISECONDS);
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(early.get()).isZero();
    }

    @Test
    void periodicTasksRunUntilDisposedAndACancelledDelayedTaskNeverRuns() throws Exception {
        AtomicInteger ticks = new AtomicInteger();
        CountDownLatch three = new CountDownLatch(3);
        Handle periodic = lib().schedulePeriodically(() -> {
            ticks.incrementAndGet();
            three.countDown();
        }, 0, 2, TimeUnit.MILLISECONDS);
        assertThat(three.await(5, TimeUnit.SECONDS)).isTrue();
        periodic.dispose();
        int seen = ticks.get();
        AtomicInteger ran = new AtomicInteger();
        Handle delayed = lib().schedule(ran::incrementAndGet, 10, TimeUnit.MILLISECONDS);
        delayed.dispose();
        passOnTheWheel(40);
        assertThat(ticks.get()).isLessThanOrEqualTo(seen + 1); // one may have been starting
        assertThat(ran.get()).isZero();
        assertThat(periodic.isDisposed()).isTrue();
        assertThat(delayed.isDisposed()).isTrue();
    }

    /**
     * A delayed task's handle is stored without a fence when only the engine can reach the task
     * during its submission: a dispose on another thread, handed the task's handle afterwards,
     * still finds the engine's entry and takes it off the wheel (the library's own schedulers
     * remove a cancelled task from their queue too), from a caller and from a task on the engine.
     */
    @Test
    void delayedTasksDisposedOnAnotherThreadLeaveTheWheel() throws Exception {
        Lib l = lib(); // made here, before a task on the engine uses it
        long before = engine.metrics().timersPending();
        BlockingQueue<Handle> handedOver = new LinkedBlockingQueue<>();
        int n = 2_000;
        CountDownLatch armed = new CountDownLatch(1);
        engine.execute(() -> {
            for (int i = 0; i < n / 2; i++) {
                handedOver.add(l.schedule(() -> { }, 1, TimeUnit.HOURS));
            }
            armed.countDown();
        });
        for (int i = 0; i < n / 2; i++) {
            handedOver.add(l.schedule(() -> { }, 1, TimeUnit.HOURS));
        }
        assertThat(armed.await(5, TimeUnit.SECONDS)).isTrue();
        Thread disposer = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                handedOver.remove().dispose();
            }
        });
        disposer.start();
        disposer.join(5_000);
        assertThat(disposer.isAlive()).isFalse();
        assertThat(handedOver).isEmpty();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (engine.metrics().timersPending() != before && System.nanoTime() < end) {
            passOnTheWheel(1); // the timer thread's look at an outside wheel drops what was cancelled
        }
        assertThat(engine.metrics().timersPending()).isEqualTo(before);
    }

    @Test
    void nowIsMonotonicAndOnTheWallClock() {
        assertThat(Math.abs(lib().now(TimeUnit.MILLISECONDS) - System.currentTimeMillis())).isLessThan(1000);
        long prev = lib().now(TimeUnit.NANOSECONDS);
        for (int i = 0; i < 100_000; i++) {
            long now = lib().now(TimeUnit.NANOSECONDS);
            assertThat(now).isGreaterThanOrEqualTo(prev);
            prev = now;
        }
    }

    /** Lets {@code ms} pass on the engine's wheel (a timer we wait for, not a sleep). */
    protected final void passOnTheWheel(long ms) throws InterruptedException {
        CountDownLatch l = new CountDownLatch(1);
        engine.schedule(l::countDown, ms, TimeUnit.MILLISECONDS);
        assertThat(l.await(5, TimeUnit.SECONDS)).isTrue();
    }

    protected static void awaitQuietly(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
