package dev.rill.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineTest {

    @Test
    void runsSubmittedTasksOnNamedDaemonWorkers() throws Exception {
        try (Engine engine = Engine.builder().workers(3).name("app").build()) {
            AtomicReference<Thread> ranOn = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            engine.execute(() -> {
                ranOn.set(Thread.currentThread());
                done.countDown();
            });
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(ranOn.get().getName()).matches("rill-app-worker-[0-2]");
            assertThat(ranOn.get().isDaemon()).isTrue();
            assertThat(engine.workerCount()).isEqualTo(3);
        }
    }

    @Test
    void defaultThreadNamesFollowTheDesign() throws Exception {
        try (Engine engine = Engine.builder().workers(1).build()) {
            Future<String> name = engine.submit(() -> Thread.currentThread().getName());
            assertThat(name.get(5, TimeUnit.SECONDS)).isEqualTo("rill-worker-0");
        }
    }

    @Test
    void scheduledTaskCanBeCancelledBeforeItRuns() throws Exception {
        try (Engine engine = Engine.builder().workers(1).name("cancel").build()) {
            CountDownLatch hold = new CountDownLatch(1);
            AtomicBoolean ran = new AtomicBoolean();
            engine.execute(() -> await(hold));
            Cancellable c = engine.schedule(() -> ran.set(true));
            c.cancel();
            c.cancel(); // idempotent
            hold.countDown();
            CountDownLatch after = new CountDownLatch(1);
            engine.execute(after::countDown);
            assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(ran).isFalse();
            assertThat(c.isCancelled()).isTrue();
        }
    }

    @Test
    void aTaskScheduledByARunningTaskRunsNextMostRecentFirst() throws Exception {
        try (Engine engine = Engine.builder().workers(1).name("lifo").build()) {
            List<String> order = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(3);
            engine.execute(() -> {
                for (String s : List.of("a", "b", "c")) {
                    engine.execute(() -> {
                        order.add(s);
                        done.countDown();
                    });
                }
            });
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(order).containsExactly("c", "a", "b"); // c from the LIFO slot, then the ring in order
            assertThat(engine.metrics().lifoRuns()).isPositive();
        }
    }

    /** Two tasks waking each other through the LIFO slot cannot starve the ring: at most 3 in a row. */
    @Test
    void lifoRunsInARowAreBounded() throws Exception {
        try (Engine engine = Engine.builder().workers(1).name("lifo-bound").build()) {
            List<String> order = new CopyOnWriteArrayList<>();
            AtomicBoolean ringRan = new AtomicBoolean();
            CountDownLatch done = new CountDownLatch(1);
            engine.execute(() -> {
                engine.execute(() -> {
                    order.add("ring");
                    ringRan.set(true);
                });
                engine.execute(new Runnable() { // displaces "ring" into the ring
                    int hops;

                    @Override
                    public void run() {
                        order.add("pingpong");
                        if (ringRan.get() || ++hops > 1000) {
                            done.countDown();
                        } else {
                            engine.execute(this);
                        }
                    }
                });
            });
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(order.indexOf("ring")).isBetween(0, WorkerThread.MAX_LIFO_RUNS);
        }
    }

    /** Tasks queued locally behind a busy worker are stolen by an idle one. */
    @Test
    void idleWorkerStealsFromABusyOne() throws Exception {
        try (Engine engine = Engine.builder().workers(2).name("steal").build()) {
            final int n = 200; // fits the ring: no overflow to the global queue, only steals can help
            CountDownLatch others = new CountDownLatch(n - 1);
            AtomicBoolean spawnerDone = new AtomicBoolean();
            engine.execute(() -> {
                for (int i = 0; i < n; i++) {
                    engine.execute(others::countDown);
                }
                // The last one sits in this worker's LIFO slot; the other 999 must be stolen.
                try {
                    spawnerDone.set(others.await(10, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            TestSupport.awaitTrue(Duration.ofSeconds(15), "spawner finished", spawnerDone::get);
            EngineMetrics m = engine.metrics();
            assertThat(m.stealOperations()).isPositive();
            assertThat(m.stolenTasks()).isGreaterThanOrEqualTo(n - 1);
            assertThat(m.overflows()).isZero();
        }
    }

    /**
     * A worker busy with an endless yielding task still serves work from outside: one outside task
     * per global-queue interval at least, so a burst of 1,000 completes within 1,000 intervals of
     * the busy task's runs. (A backlog of 1,000 is not taken in batches: beside local work a worker
     * admits one task of it per interval; see {@code WorkerThread.pullAtInterval}.)
     */
    @Test
    void outsideWorkIsServedAtEveryIntervalBesideBusyLocalWork() throws Exception {
        try (Engine engine = Engine.builder().workers(1).name("global-interval").closeTimeout(Duration.ofSeconds(1))
                .build()) {
            AtomicInteger busyRuns = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            Task busy = new Task(engine) {
                @Override
                protected void run() {
                    busyRuns.incrementAndGet();
                    if (!stop.get()) {
                        schedule();
                    }
                }
            };
            busy.schedule();
            TestSupport.awaitTrue(Duration.ofSeconds(5), "busy task running", () -> busyRuns.get() > 100);
            CountDownLatch all = new CountDownLatch(1000);
            AtomicInteger ran = new AtomicInteger();
            AtomicInteger busyRunsAtLast = new AtomicInteger();
            Runnable outside = () -> {
                if (ran.incrementAndGet() == 1000) {
                    busyRunsAtLast.set(busyRuns.get()); // on the worker: no wake-up lag in the count
                }
                all.countDown();
            };
            for (int i = 0; i < 1000; i++) {
                engine.execute(outside);
            }
            int submitted = busyRuns.get(); // measured from here: the submitting loop's own speed varies
            assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
            stop.set(true);
            assertThat(busyRunsAtLast.get() - submitted).isLessThanOrEqualTo(1000 * WorkerThread.GLOBAL_INTERVAL);
        }
    }

    @Test
    void throwingTaskGoesToTheHandlerAndTheWorkerLivesOn() throws Exception {
        List<String> reports = new CopyOnWriteArrayList<>();
        try (Engine engine = Engine.builder().workers(1).name("errors")
                .onError((t, e) -> reports.add(t.getName() + ": " + e.getMessage())).build()) {
            engine.execute(() -> {
                throw new IllegalStateException("bad task");
            });
            CountDownLatch after = new CountDownLatch(1);
            engine.execute(after::countDown);
            assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(reports).containsExactly("rill-errors-worker-0: bad task");
        }
    }

    @Test
    void aThrowingHandlerDoesNotKillTheWorker() throws Exception {
        try (Engine engine = Engine.builder().workers(1).name("bad-handler").onError((t, e) -> {
            throw new IllegalStateException("handler fails too");
        }).build()) {
            engine.execute(() -> {
                throw new IllegalStateException("task fails");
            });
            CountDownLatch after = new CountDownLatch(1);
            engine.execute(after::countDown);
            assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void closeFinishesQueuedWorkThenRejects() throws Exception {
        Engine engine = Engine.builder().workers(2).name("close").build();
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch hold = new CountDownLatch(1);
        engine.execute(() -> await(hold));
        for (int i = 0; i < 10_000; i++) {
            engine.execute(ran::incrementAndGet);
        }
        Thread closer = new Thread(engine::close);
        closer.start();
        TestSupport.awaitTrue(Duration.ofSeconds(5), "intake closed", engine::isShutdown);
        assertThatThrownBy(() -> engine.execute(() -> { }))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("close").hasMessageContaining("closed");
        hold.countDown();
        closer.join(10_000);
        assertThat(ran.get()).isEqualTo(10_000);
        assertThat(engine.isTerminated()).isTrue();
        assertThat(TestSupport.rillThreadsAlive("rill-close-")).isZero();
        assertThatThrownBy(() -> engine.schedule(() -> { })).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> engine.submit(() -> 1)).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void noRillThreadSurvivesClose() throws Exception {
        Engine engine = Engine.builder().workers(4).name("threads").build();
        CountDownLatch all = new CountDownLatch(1000);
        for (int i = 0; i < 1000; i++) {
            engine.execute(all::countDown);
        }
        assertThat(all.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(TestSupport.rillThreadsAlive("rill-threads-worker-")).isEqualTo(4);
        assertThat(TestSupport.rillThreadsAlive("rill-threads-timer")).isEqualTo(1);
        engine.blocking().execute(() -> { });
        engine.close();
        assertThat(TestSupport.rillThreadsAlive("rill-threads-")).isZero();
    }

    @Test
    void closeStopsEndlessWorkAfterTheTimeout() throws Exception {
        Engine engine = Engine.builder().workers(1).name("endless").closeTimeout(Duration.ofMillis(200)).build();
        AtomicBoolean started = new AtomicBoolean();
        Task endless = new Task(engine) {
            @Override
            protected void run() {
                started.set(true);
                schedule(); // re-runs forever; only a forced stop ends it
            }
        };
        endless.schedule();
        TestSupport.awaitTrue(Duration.ofSeconds(5), "started", started::get);
        long t0 = System.nanoTime();
        engine.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(engine.isTerminated()).isTrue();
        assertThat(TestSupport.rillThreadsAlive("rill-endless-")).isZero();
    }

    @Test
    void shutdownNowReturnsTasksThatNeverRan() throws Exception {
        Engine engine = Engine.builder().workers(1).name("now").build();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch hold = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        engine.execute(() -> {
            running.countDown();
            try {
                hold.await();
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        running.await();
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 50; i++) {
            engine.execute(ran::incrementAndGet);
        }
        AtomicReference<RejectedExecutionException> told = new AtomicReference<>();
        Task task = new Task(engine) {
            @Override
            protected void run() {
                ran.incrementAndGet();
            }

            @Override
            protected void rejected(RejectedExecutionException cause) {
                told.set(cause);
            }
        };
        task.schedule();
        List<Runnable> left = engine.shutdownNow();
        assertThat(interrupted).isTrue();
        assertThat(ran.get()).isZero();
        assertThat(left).hasSize(50); // the plain tasks come back; the stream stage is told instead
        assertThat(told.get()).hasMessageContaining("'now' is closed");
        assertThatThrownBy(task::schedule).isInstanceOf(RejectedExecutionException.class);
        left.forEach(Runnable::run); // they are the real tasks: running them does the work
        assertThat(ran.get()).isEqualTo(50);
        assertThat(engine.isTerminated()).isTrue();
        // The last worker reports the engine terminated on its way out, a moment before its thread
        // ends; shutdownNow waits for the report, not for the thread (close joins it).
        TestSupport.awaitTrue(Duration.ofSeconds(5), "every rill-now- thread ended",
                () -> TestSupport.rillThreadsAlive("rill-now-") == 0);
    }

    /** What the blocking pool handed back and never ran comes back from shutdownNow like an outside task. */
    @Test
    void shutdownNowReturnsTasksWaitingInTheReturnLane() throws Exception {
        Engine engine = Engine.builder().workers(1).name("now-lane").stuckWorkerThreshold(Duration.ZERO).build();
        CountDownLatch holding = new CountDownLatch(1);
        engine.execute(() -> {
            holding.countDown();
            try {
                new CountDownLatch(1).await(10, TimeUnit.SECONDS); // until shutdownNow interrupts it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
        AtomicInteger ran = new AtomicInteger();
        Runnable outside = ran::incrementAndGet;
        Runnable back = ran::incrementAndGet;
        engine.execute(outside);
        CountDownLatch handedBack = new CountDownLatch(1);
        engine.blocking().execute(() -> {
            engine.execute(back);
            handedBack.countDown();
        });
        assertThat(handedBack.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(engine.metrics().globalQueueDepth()).isEqualTo(2);
        List<Runnable> left = engine.shutdownNow();
        assertThat(left).containsExactlyInAnyOrder(outside, back);
        assertThat(ran.get()).isZero();
        assertThat(engine.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void closeFromInsideATaskOnlyStopsIntake() throws Exception {
        Engine engine = Engine.builder().workers(1).name("self-close").build();
        CountDownLatch closed = new CountDownLatch(1);
        engine.execute(() -> {
            engine.close();
            closed.countDown();
        });
        assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(engine.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> engine.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void badInputIsRejectedClearly() {
        assertThatThrownBy(() -> Engine.builder().workers(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
        assertThatThrownBy(() -> Engine.builder().workers(-3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-3");
        assertThatThrownBy(() -> Engine.builder().name(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Engine.builder().name(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Engine.builder().closeTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> Engine.builder().onError(null)).isInstanceOf(NullPointerException.class);
        try (Engine engine = Engine.builder().workers(1).name("nulls").build()) {
            assertThatThrownBy(() -> engine.execute(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> engine.schedule(null)).isInstanceOf(NullPointerException.class);
        }
    }

    @Test
    void commonEngineIsSharedAndCannotBeClosed() throws Exception {
        Engine common = Engine.common();
        assertThat(Engine.common()).isSameAs(common);
        assertThat(common.workerCount()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(common.submit(() -> 42).get(5, TimeUnit.SECONDS)).isEqualTo(42);
        assertThatThrownBy(common::close).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(common::shutdownNow).isInstanceOf(UnsupportedOperationException.class);
        assertThat(common.isShutdown()).isFalse();
    }

    @Test
    void metricsCountTheWorkAndPrintAsATable() throws Exception {
        try (Engine engine = Engine.builder().workers(2).name("metrics").build()) {
            CountDownLatch all = new CountDownLatch(500);
            for (int i = 0; i < 500; i++) {
                engine.execute(all::countDown);
            }
            assertThat(all.await(5, TimeUnit.SECONDS)).isTrue();
            TestSupport.awaitTrue(Duration.ofSeconds(5), "all parked", () -> engine.metrics().parked() == 2);
            EngineMetrics m = engine.metrics();
            assertThat(m.tasksRun()).isEqualTo(500);
            assertThat(m.parks()).isPositive();
            assertThat(m.workers()).hasSize(2);
            assertThat(m.globalQueueDepth()).isZero();
            String table = m.toString();
            assertThat(table).contains("engine 'metrics'", "rill-metrics-worker-0", "rill-metrics-worker-1",
                    "steals", "parks", "yields", "overflows", "total");
        }
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
