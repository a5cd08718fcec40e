package dev.rill.engine.rxjava;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rill.engine.Engine;
import dev.rill.engine.adapter.DisposeWhileRunning;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import io.reactivex.rxjava3.schedulers.SchedulerRunnableIntrospection;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real RxJava pipelines on RxJava's schedulers and then after {@link RillRx#install}: same results, Rill's threads. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RillRxInstallTest {

    private final Engine engine = Engine.builder().workers(2).name("rxinst").build();
    private final Set<String> threads = ConcurrentHashMap.newKeySet();

    @AfterEach
    void close() {
        RillRx.uninstall();
        engine.close();
    }

    /**
     * With {@code setFailOnNonBlockingScheduler(true)}, a blocking call on a {@code computation()}
     * or {@code single()} thread fails and one on {@code io()} does not, on both: installed, Rill's
     * workers were not RxJava's non-blocking threads, so the call blocked a worker.
     */
    @Test
    void workersAreNonBlockingForRxJavaAndTheBlockingPoolIsNot() {
        RxJavaPlugins.setFailOnNonBlockingScheduler(true);
        try {
            Supplier<List<String>> scenario = () -> List.of(
                    blockOn(Schedulers.computation()), blockOn(Schedulers.single()), blockOn(Schedulers.io()));
            List<String> own = scenario.get();
            RillRx.install(engine);
            try {
                assertThat(scenario.get()).isEqualTo(own).containsExactly("IllegalStateException",
                        "IllegalStateException", "1");
            } finally {
                RillRx.uninstall();
            }
            assertThat(scenario.get()).as("uninstall gives the hook back").isEqualTo(own);
        } finally {
            RxJavaPlugins.setFailOnNonBlockingScheduler(false);
        }
    }

    /**
     * A blocking call on {@code s} that must really wait (RxJava checks only then): 200 ms, so a
     * descheduled test thread cannot find the value already there.
     */
    private static String blockOn(io.reactivex.rxjava3.core.Scheduler s) {
        return Single.just(1).observeOn(s).map(x -> Single.just(x).delay(200, TimeUnit.MILLISECONDS).blockingGet())
                .map(String::valueOf).onErrorReturn(e -> e.getClass().getSimpleName()).blockingGet();
    }

    /**
     * What RxJava's direct schedules hand back tells which Runnable it wraps
     * ({@code SchedulerRunnableIntrospection}) and a worker's task does not, as with RxJava's own:
     * tools and tests rely on it. Rill's direct tasks did not implement it.
     */
    @Test
    void scheduledTasksIntrospectAsRxJavasOwn() {
        Supplier<List<Boolean>> scenario = () -> {
            Runnable r = () -> { };
            io.reactivex.rxjava3.core.Scheduler s = Schedulers.computation();
            io.reactivex.rxjava3.core.Scheduler.Worker w = s.createWorker();
            try {
                return List.of(wraps(s.scheduleDirect(r, 1, TimeUnit.HOURS), r),
                        wraps(s.schedulePeriodicallyDirect(r, 1, 1, TimeUnit.HOURS), r),
                        wraps(w.schedule(r, 1, TimeUnit.HOURS), r));
            } finally {
                w.dispose();
            }
        };
        List<Boolean> own = scenario.get();
        RillRx.install(engine);
        try {
            assertThat(scenario.get()).isEqualTo(own).containsExactly(true, true, false);
        } finally {
            RillRx.uninstall();
        }
    }

    private static boolean wraps(Disposable d, Runnable r) {
        try {
            return d instanceof SchedulerRunnableIntrospection i
                    && i.getWrappedRunnable() == r;
        } finally {
            d.dispose();
        }
    }

    /**
     * Disposing a running task interrupts it, on RxJava's own schedulers and on Rill's: a direct
     * task on {@code io()} and {@code computation()}, a worker's task and a whole worker; the
     * interrupt does not reach the worker's next task. On Rill the task ran to its end.
     */
    @Test
    void disposingARunningTaskInterruptsItAsOnRxJava() {
        Supplier<List<String>> scenario = () -> {
            io.reactivex.rxjava3.core.Scheduler.Worker w = Schedulers.io().createWorker();
            try {
                List<String> seen = new ArrayList<>();
                seen.add(DisposeWhileRunning.<Disposable>run(Schedulers.io()::scheduleDirect,
                        d -> d.dispose()));
                seen.add(DisposeWhileRunning.<Disposable>run(Schedulers.computation()::scheduleDirect,
                        d -> d.dispose()));
                seen.add(DisposeWhileRunning.<Disposable>run(w::schedule,
                        d -> d.dispose()));
                AtomicReference<Boolean> next = new AtomicReference<>();
                CountDownLatch ran = new CountDownLatch(1);
                w.schedule(() -> {
                    next.set(Thread.currentThread().isInterrupted());
                    ran.countDown();
                });
                await(ran);
                seen.add("next task interrupted: " + next.get());
                io.reactivex.rxjava3.core.Scheduler.Worker w2 = Schedulers.io().createWorker();
                seen.add(DisposeWhileRunning.<Disposable>run(w2::schedule,
                        d -> w2.dispose()));
                return seen;
            } finally {
                w.dispose();
            }
        };
        List<String> own = scenario.get();
        RillRx.install(engine);
        try {
            assertThat(scenario.get()).isEqualTo(own);
        } finally {
            RillRx.uninstall();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(15, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * {@code Schedulers.shutdown()} then {@code Schedulers.start()} leaves every standard scheduler
     * working, on both (on Rill, {@code single()} could run nothing any more); and once Rill is
     * installed, RxJava's own computation threads are stopped (they were kept for nothing).
     */
    @Test
    void shutdownThenStartLeavesEverySchedulerWorking() {
        Supplier<List<String>> scenario = () -> {
            Schedulers.shutdown();
            Schedulers.start();
            List<String> seen = new ArrayList<>();
            for (io.reactivex.rxjava3.core.Scheduler s : List.of(Schedulers.computation(), Schedulers.single(),
                    Schedulers.io(), Schedulers.newThread())) {
                seen.add(Single.fromCallable(() -> "ran").subscribeOn(s).timeout(5, TimeUnit.SECONDS).blockingGet());
            }
            return seen;
        };
        List<String> own = scenario.get();
        RillRx.install(engine);
        try {
            assertThat(scenario.get()).isEqualTo(own);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.isAlive() && t.getName().startsWith("RxComputationThreadPool"))) {
                assertThat(System.nanoTime()).as("RxJava's computation threads stopped").isLessThan(end);
                Thread.onSpinWait();
            }
        } finally {
            RillRx.uninstall();
        }
        assertThat(scenario.get()).as("RxJava's own again").isEqualTo(own);
    }

    private <T> void sameOnBoth(Supplier<T> pipeline) {
        T own = pipeline.get();
        threads.clear();
        RillRx.install(engine);
        try {
            T rill = pipeline.get();
            assertThat(rill).isEqualTo(own);
            assertThat(threads).isNotEmpty().allMatch(n -> n.startsWith("rill-rxinst"));
        } finally {
            RillRx.uninstall();
        }
    }

    private <T> T seen(T v) {
        threads.add(Thread.currentThread().getName());
        return v;
    }

    @Test
    void observeOnAndSubscribeOn() {
        sameOnBoth(() -> Flowable.range(0, 10_000).subscribeOn(Schedulers.single()).map(this::seen)
                .observeOn(Schedulers.computation()).map(this::seen).map(x -> x * 2).toList().blockingGet());
    }

    @Test
    void intervalDelayAndTimer() {
        sameOnBoth(() -> Flowable.interval(1, TimeUnit.MILLISECONDS).map(this::seen).take(20).toList().blockingGet());
        sameOnBoth(() -> Flowable.range(0, 5).delay(2, TimeUnit.MILLISECONDS).map(this::seen).toList().blockingGet());
        sameOnBoth(() -> Flowable.timer(5, TimeUnit.MILLISECONDS).map(this::seen).blockingFirst());
    }

    @Test
    void timeout() {
        sameOnBoth(() -> Flowable.never().timeout(10, TimeUnit.MILLISECONDS)
                .onErrorResumeNext(e -> e instanceof TimeoutException ? Flowable.just(seen("timed out")) : Flowable.error(e))
                .blockingFirst());
    }

    @Test
    void parallelRunOnAndIo() {
        sameOnBoth(() -> Flowable.range(0, 10_000).parallel(4).runOn(Schedulers.computation()).map(this::seen)
                .map(x -> x * 3L).sequential().toSortedList().blockingGet());
        sameOnBoth(() -> Flowable.range(0, 20).flatMapSingle(i -> Single.fromCallable(() -> {
            Thread.sleep(1);
            return seen(i);
        }).subscribeOn(Schedulers.io()), false, 8).toSortedList().blockingGet());
        RillRx.install(engine);
        assertThat(Single.fromCallable(() -> Thread.currentThread().getName()).subscribeOn(Schedulers.io()).blockingGet())
                .contains("blocking");
        assertThat(Single.fromCallable(() -> Thread.currentThread().getName()).subscribeOn(Schedulers.newThread()).blockingGet())
                .contains("blocking");
    }

    @Test
    void installTwiceWithAClosedEngineAndUninstall() {
        RillRx.install(engine);
        assertThat(RillRx.installed()).isSameAs(engine);
        assertThatThrownBy(() -> RillRx.install(engine)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already installed");
        assertThat(RillRx.uninstall()).isTrue();
        assertThat(RillRx.uninstall()).isFalse();
        assertThat(Single.fromCallable(() -> Thread.currentThread().getName()).subscribeOn(Schedulers.computation())
                .blockingGet()).startsWith("RxComputation");
        Engine closed = Engine.builder().workers(1).name("closed").build();
        closed.close();
        assertThatThrownBy(() -> RillRx.install(closed)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
