package dev.rill.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BlockingSchedulerTest {

    private final Engine engine = Engine.builder().workers(2).name("blk").build();

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void tasksRunOnBlockingThreadsNotOnWorkers() throws Exception {
        AtomicReference<Thread> ran = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        engine.blocking().schedule(() -> {
            ran.set(Thread.currentThread());
            done.countDown();
        });
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran.get()).isNotInstanceOf(WorkerThread.class);
        assertThat(ran.get().getName()).contains("blocking");
    }

    @Test
    void delayedTasksAreNeverEarlyAndRunOnThePool() throws Exception {
        AtomicReference<Thread> ran = new AtomicReference<>();
        long start = engine.now(TimeUnit.NANOSECONDS);
        AtomicInteger lateEnough = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        engine.blocking().schedule(() -> {
            if (engine.now(TimeUnit.NANOSECONDS) - start >= TimeUnit.MILLISECONDS.toNanos(20)) {
                lateEnough.incrementAndGet();
            }
            ran.set(Thread.currentThread());
            done.countDown();
        }, 20, TimeUnit.MILLISECONDS);
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(lateEnough.get()).isEqualTo(1);
        assertThat(ran.get()).isNotInstanceOf(WorkerThread.class);
    }

    @Test
    void aCancelledDelayedTaskNeverRuns() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Cancellable c = engine.blocking().schedule(runs::incrementAndGet, 30, TimeUnit.MILLISECONDS);
        c.cancel();
        assertThat(c.isCancelled()).isTrue();
        CountDownLatch later = new CountDownLatch(1);
        engine.blocking().schedule(later::countDown, 60, TimeUnit.MILLISECONDS);
        assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(runs.get()).isZero();
    }

    /** Conservation and order: 4 producers × 20,000 tasks into one worker, run on the pool. */
    @Test
    void aWorkerRunsEveryTaskOnceInProducerOrderNeverTwoAtOnce() throws Exception {
        Scheduler.Worker w = engine.blocking().createWorker();
        OrderedWorkerStress.run(w::schedule, 4, 20_000);
    }

    @Test
    void periodicRunsNeverOverlapAndStopWhenCancelled() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch five = new CountDownLatch(5);
        Cancellable c = engine.blocking().schedulePeriodically(() -> {
            if (inFlight.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
            runs.incrementAndGet();
            five.countDown();
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3); // overruns its 1 ms period
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            inFlight.decrementAndGet();
        }, 0, 1, TimeUnit.MILLISECONDS);
        assertThat(five.await(5, TimeUnit.SECONDS)).isTrue();
        c.cancel();
        TestSupport.awaitTrue(Duration.ofSeconds(5), "the last run ends", () -> inFlight.get() == 0);
        int after = runs.get();
        CountDownLatch later = new CountDownLatch(1);
        engine.blocking().schedule(later::countDown, 20, TimeUnit.MILLISECONDS);
        assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(runs.get()).as("no run after cancel (one may have been starting)").isLessThanOrEqualTo(after + 1);
        assertThat(overlaps.get()).isZero();
    }

    @Test
    void aCancelledWorkerDropsItsQueueAndRejectsNewTasks() throws Exception {
        Scheduler.Worker w = engine.blocking().createWorker();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger later = new AtomicInteger();
        w.schedule(() -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < 10; i++) {
            w.schedule(later::incrementAndGet);
        }
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        w.cancel();
        release.countDown();
        assertThatThrownBy(() -> w.schedule(later::incrementAndGet)).isInstanceOf(RejectedExecutionException.class);
        CountDownLatch probe = new CountDownLatch(1);
        engine.blocking().schedule(probe::countDown, 20, TimeUnit.MILLISECONDS);
        assertThat(probe.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(later.get()).isZero();
    }

    @Test
    void aLimitedViewCapsConcurrencyAndQueueAndLosesNothingItAccepted() throws Exception {
        BlockingScheduler view = engine.blocking().limited(2, 3);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(5);
        Runnable blocker = () -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            done.countDown();
        };
        for (int i = 0; i < 5; i++) {
            view.execute(blocker); // 2 run, 3 wait
        }
        TestSupport.awaitTrue(Duration.ofSeconds(5), "two running", () -> inFlight.get() == 2);
        assertThatThrownBy(() -> view.execute(blocker)).isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("2 tasks running").hasMessageContaining("3 queued");
        release.countDown();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(maxInFlight.get()).isEqualTo(2);
        view.shutdown();
        assertThatThrownBy(() -> view.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        CountDownLatch poolStillWorks = new CountDownLatch(1);
        engine.blocking().execute(poolStillWorks::countDown);
        assertThat(poolStillWorks.await(5, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> engine.blocking().limited(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Direct tasks from 4 threads at once on views of 1 and 2 threads: runners come and go as the
     * queue empties, takers never wait for a producer that has claimed a place but not written its
     * task yet, and still every task runs exactly once and none is stranded.
     */
    @Test
    void tasksFromManyThreadsAllRunOnceWhileRunnersComeAndGo() throws Exception {
        for (int threads = 1; threads <= 2; threads++) {
            BlockingScheduler view = engine.blocking().limited(threads, Integer.MAX_VALUE);
            int perThread = 25_000;
            int producers = 4;
            AtomicIntegerArray runs = new AtomicIntegerArray(producers * perThread);
            List<Thread> all = new ArrayList<>();
            for (int t = 0; t < producers; t++) {
                int base = t * perThread;
                Thread p = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        int id = base + i;
                        view.execute(() -> {
                            runs.incrementAndGet(id);
                            if (id % 97 == 0) {
                                Thread.yield(); // a longer task: submitters find every slot taken
                            }
                        });
                        if (i % 64 == 0) {
                            Thread.yield(); // let the runners drain and give their slots back
                        }
                    }
                });
                all.add(p);
                p.start();
            }
            for (Thread p : all) {
                p.join(TimeUnit.SECONDS.toMillis(30));
                assertThat(p.isAlive()).isFalse();
            }
            TestSupport.awaitTrue(Duration.ofSeconds(20), "every task ran", () -> {
                for (int i = 0; i < runs.length(); i++) {
                    if (runs.get(i) == 0) {
                        return false;
                    }
                }
                return true;
            });
            for (int i = 0; i < runs.length(); i++) {
                assertThat(runs.get(i)).as("runs of task %d", i).isEqualTo(1);
            }
        }
    }

    /**
     * Many short bursts from two threads, each waited for: a burst's last task is offered just as
     * the runner finds the queue empty and gives its slot back, the window where a task could be
     * left with nobody to run it. Every burst must finish.
     */
    @Test
    void noTaskIsStrandedWhenARunnerLeavesAsATaskArrives() throws Exception {
        BlockingScheduler view = engine.blocking().limited(1, Integer.MAX_VALUE);
        AtomicInteger ran = new AtomicInteger();
        CyclicBarrier go = new CyclicBarrier(2);
        int rounds = 3_000;
        Thread other = new Thread(() -> {
            try {
                for (int r = 0; r < rounds; r++) {
                    go.await(10, TimeUnit.SECONDS);
                    view.execute(ran::incrementAndGet);
                    go.await(10, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        other.start();
        for (int r = 0; r < rounds; r++) {
            go.await(10, TimeUnit.SECONDS);
            view.execute(ran::incrementAndGet);
            go.await(10, TimeUnit.SECONDS);
            int expected = 2 * (r + 1);
            TestSupport.awaitTrue(Duration.ofSeconds(5), "round " + r + " ran", () -> ran.get() == expected);
        }
        other.join(10_000);
        assertThat(ran.get()).isEqualTo(2 * rounds);
    }

    /**
     * Workers on a full view, from 4 threads at once, with direct tasks keeping the view's queue at
     * its cap: every task a worker accepted runs exactly once. A worker's drain refused because the
     * view was full used to drop the tasks other threads had queued on that worker meanwhile, after
     * their callers were told they were accepted.
     */
    @Test
    void aWorkerOnAFullViewRunsEveryTaskItAccepted() throws Exception {
        BlockingScheduler view = engine.blocking().limited(1, 1);
        List<Scheduler.Worker> workers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            workers.add(view.createWorker());
        }
        int perThread = 20_000;
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger fullRejections = new AtomicInteger();
        Runnable task = ran::incrementAndGet;
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int seed = t;
            Thread p = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    try {
                        if (i % 4 == 0) {
                            view.execute(() -> { }); // keeps the view's queue at its cap
                        }
                    } catch (RejectedExecutionException full) {
                        fullRejections.incrementAndGet();
                    }
                    workers.get((i + seed) % workers.size()).schedule(task);
                    accepted.incrementAndGet();
                }
            });
            producers.add(p);
            p.start();
        }
        for (Thread p : producers) {
            p.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(p.isAlive()).isFalse();
        }
        TestSupport.awaitTrue(Duration.ofSeconds(20), "every accepted task ran", () -> ran.get() >= accepted.get());
        assertThat(accepted.get()).isEqualTo(4 * perThread);
        assertThat(ran.get()).isEqualTo(accepted.get());
        assertThat(fullRejections.get()).as("the view was full at times").isPositive();
    }

    @Test
    void aClosedEngineRejects() {
        Engine e = Engine.builder().workers(1).name("blk-closed").build();
        BlockingScheduler b = e.blocking();
        e.close();
        assertThatThrownBy(() -> b.schedule(() -> { })).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> b.schedule(() -> { }, 1, TimeUnit.MILLISECONDS)).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(b::createWorker).isInstanceOf(RejectedExecutionException.class);
    }
}
