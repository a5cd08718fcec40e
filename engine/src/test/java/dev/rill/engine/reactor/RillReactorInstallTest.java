package dev.rill.engine.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rill.engine.Engine;
import dev.rill.engine.adapter.DisposeWhileRunning;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Real Reactor pipelines, first on Reactor's own schedulers and then after {@link
 * RillReactor#install}: the same results, and the work on Rill's threads.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RillReactorInstallTest {

    private final Engine engine = Engine.builder().workers(2).name("installed").build();
    private final Set<String> threads = ConcurrentHashMap.newKeySet();

    @AfterEach
    void close() {
        RillReactor.uninstall();
        engine.close();
    }

    private <T> void sameOnBoth(Supplier<T> pipeline) {
        T own = pipeline.get();
        threads.clear();
        RillReactor.install(engine);
        try {
            T rill = pipeline.get();
            assertThat(rill).isEqualTo(own);
            assertThat(threads).isNotEmpty().allMatch(n -> n.startsWith("rill-installed"));
        } finally {
            RillReactor.uninstall();
        }
    }

    private <T> T seen(T v) {
        threads.add(Thread.currentThread().getName());
        return v;
    }

    /** The same on Reactor's own and, installed, on Rill's; without the thread check (no pipeline). */
    private <T> void sameOnBothLibraries(Supplier<T> scenario) {
        T own = scenario.get();
        RillReactor.install(engine);
        try {
            assertThat(scenario.get()).isEqualTo(own);
        } finally {
            RillReactor.uninstall();
        }
    }

    /**
     * {@code newParallel("one", 1)} runs one task at a time on both (on Rill it ran 4 at once: the
     * parallelism was ignored). Eight tasks that each compute for 5 ms record how many overlap.
     */
    @Test
    void newParallelRunsAtMostItsParallelismAtOnce() {
        sameOnBothLibraries(() -> {
            reactor.core.scheduler.Scheduler one = Schedulers.newParallel("one", 1);
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(8);
            for (int i = 0; i < 8; i++) {
                one.schedule(() -> {
                    most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait(); // computes, so that overlapping runs would show
                    }
                    inFlight.decrementAndGet();
                    done.countDown();
                });
            }
            try {
                assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            } finally {
                one.dispose();
            }
            return most.get();
        });
    }

    /**
     * Reactor's CPU threads are non-blocking, its boundedElastic threads are not, on both: {@code
     * block()} inside {@code parallel()} work fails fast, {@code isInNonBlockingThread()} says so.
     * Installed, Rill's workers were not marked, so the block went ahead and could deadlock.
     */
    @Test
    void workersAreNonBlockingForReactorAndTheBlockingPoolIsNot() {
        sameOnBothLibraries(() -> List.of(
                String.valueOf(Mono.fromCallable(Schedulers::isInNonBlockingThread)
                        .subscribeOn(Schedulers.parallel()).block()),
                String.valueOf(Mono.fromCallable(Schedulers::isInNonBlockingThread)
                        .subscribeOn(Schedulers.single()).block()),
                String.valueOf(Mono.fromCallable(Schedulers::isInNonBlockingThread)
                        .subscribeOn(Schedulers.boundedElastic()).block()),
                Mono.just(1).publishOn(Schedulers.parallel()).map(x -> Mono.just(x).block())
                        .map(String::valueOf).onErrorResume(e -> Mono.just(e.getClass().getSimpleName()))
                        .block(),
                Mono.just(1).publishOn(Schedulers.boundedElastic()).map(x -> Mono.just(x).block())
                        .map(String::valueOf).onErrorResume(e -> Mono.just(e.getClass().getSimpleName()))
                        .block()));
    }

    /**
     * {@code Schedulers.onScheduleHook} wraps every task on every schedule path, in the order the
     * hooks were added, and resetting one removes only it: the same on both (Rill applied none, so
     * context propagation, tracing and MDC were lost after install).
     */
    @Test
    void scheduleHooksWrapEveryPathAsOnReactor() {
        List<String> seen = new CopyOnWriteArrayList<>();
        Schedulers.onScheduleHook("outer", r -> () -> {
            seen.add("outer");
            r.run();
        });
        Schedulers.onScheduleHook("inner", r -> () -> {
            seen.add("inner");
            r.run();
        });
        try {
            sameOnBothLibraries(() -> runEveryPath(seen, 2));
            Schedulers.resetOnScheduleHook("outer");
            sameOnBothLibraries(() -> runEveryPath(seen, 1));
        } finally {
            Schedulers.resetOnScheduleHooks();
        }
    }

    /** One task down each path (direct, delayed, worker, worker delayed, periodic): what the hooks saw. */
    private static List<String> runEveryPath(List<String> seen, int hooks) {
        seen.clear();
        reactor.core.scheduler.Scheduler s = Schedulers.newParallel("hooked", 2);
        reactor.core.scheduler.Scheduler.Worker w = s.createWorker();
        CountDownLatch ran = new CountDownLatch(5);
        try {
            List<String> out = new ArrayList<>();
            for (Runnable path : List.<Runnable>of(
                    () -> s.schedule(ran::countDown),
                    () -> s.schedule(ran::countDown, 1, TimeUnit.MILLISECONDS),
                    () -> w.schedule(ran::countDown),
                    () -> w.schedule(ran::countDown, 1, TimeUnit.MILLISECONDS),
                    () -> { // last: a period already under way when it is disposed may still add to seen
                        reactor.core.Disposable[] d = new reactor.core.Disposable[1];
                        CountDownLatch once = new CountDownLatch(1);
                        d[0] = s.schedulePeriodically(once::countDown, 0, 1, TimeUnit.MILLISECONDS);
                        await(once);
                        d[0].dispose();
                        ran.countDown();
                    })) {
                long before = ran.getCount();
                path.run();
                awaitCount(ran, before - 1);
                out.add(String.join(",", seen.subList(0, Math.min(hooks, seen.size()))));
                seen.clear();
            }
            return out;
        } finally {
            w.dispose();
            s.dispose();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(5, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitCount(CountDownLatch latch, long count) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (latch.getCount() > count) {
            if (System.nanoTime() > end) {
                throw new AssertionError("a task did not run");
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Disposing a running task interrupts it, on Reactor's own schedulers and on Rill's: a direct
     * task on {@code boundedElastic()} and {@code parallel()}, a worker's task, a whole worker, and
     * a {@code timeout} around a blocking call; the interrupt does not reach the worker's next task.
     * On Rill the task ran to its end.
     */
    @Test
    void disposingARunningTaskInterruptsItAsOnReactor() {
        sameOnBothLibraries(() -> {
            reactor.core.scheduler.Scheduler.Worker w = Schedulers.boundedElastic().createWorker();
            try {
                List<String> seen = new ArrayList<>();
                seen.add(DisposeWhileRunning.<reactor.core.Disposable>run(t -> Schedulers.boundedElastic().schedule(t),
                        d -> d.dispose()));
                seen.add(DisposeWhileRunning.<reactor.core.Disposable>run(t -> Schedulers.parallel().schedule(t),
                        d -> d.dispose()));
                seen.add(DisposeWhileRunning.<reactor.core.Disposable>run(w::schedule,
                        d -> d.dispose()));
                seen.add(String.valueOf(Mono.fromCallable(() -> Thread.currentThread().isInterrupted())
                        .subscribeOn(Schedulers.fromExecutor(w::schedule)).block())); // the worker's next task
                reactor.core.scheduler.Scheduler.Worker w2 = Schedulers.boundedElastic().createWorker();
                seen.add(DisposeWhileRunning.<reactor.core.Disposable>run(w2::schedule,
                        d -> w2.dispose()));
                seen.add(timeoutAroundABlockingCall());
                return seen;
            } finally {
                w.dispose();
            }
        });
    }

    private static String timeoutAroundABlockingCall() {
        CountDownLatch interrupted = new CountDownLatch(1);
        // The 50 ms count from when the call runs: on a loaded machine the task may wait longer
        // than that for its thread, and a task disposed before it starts has nothing to interrupt.
        CompletableFuture<Boolean> started = new CompletableFuture<>();
        String r = Mono.fromCallable(() -> {
            started.complete(true);
            try {
                return String.valueOf(new CountDownLatch(1).await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
        }).subscribeOn(Schedulers.boundedElastic())
                .timeout(Mono.fromFuture(started).then(Mono.delay(Duration.ofMillis(50))))
                .onErrorReturn("timeout").block();
        await(interrupted);
        return r + ", call interrupted";
    }

    /**
     * A disposed single, boundedElastic or parallel scheduler started again runs tasks, on both
     * (Rill's said it was not disposed but rejected every task).
     */
    @Test
    @SuppressWarnings("deprecation") // start() is how Reactor restarts a disposed scheduler
    void aDisposedSchedulerStartedAgainRunsTasks() {
        sameOnBothLibraries(() -> {
            List<String> seen = new ArrayList<>();
            for (reactor.core.scheduler.Scheduler s : List.of(Schedulers.newSingle("again"),
                    Schedulers.newBoundedElastic(2, 10, "again"), Schedulers.newParallel("again", 1))) {
                s.dispose();
                s.start();
                seen.add(s.isDisposed() + " " + Mono.fromCallable(() -> "ran").subscribeOn(s)
                        .block(Duration.ofSeconds(5)));
                s.dispose();
            }
            return seen;
        });
    }

    /** {@code newParallel(name, 0 or -1)} fails the same way on both (Rill accepted it). */
    @Test
    void newParallelRejectsAParallelismBelowOneAsReactorDoes() {
        for (int bad : new int[] {0, -1}) {
            sameOnBothLibraries(() -> {
                Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> Schedulers.newParallel("bad", bad));
                return t == null ? "accepted" : t.getClass().getName() + ": " + t.getMessage();
            });
        }
    }

    @Test
    void publishOnAndSubscribeOn() {
        sameOnBoth(() -> Flux.range(0, 10_000).subscribeOn(Schedulers.single()).map(this::seen)
                .publishOn(Schedulers.parallel()).map(this::seen).map(x -> x * 2).collectList().block());
    }

    @Test
    void delayElementsIntervalAndMonoDelay() {
        sameOnBoth(() -> Flux.range(0, 5).delayElements(Duration.ofMillis(2)).map(this::seen).collectList().block());
        sameOnBoth(() -> Flux.interval(Duration.ofMillis(1)).map(this::seen).take(20).collectList().block());
        sameOnBoth(() -> Mono.delay(Duration.ofMillis(5)).map(this::seen).block());
    }

    @Test
    void timeoutFiresOnTheInstalledScheduler() {
        sameOnBoth(() -> Flux.never().timeout(Duration.ofMillis(10)).onErrorResume(TimeoutException.class,
                e -> Mono.just(seen("timed out"))).blockLast());
        sameOnBoth(() -> Flux.range(0, 100).timeout(Duration.ofSeconds(5)).publishOn(Schedulers.parallel())
                .map(this::seen).count().block());
    }

    @Test
    void parallelRunOn() {
        sameOnBoth(() -> Flux.range(0, 10_000).parallel(4).runOn(Schedulers.parallel()).map(this::seen)
                .map(x -> x * 3L).sequential().collectSortedList().block());
    }

    @Test
    void blockingCallsOnBoundedElastic() {
        sameOnBoth(() -> Flux.range(0, 40).flatMap(i -> Mono.fromCallable(() -> {
            Thread.sleep(1); // blocking, where it belongs
            return seen(i * 10);
        }).subscribeOn(Schedulers.boundedElastic()), 8).collectSortedList().block());
        RillReactor.install(engine);
        String name = Mono.fromCallable(() -> Thread.currentThread().getName())
                .subscribeOn(Schedulers.boundedElastic()).block();
        assertThat(name).contains("blocking");
    }

    @Test
    void uninstallGivesReactorItsOwnSchedulersBack() {
        RillReactor.install(engine);
        assertThat(RillReactor.installed()).isSameAs(engine);
        assertThat(Mono.fromCallable(() -> Thread.currentThread().getName()).subscribeOn(Schedulers.parallel()).block())
                .startsWith("rill-installed");
        assertThat(RillReactor.uninstall()).isTrue();
        assertThat(RillReactor.uninstall()).isFalse();
        assertThat(Mono.fromCallable(() -> Thread.currentThread().getName()).subscribeOn(Schedulers.parallel()).block())
                .startsWith("parallel-");
    }

    @Test
    void installTwiceOrWithAClosedEngineIsAClearError() {
        RillReactor.install(engine);
        assertThatThrownBy(() -> RillReactor.install(engine)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already installed");
        RillReactor.uninstall();
        Engine closed = Engine.builder().workers(1).name("closed").build();
        closed.close();
        assertThatThrownBy(() -> RillReactor.install(closed)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(RillReactor.installed()).isNull();
    }

    @Test
    void aSchedulerWhoseEngineClosedRejectsTheReactorWay() {
        Engine e = Engine.builder().workers(1).name("gone").build();
        reactor.core.scheduler.Scheduler s = RillReactor.scheduler(e);
        e.close();
        Throwable err = Flux.range(0, 3).publishOn(s).then().onErrorResume(x -> Mono.error(x))
                .materialize().block().getThrowable();
        assertThat(err).isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
        assertThat(List.of(reactor.core.Exceptions.isOverflow(err))).containsExactly(false);
    }
}
