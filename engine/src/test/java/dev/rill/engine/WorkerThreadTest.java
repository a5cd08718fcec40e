package dev.rill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A worker's loop as seen from outside: a task left in the "runs next" slot of a worker stuck in
 * one long run is taken by an idle worker, whether the run blocks or computes, and whether the task
 * is a plain runnable or a stream stage's {@link Task}; work handed back by the blocking pool goes
 * ahead of the global queue without starving it.
 */
class WorkerThreadTest {

    /** The parent blocks until its child ran: without the steal it would wait for ever (here 5 s). */
    @Test
    void aChildOfABlockedTaskRunsOnTheIdleWorker() throws Exception {
        try (Engine engine = Engine.builder().workers(2).name("stranded-block").build()) {
            AtomicReference<Thread> parentThread = new AtomicReference<>();
            AtomicReference<Thread> childThread = new AtomicReference<>();
            CountDownLatch childRan = new CountDownLatch(1);
            CountDownLatch parentSaw = new CountDownLatch(1);
            engine.execute(() -> {
                parentThread.set(Thread.currentThread());
                engine.execute(() -> {
                    childThread.set(Thread.currentThread());
                    childRan.countDown();
                });
                try {
                    if (childRan.await(5, TimeUnit.SECONDS)) { // stuck in this run on purpose
                        parentSaw.countDown();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(parentSaw.await(10, TimeUnit.SECONDS)).as("the child ran while its parent waited").isTrue();
            assertThat(childThread.get()).isNotSameAs(parentThread.get());
        }
    }

    /** The same with a parent that computes, and a child that is a {@link Task} (a stream stage's drain). */
    @Test
    void aTaskScheduledByAComputingTaskRunsOnTheIdleWorker() throws Exception {
        try (Engine engine = Engine.builder().workers(2).name("stranded-cpu").build()) {
            CountDownLatch childRan = new CountDownLatch(1);
            CountDownLatch parentSaw = new CountDownLatch(1);
            Task child = Task.of(engine, childRan::countDown);
            engine.execute(() -> {
                child.schedule();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (childRan.getCount() != 0 && System.nanoTime() < deadline) {
                    Thread.onSpinWait(); // stuck in this run on purpose
                }
                if (childRan.getCount() == 0) {
                    parentSaw.countDown();
                }
            });
            assertThat(parentSaw.await(10, TimeUnit.SECONDS)).as("the child ran while its parent computed").isTrue();
        }
    }

    /** The idle worker parked before the child existed: it still finds it (it watches while others are awake). */
    @Test
    void aChildSpawnedAfterTheOtherWorkerParkedStillRunsThere() throws Exception {
        try (Engine engine = Engine.builder().workers(2).name("stranded-late").build()) {
            CountDownLatch childRan = new CountDownLatch(1);
            CountDownLatch parentSaw = new CountDownLatch(1);
            engine.execute(() -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (engine.idle.unparkedCount() > 1 && System.nanoTime() < deadline) {
                    Thread.onSpinWait(); // until the other worker has parked
                }
                engine.execute(childRan::countDown);
                try {
                    if (childRan.await(5, TimeUnit.SECONDS)) {
                        parentSaw.countDown();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(parentSaw.await(15, TimeUnit.SECONDS)).as("the child ran while its parent waited").isTrue();
        }
    }

    /** Many stuck parents in a row, each with a child: every child runs once, none waits for its parent. */
    @Test
    void everyStrandedChildRunsOnceWhileItsParentIsStuck() throws Exception {
        try (Engine engine = Engine.builder().workers(2).name("stranded-many").build()) {
            int parents = 200;
            CountDownLatch allSaw = new CountDownLatch(parents);
            int[] runs = new int[parents];
            for (int i = 0; i < parents; i++) {
                int id = i;
                CountDownLatch parentDone = new CountDownLatch(1);
                engine.execute(() -> {
                    CountDownLatch childRan = new CountDownLatch(1);
                    engine.execute(() -> {
                        runs[id]++;
                        childRan.countDown();
                    });
                    try {
                        if (childRan.await(5, TimeUnit.SECONDS)) {
                            allSaw.countDown();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    parentDone.countDown();
                });
                assertThat(parentDone.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(allSaw.getCount()).as("parent %d saw its child", id).isEqualTo(parents - id - 1L);
            }
            assertThat(allSaw.getCount()).isZero();
            for (int r : runs) {
                assertThat(r).isEqualTo(1);
            }
        }
    }

    /**
     * One worker, held in a run while ten tasks queue from outside and then one comes back from the
     * blocking pool: the one that came back runs first (it continues admitted work), the ten after
     * it in their order. Without the return lane it would run last.
     */
    @Test
    void aTaskHandedBackByTheBlockingPoolRunsBeforeEarlierOutsideTasks() throws Exception {
        try (Engine engine = oneWorkerNoWatchdog("return-first")) {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            engine.execute(() -> {
                holding.countDown();
                awaitQuietly(release);
            });
            assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
            List<String> order = new CopyOnWriteArrayList<>();
            CountDownLatch all = new CountDownLatch(11);
            for (int i = 0; i < 10; i++) {
                String name = "outside-" + i;
                engine.execute(() -> {
                    order.add(name);
                    all.countDown();
                });
            }
            CountDownLatch handedBack = new CountDownLatch(1);
            engine.blocking().execute(() -> {
                engine.execute(() -> {
                    order.add("back");
                    all.countDown();
                });
                handedBack.countDown();
            });
            assertThat(handedBack.await(5, TimeUnit.SECONDS)).isTrue();
            release.countDown();
            assertThat(all.await(5, TimeUnit.SECONDS)).as("every task ran").isTrue();
            assertThat(order).startsWith("back", "outside-0", "outside-1").hasSize(11).endsWith("outside-9");
        }
    }

    /**
     * A blocking thread keeps the return lane from ever running dry (a hundred tasks queued there at
     * all times); a task from outside still runs, and while the lane is still being fed.
     */
    @Test
    void aReturnLaneThatNeverRunsDryDoesNotStarveTheGlobalQueue() throws Exception {
        try (Engine engine = oneWorkerNoWatchdog("return-fair")) {
            AtomicInteger queued = new AtomicInteger();
            AtomicInteger ranFromLane = new AtomicInteger();
            CountDownLatch outsideRan = new CountDownLatch(1);
            CountDownLatch feederDone = new CountDownLatch(1);
            engine.blocking().execute(() -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (outsideRan.getCount() != 0 && System.nanoTime() < deadline) {
                    if (queued.get() < 100) {
                        queued.incrementAndGet();
                        engine.execute(() -> {
                            ranFromLane.incrementAndGet();
                            queued.decrementAndGet();
                        });
                    } else {
                        Thread.onSpinWait();
                    }
                }
                feederDone.countDown();
            });
            TestSupport.awaitTrue(Duration.ofSeconds(5), "the lane was fed", () -> ranFromLane.get() >= 1_000);
            engine.execute(outsideRan::countDown);
            assertThat(outsideRan.await(5, TimeUnit.SECONDS)).as("the outside task ran beside the lane").isTrue();
            assertThat(feederDone.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    /**
     * One worker whose only local work is an endlessly yielding task, and outside tasks queued while
     * it was held: a short burst (fewer than half a ring) is taken in one batch at an interval, so
     * its tasks run back to back; a backlog is admitted one task per interval, so the yielding task
     * runs between its first admissions (what keeps admitted work ahead of new work under overload).
     */
    @Test
    void aShortBurstIsAdmittedInOneBatchAndABacklogOneTaskPerInterval() throws Exception {
        // The first of a batch runs at once and the rest from the ring, behind the yielding task.
        int[] burst = admissionGaps(20);
        assertThat(Arrays.copyOfRange(burst, 1, burst.length)).as("busy runs between the burst's later tasks")
                .containsOnly(0);
        int[] backlog = admissionGaps(LocalQueue.HALF + 100);
        assertThat(backlog[0]).as("busy runs between a backlog's first two tasks").isPositive();
    }

    /** Queues {@code n} outside tasks behind a held yielding task; returns its runs between each pair. */
    private static int[] admissionGaps(int n) throws Exception {
        try (Engine engine = oneWorkerNoWatchdog("admission")) {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger busyRuns = new AtomicInteger();
            AtomicInteger stop = new AtomicInteger();
            new Task(engine) {
                @Override
                protected void run() {
                    if (busyRuns.getAndIncrement() == 0) {
                        holding.countDown();
                        awaitQuietly(release);
                    }
                    if (stop.get() == 0) {
                        schedule();
                    }
                }
            }.schedule();
            assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
            int[] runAt = new int[n];
            CountDownLatch all = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                int index = i;
                engine.execute(() -> {
                    runAt[index] = busyRuns.get(); // on the one worker: ordered with the busy task's runs
                    all.countDown();
                });
            }
            release.countDown();
            assertThat(all.await(5, TimeUnit.SECONDS)).as("every outside task ran").isTrue();
            stop.set(1);
            int[] gaps = new int[n - 1];
            for (int i = 1; i < n; i++) {
                gaps[i - 1] = runAt[i] - runAt[i - 1];
            }
            return gaps;
        }
    }

    private static Engine oneWorkerNoWatchdog(String name) {
        return Engine.builder().workers(1).name(name).stuckWorkerThreshold(Duration.ZERO).build();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
