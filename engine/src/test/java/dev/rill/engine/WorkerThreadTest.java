package dev.rill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A worker's loop as seen from outside: a task left in the "runs next" slot of a worker stuck in
 * one long run is taken by an idle worker, whether the run blocks or computes, and whether the task
 * is a plain runnable or a stream stage's {@link Task}.
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
}
