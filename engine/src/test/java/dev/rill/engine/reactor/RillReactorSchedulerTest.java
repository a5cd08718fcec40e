package dev.rill.engine.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rill.engine.Engine;
import dev.rill.engine.OrderedWorkerStress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;
import reactor.core.Scannable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** Reactor's Scheduler contract, checked against {@link RillReactor#scheduler}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RillReactorSchedulerTest {

    private final Engine engine = Engine.builder().workers(2).name("rr").build();
    private final Scheduler scheduler = RillReactor.scheduler(engine);

    @AfterEach
    void close() {
        scheduler.dispose();
        engine.close();
    }

    @Test
    void aWorkerRunsItsTasksInOrderNeverTwoAtOnceFromManyThreads() throws Exception {
        Scheduler.Worker w = scheduler.createWorker();
        OrderedWorkerStress.run(w::schedule, 4, 10_000);
        w.dispose();
    }

    @Test
    void disposingAWorkerDropsItsPendingDelayedAndPeriodicTasksAndRejectsNewOnes() throws Exception {
        Scheduler.Worker w = scheduler.createWorker();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger after = new AtomicInteger();
        w.schedule(() -> {
            started.countDown();
            await(release);
        });
        Disposable queued = w.schedule(after::incrementAndGet);
        Disposable delayed = w.schedule(after::incrementAndGet, 20, TimeUnit.MILLISECONDS);
        Disposable periodic = w.schedulePeriodically(after::incrementAndGet, 5, 5, TimeUnit.MILLISECONDS);
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        w.dispose();
        release.countDown();
        assertThat(w.isDisposed()).isTrue();
        assertThat(queued.isDisposed()).isTrue();
        assertThat(delayed.isDisposed()).isTrue();
        assertThat(periodic.isDisposed()).isTrue();
        assertThatThrownBy(() -> w.schedule(after::incrementAndGet)).isInstanceOf(RejectedExecutionException.class);
        sleepOnTheWheel(60);
        assertThat(after.get()).isZero();
        awaitBuffered(0);
    }

    @Test
    void delayedTasksAreNeverEarly() throws Exception {
        int n = 50;
        AtomicInteger early = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            long delayMs = 1 + i % 10;
            long start = System.nanoTime();
            scheduler.schedule(() -> {
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
        Disposable periodic = scheduler.schedulePeriodically(() -> {
            ticks.incrementAndGet();
            three.countDown();
        }, 0, 2, TimeUnit.MILLISECONDS);
        assertThat(three.await(5, TimeUnit.SECONDS)).isTrue();
        periodic.dispose();
        int seen = ticks.get();
        AtomicInteger ran = new AtomicInteger();
        Disposable delayed = scheduler.schedule(ran::incrementAndGet, 10, TimeUnit.MILLISECONDS);
        delayed.dispose();
        sleepOnTheWheel(40);
        assertThat(ticks.get()).isLessThanOrEqualTo(seen + 1); // one may have been starting
        assertThat(ran.get()).isZero();
        assertThat(periodic.isDisposed()).isTrue();
    }

    @Test
    void aZeroPeriodRunsBackToBackUntilDisposed() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch many = new CountDownLatch(100);
        Disposable d = scheduler.schedulePeriodically(() -> {
            runs.incrementAndGet();
            many.countDown();
        }, 0, 0, TimeUnit.MILLISECONDS);
        assertThat(many.await(5, TimeUnit.SECONDS)).isTrue();
        d.dispose();
        int seen = runs.get();
        sleepOnTheWheel(20);
        assertThat(runs.get()).isLessThanOrEqualTo(seen + 1);
    }

    @Test
    void nowIsMonotonicAndOnTheWallClock() {
        long wall = System.currentTimeMillis();
        assertThat(Math.abs(scheduler.now(TimeUnit.MILLISECONDS) - wall)).isLessThan(1000);
        long prev = scheduler.now(TimeUnit.NANOSECONDS);
        for (int i = 0; i < 100_000; i++) {
            long now = scheduler.now(TimeUnit.NANOSECONDS);
            assertThat(now).isGreaterThanOrEqualTo(prev);
            prev = now;
        }
    }

    @Test
    void disposeRejectsNewTasksDropsQueuedOnesAndLeavesTheEngineOpen() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch bothBusy = new CountDownLatch(2);
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 2; i++) {
            scheduler.schedule(() -> {
                bothBusy.countDown();
                await(release);
            });
        }
        assertThat(bothBusy.await(5, TimeUnit.SECONDS)).isTrue(); // no worker is free to run what follows
        scheduler.schedule(ran::incrementAndGet);
        Disposable delayed = scheduler.schedule(ran::incrementAndGet, 10, TimeUnit.MILLISECONDS);
        scheduler.dispose();
        release.countDown();
        assertThat(scheduler.isDisposed()).isTrue();
        assertThat(delayed.isDisposed()).isTrue();
        assertThatThrownBy(() -> scheduler.schedule(ran::incrementAndGet)).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(scheduler::createWorker).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(scheduler::init).isInstanceOf(IllegalStateException.class);
        sleepOnTheWheel(30);
        assertThat(ran.get()).isZero();
        CountDownLatch engineStillRuns = new CountDownLatch(1);
        engine.execute(engineStillRuns::countDown);
        assertThat(engineStillRuns.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void disposeGracefullyLetsRunningAndQueuedTasksFinish() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            scheduler.schedule(() -> {
                await(release);
                finished.incrementAndGet();
            });
        }
        CountDownLatch disposed = new CountDownLatch(1);
        scheduler.disposeGracefully().subscribe(null, null, disposed::countDown);
        assertThat(scheduler.isDisposed()).as("new tasks are refused at once").isTrue();
        assertThat(disposed.getCount()).isEqualTo(1);
        release.countDown();
        assertThat(disposed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(finished.get()).isEqualTo(4);
    }

    @Test
    void scannableAttributesDescribeIt() throws Exception {
        Scannable s = Scannable.from(scheduler);
        assertThat(s.scan(Scannable.Attr.NAME)).contains("rr");
        assertThat(s.scan(Scannable.Attr.CAPACITY)).isEqualTo(2);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < 3; i++) {
            scheduler.schedule(() -> await(release));
        }
        assertThat(s.scan(Scannable.Attr.BUFFERED)).isEqualTo(3);
        release.countDown();
        awaitBuffered(0);
        assertThat(s.scan(Scannable.Attr.TERMINATED)).isFalse();
        scheduler.dispose();
        assertThat(s.scan(Scannable.Attr.TERMINATED)).isTrue();
    }

    @Test
    void aTaskThatThrowsGoesToReactorsErrorHook() throws Exception {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        CountDownLatch reported = new CountDownLatch(1);
        Schedulers.onHandleError("rill-test", (t, e) -> {
            seen.set(e);
            reported.countDown();
        });
        try {
            scheduler.schedule(() -> {
                throw new IllegalStateException("boom");
            });
            assertThat(reported.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(seen.get()).hasMessage("boom");
            CountDownLatch next = new CountDownLatch(1);
            scheduler.schedule(next::countDown);
            assertThat(next.await(5, TimeUnit.SECONDS)).as("the scheduler lives on").isTrue();
        } finally {
            Schedulers.resetOnHandleError("rill-test");
        }
    }

    @Test
    void aClosedEngineMeansReactorsRejection() {
        Engine closed = Engine.builder().workers(1).name("rr-closed").build();
        Scheduler s = RillReactor.scheduler(closed);
        closed.close();
        assertThatThrownBy(() -> s.schedule(() -> { })).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> s.schedule(() -> { }, 1, TimeUnit.MILLISECONDS)).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(s::createWorker).isInstanceOf(RejectedExecutionException.class);
        assertThat(Scannable.from(s).scan(Scannable.Attr.BUFFERED)).as("nothing left counted").isZero();
    }

    @Test
    void singleRunsAllItsTasksOneAtATimeAcrossWorkers() throws Exception {
        Scheduler single = RillReactor.single(engine);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        int n = 20_000;
        CountDownLatch done = new CountDownLatch(n);
        Scheduler.Worker a = single.createWorker();
        Scheduler.Worker b = single.createWorker();
        Runnable body = () -> {
            if (inFlight.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
            inFlight.decrementAndGet();
            done.countDown();
        };
        Thread other = new Thread(() -> {
            for (int i = 0; i < n / 2; i++) {
                b.schedule(body);
            }
        });
        other.start();
        for (int i = 0; i < n / 4; i++) {
            a.schedule(body);
            single.schedule(body);
        }
        other.join();
        assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(overlaps.get()).isZero();
        single.dispose();
    }

    @Test
    void boundedElasticRunsOnTheBlockingPoolWithinItsCaps() throws Exception {
        Scheduler elastic = RillReactor.boundedElastic(engine, 2, 2);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<String> thread = new AtomicReference<>();
        for (int i = 0; i < 4; i++) {
            elastic.schedule(() -> {
                thread.set(Thread.currentThread().getName());
                await(release);
            });
        }
        assertThatThrownBy(() -> elastic.schedule(() -> { })).isInstanceOf(RejectedExecutionException.class);
        release.countDown();
        awaitCondition(() -> Scannable.from(elastic).scan(Scannable.Attr.BUFFERED) == 0);
        assertThat(thread.get()).contains("blocking");
        elastic.dispose();
    }

    private void awaitBuffered(int n) {
        awaitCondition(() -> Scannable.from(scheduler).scan(Scannable.Attr.BUFFERED) == n);
    }

    static void awaitCondition(java.util.function.BooleanSupplier c) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.onSpinWait();
        }
    }

    /** Lets {@code ms} pass on the engine's wheel (a timer we wait for, not a sleep). */
    private void sleepOnTheWheel(long ms) throws InterruptedException {
        CountDownLatch l = new CountDownLatch(1);
        engine.schedule(l::countDown, ms, TimeUnit.MILLISECONDS);
        assertThat(l.await(5, TimeUnit.SECONDS)).isTrue();
    }

    static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
