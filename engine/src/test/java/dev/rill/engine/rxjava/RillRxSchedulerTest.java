package dev.rill.engine.rxjava;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.Engine;
import dev.rill.engine.adapter.DisposeWhileRunning;
import dev.rill.engine.adapter.SchedulerAdapterContractTest;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.exceptions.UndeliverableException;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
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

/**
 * RxJava's Scheduler contract, checked against {@link RillRx#scheduler}: the part both libraries
 * share comes from {@link SchedulerAdapterContractTest}; here what is RxJava's own (disposed
 * handles and {@code RxJavaPlugins.onError} instead of exceptions, shutdown and start).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RillRxSchedulerTest extends SchedulerAdapterContractTest {

    private Scheduler scheduler;
    private final List<Throwable> pluginErrors = new CopyOnWriteArrayList<>();

    @Override
    protected Lib adapt(Engine engine) {
        Scheduler s = RillRx.scheduler(engine);
        scheduler = s;
        return new Lib() {
            @Override
            public Handle schedule(Runnable task, long delay, TimeUnit unit) {
                return handle(s.scheduleDirect(task, delay, unit));
            }

            @Override
            public Handle schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
                return handle(s.schedulePeriodicallyDirect(task, initialDelay, period, unit));
            }

            @Override
            public LibWorker createWorker() {
                return worker(s.createWorker());
            }

            @Override
            public long now(TimeUnit unit) {
                return s.now(unit);
            }

            @Override
            public void dispose() {
                s.shutdown();
            }
        };
    }

    private static LibWorker worker(Scheduler.Worker w) {
        return new LibWorker() {
            @Override
            public Handle schedule(Runnable task) {
                return handle(w.schedule(task));
            }

            @Override
            public Handle schedule(Runnable task, long delay, TimeUnit unit) {
                return handle(w.schedule(task, delay, unit));
            }

            @Override
            public Handle schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
                return handle(w.schedulePeriodically(task, initialDelay, period, unit));
            }

            @Override
            public void dispose() {
                w.dispose();
            }

            @Override
            public boolean isDisposed() {
                return w.isDisposed();
            }
        };
    }

    private static Handle handle(Disposable d) {
        return Handle.of(d::dispose, d::isDisposed);
    }

    /** RxJava: a disposed worker hands back a disposed {@code Disposable} and reports nothing. */
    @Override
    protected void assertRefusedAfterDispose(LibWorker w, Runnable task) {
        assertThat(w.schedule(task).isDisposed()).isTrue();
        assertThat(pluginErrors).isEmpty();
    }

    @BeforeEach
    void hook() {
        RxJavaPlugins.setErrorHandler(pluginErrors::add);
        lib();
    }

    @AfterEach
    void unhook() {
        RxJavaPlugins.setErrorHandler(null);
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
        passOnTheWheel(30);
        assertThat(ran.get()).isZero();
        scheduler.start();
        CountDownLatch again = new CountDownLatch(1);
        scheduler.scheduleDirect(again::countDown);
        assertThat(again.await(5, TimeUnit.SECONDS)).isTrue();
    }

    /** {@code shutdown()} interrupts the running direct task, on RxJava's own computation scheduler and on Rill's. */
    @Test
    void shutdownInterruptsTheRunningTaskAsRxJavasOwn() throws Exception {
        Scheduler rxOwn = RxJavaPlugins.createComputationScheduler(r -> new Thread(r, "rx-own"));
        for (Scheduler s : new Scheduler[] {rxOwn, scheduler}) {
            assertThat(DisposeWhileRunning.run(s::scheduleDirect, task -> s.shutdown())).as(s.toString())
                    .isEqualTo("interrupted");
        }
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

    /** RxJavaPlugins.onError wraps what it does not know as an UndeliverableException. */
    static Throwable unwrap(Throwable e) {
        return e instanceof UndeliverableException ? e.getCause() : e;
    }

    static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
