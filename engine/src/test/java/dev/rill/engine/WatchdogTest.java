package dev.rill.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A worker stuck in one run is reported once per incident, and its queued work does not wait for
 * it: the other workers take it, and when every worker is stuck a spare thread does.
 */
@Timeout(60)
class WatchdogTest {

    private static final int TASKS = 10_000;

    private final List<StuckWorker> reports = new CopyOnWriteArrayList<>();

    private Engine engine(int workers) {
        return Engine.builder().workers(workers).name("watched").stuckWorkerThreshold(Duration.ofMillis(100))
                .onStuckWorker(reports::add).build();
    }

    /** Each of {@code TASKS} tasks counts its runs in {@code runs}; the last to finish records when. */
    private static Runnable counted(AtomicIntegerArray runs, int i, CountDownLatch all, AtomicLong lastAt) {
        return () -> {
            runs.incrementAndGet(i);
            lastAt.set(System.nanoTime());
            all.countDown();
        };
    }

    /**
     * Two workers; a task queues 10,000 tasks on its own worker (its slot and ring) and then
     * blocks for 2 s. The other worker runs them all long before the block ends; the hook fires
     * once, with the stack of the sleeping thread; and once the blocked worker is back, no task
     * has run twice or been lost.
     */
    @Test
    void aBlockedWorkersQueuedTasksRunElsewhereAndTheIncidentIsReportedOnce() throws Exception {
        try (Engine e = engine(2)) {
            AtomicIntegerArray runs = new AtomicIntegerArray(TASKS);
            CountDownLatch all = new CountDownLatch(TASKS);
            CountDownLatch blockerDone = new CountDownLatch(1);
            AtomicLong queuedAt = new AtomicLong();
            AtomicLong lastAt = new AtomicLong();
            e.execute(() -> {
                for (int i = 0; i < TASKS; i++) {
                    e.execute(counted(runs, i, all, lastAt));
                }
                queuedAt.set(System.nanoTime());
                sleep(2_000);
                blockerDone.countDown();
            });
            assertThat(all.await(1_500, TimeUnit.MILLISECONDS)).as("the queued tasks ran while the worker slept").isTrue();
            long millis = TimeUnit.NANOSECONDS.toMillis(lastAt.get() - queuedAt.get());
            System.out.printf("WatchdogTest: 10,000 tasks queued behind a blocked worker finished in %d ms%n", millis);
            assertThat(blockerDone.await(10, TimeUnit.SECONDS)).isTrue();
            TestSupport.awaitTrue(Duration.ofSeconds(5), "the report", () -> !reports.isEmpty());
            assertThat(reports).singleElement().satisfies(r -> {
                assertThat(r.engine()).isEqualTo("watched");
                assertThat(r.thread().getName()).contains("watched-worker");
                assertThat(r.stuckFor()).isGreaterThanOrEqualTo(Duration.ofMillis(100));
                assertThat(r.stack()).anyMatch(f -> f.getMethodName().equals("sleep"));
            });
            assertThat(e.stuckIncidents()).isEqualTo(1);
            for (int i = 0; i < TASKS; i++) {
                assertThat(runs.get(i)).as("task %d", i).isEqualTo(1);
            }
        }
    }

    /**
     * Both workers blocked while 10,000 tasks wait in the global queue: a spare thread runs them,
     * both incidents are reported, and every task runs exactly once.
     */
    @Test
    void whenEveryWorkerIsStuckASpareRunsTheQueuedWork() throws Exception {
        try (Engine e = engine(2)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch blocked = new CountDownLatch(2);
            for (int b = 0; b < 2; b++) {
                e.execute(() -> {
                    blocked.countDown();
                    await(release);
                });
            }
            assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
            AtomicIntegerArray runs = new AtomicIntegerArray(TASKS);
            CountDownLatch all = new CountDownLatch(TASKS);
            AtomicLong lastAt = new AtomicLong();
            List<String> ranOn = new CopyOnWriteArrayList<>();
            e.execute(() -> ranOn.add(Thread.currentThread().getName()));
            for (int i = 0; i < TASKS; i++) {
                e.execute(counted(runs, i, all, lastAt));
            }
            assertThat(all.await(5, TimeUnit.SECONDS)).as("a spare ran the queued work").isTrue();
            assertThat(ranOn).singleElement().asString().contains("spare");
            release.countDown();
            TestSupport.awaitTrue(Duration.ofSeconds(5), "both reports", () -> reports.size() == 2);
            for (int i = 0; i < TASKS; i++) {
                assertThat(runs.get(i)).as("task %d", i).isEqualTo(1);
            }
        }
    }

    /** A spare counts as a live worker: the engine has not terminated while a spare still runs a task. */
    @Test
    void terminationWaitsForASpareStillRunningATask() throws Exception {
        Engine e = engine(2);
        CountDownLatch releaseWorkers = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(2);
        for (int b = 0; b < 2; b++) {
            e.execute(() -> {
                blocked.countDown();
                await(releaseWorkers);
            });
        }
        assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
        CountDownLatch releaseSpare = new CountDownLatch(1);
        CountDownLatch onSpare = new CountDownLatch(1);
        e.execute(() -> {
            onSpare.countDown();
            await(releaseSpare);
        });
        assertThat(onSpare.await(5, TimeUnit.SECONDS)).as("a spare took the queued task").isTrue();
        e.shutdown();
        releaseWorkers.countDown();
        assertThat(e.awaitTermination(300, TimeUnit.MILLISECONDS)).as("the spare still runs").isFalse();
        releaseSpare.countDown();
        assertThat(e.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    /**
     * On a one-worker engine, a task that blocks in place hands its queued tasks over at once (a
     * spare runs them while it blocks) and is not reported; what it returns comes back.
     */
    @Test
    void blockInPlaceHandsTheWorkOverAtOnceAndIsNotReported() throws Exception {
        try (Engine e = engine(1)) {
            AtomicIntegerArray runs = new AtomicIntegerArray(1_000);
            CountDownLatch all = new CountDownLatch(1_000);
            AtomicLong lastAt = new AtomicLong();
            CountDownLatch result = new CountDownLatch(1);
            e.execute(() -> {
                for (int i = 0; i < 1_000; i++) {
                    e.execute(counted(runs, i, all, lastAt));
                }
                try {
                    String r = Engine.blockInPlace(() -> {
                        assertThat(all.await(5, TimeUnit.SECONDS)).isTrue(); // runs elsewhere meanwhile
                        sleep(300); // past the threshold: declared, so not reported
                        return "blocked";
                    });
                    if (r.equals("blocked")) {
                        result.countDown();
                    }
                } catch (Exception ex) {
                    throw new AssertionError(ex);
                }
            });
            assertThat(result.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(all.getCount()).isZero();
            assertThat(reports).isEmpty();
            assertThat(Engine.blockInPlace(() -> 7)).as("off the engine it just runs").isEqualTo(7);
            assertThatThrownBy(() -> Engine.blockInPlace(null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("work");
        }
    }

    /**
     * One worker, nothing else queued: a task that spends its budget for four thresholds keeps
     * getting fresh budgets, and it would yield at once if anything waited, so it is not reported;
     * when the same run then blocks, it is.
     */
    @Test
    void aRunThatKeepsGettingFreshBudgetsIsNotReportedUntilItBlocks() throws Exception {
        try (Engine e = engine(1)) {
            CountDownLatch cooperated = new CountDownLatch(1);
            CountDownLatch reported = new CountDownLatch(1);
            AtomicLong reportsWhileCooperating = new AtomicLong(-1);
            e.execute(() -> {
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);
                long spins = 0;
                while (System.nanoTime() < end) {
                    if (Budget.tryConsume()) {
                        spins++;
                    }
                }
                reportsWhileCooperating.set(reports.size());
                cooperated.countDown();
                for (int i = 0; i < 1_000 && reports.isEmpty() && spins > 0; i++) {
                    sleep(10); // blocks the worker: the watchdog must see it within 10 s
                }
                reported.countDown();
            });
            assertThat(cooperated.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(reportsWhileCooperating.get()).isZero();
            assertThat(reported.await(15, TimeUnit.SECONDS)).isTrue();
            assertThat(reports).hasSize(1);
            assertThat(e.metrics().budgetYields()).isZero();
        }
    }

    @Test
    void switchedOffThereIsNoWatchdogAndBadSettingsAreRefused() throws Exception {
        try (Engine e = Engine.builder().workers(1).name("unwatched").stuckWorkerThreshold(Duration.ZERO).build()) {
            CountDownLatch done = new CountDownLatch(1);
            e.execute(() -> {
                sleep(250);
                done.countDown();
            });
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(e.stuckIncidents()).isZero();
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("rill-unwatched-watchdog"));
        }
        assertThatThrownBy(() -> Engine.builder().stuckWorkerThreshold(Duration.ofNanos(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stuckWorkerThreshold");
        assertThatThrownBy(() -> Engine.builder().stuckWorkerThreshold(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stuckWorkerThreshold");
        assertThatThrownBy(() -> Engine.builder().spareThreads(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spareThreads");
        assertThatThrownBy(() -> Engine.builder().onStuckWorker(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("hook");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
