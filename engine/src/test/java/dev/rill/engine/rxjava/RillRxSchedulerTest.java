package dev.rill.engine.rxjava;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.Engine;
import dev.rill.engine.OrderedWorkerStress;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** RxJava's Scheduler contract, checked against {@link RillRx#scheduler}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RillRxSchedulerTest {

    private final Engine engine = Engine.builder().workers(2).name("rx").build();
    private final Scheduler scheduler = RillRx.scheduler(engine);
    private final List<Throwable> pluginErrors = new CopyOnWriteArrayList<>();

    @BeforeEach
    void hook() {
        RxJavaPlugins.setErrorHandler(pluginErrors::add);
    }

    @AfterEach
    void close() {
        RxJavaPlugins.setErrorHandler(null);
        scheduler.shutdown();
        engine.close();
    }

    @Test
    void aWorkerRunsItsTasksInOrderNeverTwoAtOnceFromManyThreads() throws Exception {
        Scheduler.Worker w = scheduler.createWorker();
        OrderedWorkerStress.run(w::schedule, 4, 10_000);
        w.dispose();
    }

    @Test
    void aDisposedWorkerDropsPendingDelayedAndPeriodicTasksAndSchedulesNothing() throws Exception {
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
        assertThat(queued.isDisposed()).isTrue();
        assertThat(delayed.isDisposed()).isTrue();
        assertThat(periodic.isDisposed()).isTrue();
        Disposable late = w.schedule(after::incrementAndGet);
        assertThat(late.isDisposed()).as("RxJava: a disposed worker returns a disposed Disposable").isTrue();
        waitOnTheWheel(60);
        assertThat(after.get()).isZero();
        assertThat(pluginErrors).isEmpty();
    }

    @Test
    void delayedDirectTasksAreNeverEarlyAndPeriodicOnesStopWhenDisposed() throws Exception {
        int n = 30;
        AtomicInteger early = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            long delayMs = 1 + i % 10;
            long start = System.nanoTime();
            scheduler.scheduleDirect(() -> {
                if (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(delayMs)) {
                    early.incrementAndGet();
                }
                done.countDown();
            }, delayMs, TimeUnit.MILLISECONDS);
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(early.get()).isZero();
        AtomicInteger ticks = new AtomicInteger();
        CountDownLatch three = new CountDownLatch(3);
        Disposable p = scheduler.schedulePeriodicallyDirect(() -> {
            ticks.incrementAndGet();
            three.countDown();
        }, 0, 2, TimeUnit.MILLISECONDS);
        assertThat(three.await(5, TimeUnit.SECONDS)).isTrue();
        p.dispose();
        int seen = ticks.get();
        waitOnTheWheel(30);
        assertThat(ticks.get()).isLessThanOrEqualTo(seen + 1);
    }

    @Test
    void nowIsMonotonicEpochTime() {
        assertThat(Math.abs(scheduler.now(TimeUnit.MILLISECONDS) - System.currentTimeMillis())).isLessThan(1000);
        long prev = scheduler.now(TimeUnit.NANOSECONDS);
        for (int i = 0; i < 100_000; i++) {
            long now = scheduler.now(TimeUnit.NANOSECONDS);
            assertThat(now).isGreaterThanOrEqualTo(prev);
            prev = now;
        }
    }

    @Test
    void shutdownRejectsTheRxJavaWayAndStartBringsItBack() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        Disposable delayed = scheduler.scheduleDirect(ran::incrementAndGet, 10, TimeUnit.MILLISECONDS);
        scheduler.shutdown();
        assertThat(delayed.isDisposed()).isTrue();
        Disposable refused = scheduler.scheduleDirect(ran::incrementAndGet);
        assertThat(refused.isDisposed()).isTrue();
        assertThat(pluginErrors).singleElement().satisfies(e -> assertThat(unwrap(e)).isInstanceOf(RejectedExecutionException.class));
        assertThat(scheduler.createWorker().schedule(ran::incrementAndGet).isDisposed()).isTrue();
        waitOnTheWheel(30);
        assertThat(ran.get()).isZero();
        scheduler.start();
        CountDownLatch again = new CountDownLatch(1);
        scheduler.scheduleDirect(again::countDown);
        assertThat(again.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aTaskThatThrowsGoesToRxJavaPlugins() throws Exception {
        CountDownLatch next = new CountDownLatch(1);
        scheduler.scheduleDirect(() -> {
            throw new IllegalStateException("boom");
        });
        scheduler.scheduleDirect(next::countDown);
        assertThat(next.await(5, TimeUnit.SECONDS)).isTrue();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (pluginErrors.isEmpty() && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        assertThat(pluginErrors).singleElement().satisfies(e -> assertThat(unwrap(e)).hasMessage("boom"));
    }

    @Test
    void aClosedEngineGivesDisposedHandlesAndRejectionsToThePlugins() {
        Engine closed = Engine.builder().workers(1).name("rx-closed").build();
        Scheduler s = RillRx.scheduler(closed);
        closed.close();
        assertThat(s.scheduleDirect(() -> { }).isDisposed()).isTrue();
        assertThat(s.scheduleDirect(() -> { }, 1, TimeUnit.MILLISECONDS).isDisposed()).isTrue();
        assertThat(s.createWorker().schedule(() -> { }).isDisposed()).isTrue();
        assertThat(pluginErrors).hasSizeGreaterThanOrEqualTo(2).allMatch(e -> unwrap(e) instanceof RejectedExecutionException);
        assertThat(((RxScheduler) s).pending()).isZero();
    }

    private void waitOnTheWheel(long ms) throws InterruptedException {
        CountDownLatch l = new CountDownLatch(1);
        engine.schedule(l::countDown, ms, TimeUnit.MILLISECONDS);
        assertThat(l.await(5, TimeUnit.SECONDS)).isTrue();
    }

    /** RxJavaPlugins.onError wraps what it does not know as an UndeliverableException. */
    static Throwable unwrap(Throwable e) {
        return e instanceof io.reactivex.rxjava3.exceptions.UndeliverableException ? e.getCause() : e;
    }

    static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
