package dev.rill.engine.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rill.engine.Engine;
import dev.rill.engine.adapter.DisposeWhileRunning;
import dev.rill.engine.adapter.SchedulerAdapterContractTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;
import reactor.core.Scannable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Reactor's Scheduler contract, checked against {@link RillReactor#scheduler}: the part both
 * libraries share comes from {@link SchedulerAdapterContractTest}; here what is Reactor's own
 * (rejection by exception, dispose and graceful dispose, {@code Scannable}, the error hook, named
 * schedulers, back-to-back periods).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RillReactorSchedulerTest extends SchedulerAdapterContractTest {

    private Scheduler scheduler;

    @Override
    protected Lib adapt(Engine engine) {
        Scheduler s = RillReactor.scheduler(engine);
        scheduler = s;
        return new Lib() {
            @Override
            public Handle schedule(Runnable task, long delay, TimeUnit unit) {
                return handle(s.schedule(task, delay, unit));
            }

            @Override
            public Handle schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
                return handle(s.schedulePeriodically(task, initialDelay, period, unit));
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
                s.dispose();
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

    /** Reactor throws {@link RejectedExecutionException}; nothing stays buffered. */
    @Override
    protected void assertRefusedAfterDispose(LibWorker w, Runnable task) {
        assertThatThrownBy(() -> w.schedule(task)).isInstanceOf(RejectedExecutionException.class);
        awaitBuffered(0);
    }

    @BeforeEach
    void start() {
        lib();
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
        passOnTheWheel(20);
        assertThat(runs.get()).isLessThanOrEqualTo(seen + 1);
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
        passOnTheWheel(30);
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

    /**
     * A graceful dispose with nothing pending completes, every time, on Reactor's own scheduler and
     * on Rill's. Rill's first completion poll could run before its own handle was stored, die with
     * a NullPointerException and leave the Mono pending for ever (4 of 4 repeated runs).
     */
    @Test
    void disposeGracefullyAlwaysCompletesAsReactorsOwnDoes() {
        for (int i = 0; i < 300; i++) {
            Scheduler reactors = Schedulers.newParallel("graceful-" + i, 1);
            Scheduler rills = RillReactor.scheduler(engine);
            for (Scheduler s : new Scheduler[] {reactors, rills}) {
                s.schedule(() -> { });
                s.disposeGracefully().block(java.time.Duration.ofSeconds(5)); // throws if it does not complete
                assertThat(s.isDisposed()).as(s.toString()).isTrue();
            }
        }
    }

    /**
     * Disposes racing with the start and the end of 50,000 short runs: a dispose interrupts only
     * the run it meant, so no task ever starts on a thread whose interrupt flag is set, and every
     * task either ran or was disposed.
     */
    @Test
    void disposesRacingWithRunsNeverLeaveAnInterruptForTheNextTask() throws Exception {
        AtomicInteger startedInterrupted = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        int n = 50_000;
        Disposable[] handles = new Disposable[n];
        for (int i = 0; i < n; i++) {
            handles[i] = scheduler.schedule(() -> {
                if (Thread.currentThread().isInterrupted()) {
                    startedInterrupted.incrementAndGet();
                }
                for (int spin = 0; spin < 200; spin++) {
                    Thread.onSpinWait(); // a short run, so that disposes land inside it as well
                }
                ran.incrementAndGet();
            });
            if ((i & 1) == 0 && i > 0) {
                handles[i - 1].dispose(); // the previous task: queued, running or done by now
            }
        }
        awaitCondition(() -> java.util.Arrays.stream(handles).allMatch(Disposable::isDisposed));
        assertThat(startedInterrupted.get()).isZero();
        assertThat(ran.get()).isBetween(n / 2, n);
    }

    /**
     * On Reactor's own scheduler and on Rill's: a dispose ends the delayed and periodic tasks, and
     * after {@code start()} none of them runs, while new tasks do.
     */
    @Test
    void aRestartAfterDisposeNeverRunsTheOldDelayedTasksAsReactorsOwn() throws Exception {
        for (Scheduler s : new Scheduler[] {Schedulers.newParallel("restart", 2), scheduler}) {
            AtomicInteger oldRan = new AtomicInteger();
            for (int i = 0; i < 1_000; i++) {
                s.schedule(oldRan::incrementAndGet, 30, TimeUnit.MILLISECONDS);
            }
            s.schedulePeriodically(oldRan::incrementAndGet, 30, 10, TimeUnit.MILLISECONDS);
            s.dispose();
            restart(s);
            assertThat(s.isDisposed()).as(s.toString()).isFalse();
            CountDownLatch newRan = new CountDownLatch(1);
            s.schedule(newRan::countDown, 100, TimeUnit.MILLISECONDS);
            assertThat(newRan.await(5, TimeUnit.SECONDS)).as(s.toString()).isTrue();
            assertThat(oldRan.get()).as(s.toString()).isZero();
            s.dispose();
        }
    }

    /**
     * Disposing the scheduler interrupts the tasks it is running, on Reactor's own parallel and
     * boundedElastic schedulers (their executors' shutdownNow()) and on Rill's; a task of another
     * scheduler on the same threads is not touched.
     */
    @Test
    void disposingTheSchedulerInterruptsItsRunningTasksAsReactorsOwn() throws Exception {
        Scheduler[][] pairs = {
            {Schedulers.newParallel("interrupt", 2), scheduler},
            {Schedulers.newBoundedElastic(2, 10, "interrupt"), RillReactor.boundedElastic(engine, 2, 10)},
        };
        for (Scheduler[] pair : pairs) {
            for (Scheduler s : pair) {
                assertThat(DisposeWhileRunning.run(s::schedule, task -> s.dispose())).as(s.toString())
                        .isEqualTo("interrupted");
            }
        }
        Scheduler other = RillReactor.scheduler(engine);
        CountDownLatch otherStarted = new CountDownLatch(1);
        CountDownLatch otherDone = new CountDownLatch(1);
        AtomicInteger otherInterrupted = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        other.schedule(() -> {
            otherStarted.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                otherInterrupted.incrementAndGet();
            }
            otherDone.countDown();
        });
        assertThat(otherStarted.await(5, TimeUnit.SECONDS)).isTrue();
        Scheduler third = RillReactor.scheduler(engine);
        third.dispose();
        release.countDown();
        assertThat(otherDone.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(otherInterrupted.get()).isZero();
        other.dispose();
    }

    @SuppressWarnings("deprecation") // Reactor's restart; Rill keeps it working as Reactor's does
    private static void restart(Scheduler s) {
        s.start();
    }

    /**
     * A disposed scheduler's timers, its workers' too, leave the engine's wheel at once rather than
     * at their deadlines an hour away, with no set of them kept per timer: the sweep finds them.
     */
    @Test
    void aDisposeTakesItsTimersOffTheWheelAtOnce() {
        long before = engine.metrics().timersPending();
        Scheduler.Worker w = scheduler.createWorker();
        for (int i = 0; i < 10_000; i++) {
            scheduler.schedule(() -> { }, 1, TimeUnit.HOURS);
        }
        w.schedule(() -> { }, 1, TimeUnit.HOURS);
        Disposable periodic = scheduler.schedulePeriodically(() -> { }, 1, 1, TimeUnit.HOURS);
        awaitCondition(() -> engine.metrics().timersPending() == before + 10_002);
        assertThat(Scannable.from(scheduler).scan(Scannable.Attr.BUFFERED)).isEqualTo(10_002);
        scheduler.dispose();
        assertThat(periodic.isDisposed()).isTrue();
        awaitCondition(() -> engine.metrics().timersPending() == before);
        awaitBuffered(0);
    }

    /** A graceful dispose does not wait an hour for a periodic task's next period to stop it. */
    @Test
    void disposeGracefullyStopsPeriodicTasksWithoutWaitingForTheirPeriod() {
        for (Scheduler s : new Scheduler[] {Schedulers.newParallel("graceful", 2), scheduler}) {
            s.schedulePeriodically(() -> { }, 1, 1, TimeUnit.HOURS);
            s.disposeGracefully().block(java.time.Duration.ofSeconds(5)); // throws if it waits longer
            assertThat(s.isDisposed()).as(s.toString()).isTrue();
        }
    }

    /**
     * What {@code newBoundedElastic(2, 10)} accepts before it refuses, in six situations, on
     * Reactor's own and on Rill's: the cap is per thread and counts delayed, periodic and workers'
     * tasks; a running task does not count; a worker's tasks share its thread's places. Rill's
     * accepted 10 where Reactor takes 20, and 1,000 worker or delayed tasks where it takes 10.
     */
    @Test
    void boundedElasticQueueCapsCountWhatReactorsOwnCounts() throws Exception {
        List<Integer> reactors = boundedElasticAcceptance(() -> Schedulers.newBoundedElastic(2, 10, "caps"));
        List<Integer> rills = boundedElasticAcceptance(() -> RillReactor.boundedElastic(engine, 2, 10));
        assertThat(rills).isEqualTo(reactors).isEqualTo(List.of(20, 20, 10, 10, 10, 0, 0, 0, 20));
    }

    /**
     * Conservation: 4 threads schedule direct, delayed and worker tasks on a small boundedElastic,
     * dispose some of them and some workers, and are refused at times; once everything ran or was
     * disposed, every place in the queue caps was given back exactly once.
     */
    @Test
    void boundedElasticGivesBackEveryPlaceItTook() throws Exception {
        ReactorScheduler elastic = (ReactorScheduler) RillReactor.boundedElastic(engine, 2, 50);
        AtomicInteger refused = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                java.util.SplittableRandom rnd = new java.util.SplittableRandom();
                Scheduler.Worker w = elastic.createWorker();
                for (int i = 0; i < 20_000; i++) {
                    try {
                        Disposable d = switch (rnd.nextInt(3)) {
                            case 0 -> elastic.schedule(() -> { });
                            case 1 -> elastic.schedule(() -> { }, rnd.nextInt(2), TimeUnit.MILLISECONDS);
                            default -> w.schedule(() -> { }, rnd.nextInt(2), TimeUnit.MILLISECONDS);
                        };
                        if (rnd.nextInt(4) == 0) {
                            d.dispose();
                        }
                    } catch (RejectedExecutionException full) {
                        refused.incrementAndGet();
                    }
                    if (i % 5_000 == 4_999) {
                        w.dispose();
                        w = elastic.createWorker();
                    }
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(th.isAlive()).isFalse();
        }
        awaitCondition(() -> elastic.core.pending() == 0);
        assertThat(elastic.cap.waiting()).isZero();
        assertThat(refused.get()).as("the caps were reached at times").isPositive();
        elastic.dispose();
    }

    private static List<Integer> boundedElasticAcceptance(Supplier<Scheduler> make) throws Exception {
        List<Integer> accepted = new ArrayList<>();
        Scheduler s = make.get(); // two running, then direct tasks
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            s.schedule(() -> {
                running.countDown();
                await(release);
            });
        }
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        accepted.add(fill(() -> s.schedule(() -> { })));
        release.countDown();
        s.dispose();
        Scheduler delayed = make.get();
        accepted.add(fill(() -> delayed.schedule(() -> { }, 1, TimeUnit.HOURS)));
        delayed.dispose();
        Scheduler w = make.get(); // a worker: one running, then its own tasks
        Scheduler.Worker worker = w.createWorker();
        CountDownLatch release2 = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        worker.schedule(() -> {
            started.countDown();
            await(release2);
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        accepted.add(fill(() -> worker.schedule(() -> { })));
        release2.countDown();
        w.dispose();
        Scheduler workers = make.get(); // four workers' delayed tasks, then the scheduler's
        for (int i = 0; i < 4; i++) {
            Scheduler.Worker each = workers.createWorker();
            accepted.add(fill(() -> each.schedule(() -> { }, 1, TimeUnit.HOURS)));
        }
        accepted.add(fill(() -> workers.schedule(() -> { }, 1, TimeUnit.HOURS)));
        workers.dispose();
        Scheduler periodic = make.get();
        accepted.add(fill(() -> periodic.schedulePeriodically(() -> { }, 1, 1, TimeUnit.HOURS)));
        periodic.dispose();
        return accepted;
    }

    /** Schedules until refused; how many were accepted (at most 10,000). */
    private static int fill(Supplier<Disposable> schedule) {
        for (int n = 0; n < 10_000; n++) {
            try {
                schedule.get();
            } catch (RejectedExecutionException refused) {
                return n;
            }
        }
        return 10_000;
    }

    @Test
    void scannableAttributesDescribeIt() throws Exception {
        Scannable s = Scannable.from(scheduler);
        assertThat(s.scan(Scannable.Attr.NAME)).contains(engine.name());
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
        CountDownLatch running = new CountDownLatch(2);
        for (int i = 0; i < 6; i++) { // 2 run, 2 wait per thread
            elastic.schedule(() -> {
                thread.set(Thread.currentThread().getName());
                running.countDown();
                await(release);
            });
            if (i == 1) {
                assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
            }
        }
        assertThatThrownBy(() -> elastic.schedule(() -> { })).isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("queuedTaskCap");
        release.countDown();
        awaitCondition(() -> Scannable.from(elastic).scan(Scannable.Attr.BUFFERED) == 0);
        assertThat(thread.get()).contains("blocking");
        elastic.dispose();
    }

    private void awaitBuffered(int n) {
        awaitCondition(() -> Scannable.from(scheduler).scan(Scannable.Attr.BUFFERED) == n);
    }

    static void awaitCondition(BooleanSupplier c) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.onSpinWait();
        }
    }

    static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
