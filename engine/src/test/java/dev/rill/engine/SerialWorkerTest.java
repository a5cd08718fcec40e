package dev.rill.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SerialWorkerTest {

    private final AtomicReference<Throwable> errors = new AtomicReference<>();
    private final Engine engine = Engine.builder().workers(4).name("serial")
            .onError((t, e) -> errors.compareAndSet(null, e)).build();

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void runsTasksInSubmissionOrder() throws Exception {
        Scheduler.Worker w = engine.createWorker();
        List<Integer> seen = new ArrayList<>(); // unsynchronised on purpose: the worker orders access
        CountDownLatch done = new CountDownLatch(1);
        for (int i = 0; i < 10_000; i++) {
            int v = i;
            w.schedule(() -> seen.add(v));
        }
        w.schedule(done::countDown);
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).hasSize(10_000);
        for (int i = 0; i < seen.size(); i++) {
            assertThat(seen.get(i)).isEqualTo(i);
        }
    }

    /** Four threads submit to one Worker: each submitter's order holds, never two tasks at once. */
    @Test
    void fourSubmittersKeepTheirOrderAndTasksNeverOverlap() throws Exception {
        final int perThread = 250_000;
        Scheduler.Worker w = engine.createWorker();
        AtomicInteger inside = new AtomicInteger();
        int[] lastSeen = {-1, -1, -1, -1}; // plain: the worker's happens-before chain must cover it
        long[] count = {0};
        AtomicInteger violations = new AtomicInteger();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] submitters = new Thread[4];
        for (int s = 0; s < 4; s++) {
            int id = s;
            submitters[s] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    int v = i;
                    w.schedule(() -> {
                        if (inside.incrementAndGet() != 1) {
                            violations.incrementAndGet();
                        }
                        if (lastSeen[id] != v - 1) {
                            violations.incrementAndGet();
                        }
                        lastSeen[id] = v;
                        count[0]++;
                        threads.add(Thread.currentThread().getName());
                        inside.decrementAndGet();
                    });
                }
            });
            submitters[s].start();
        }
        start.countDown();
        for (Thread t : submitters) {
            t.join();
        }
        CountDownLatch done = new CountDownLatch(1);
        w.schedule(done::countDown);
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(violations.get()).isZero();
        assertThat(count[0]).isEqualTo(4L * perThread);
        assertThat(lastSeen).containsOnly(perThread - 1);
        assertThat(errors.get()).isNull();
    }

    @Test
    void cancellingTheWorkerDropsPendingTasksAndRejectsNewOnes() throws Exception {
        Scheduler.Worker w = engine.createWorker();
        CountDownLatch blocking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ranAfter = new AtomicInteger();
        w.schedule(() -> {
            blocking.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<Cancellable> pending = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            pending.add(w.schedule(ranAfter::incrementAndGet));
        }
        blocking.await();
        w.cancel();
        assertThat(w.isCancelled()).isTrue();
        release.countDown();
        TestSupport.awaitTrue(Duration.ofSeconds(5), "pending tasks dropped",
                () -> pending.stream().allMatch(Cancellable::isCancelled));
        assertThat(ranAfter.get()).isZero();
        assertThatThrownBy(() -> w.schedule(() -> { })).isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("cancelled");
    }

    @Test
    void cancellingOneTaskSkipsOnlyThatTask() throws Exception {
        Scheduler.Worker w = engine.createWorker();
        CountDownLatch hold = new CountDownLatch(1);
        List<String> seen = new ArrayList<>();
        w.schedule(() -> {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        w.schedule(() -> seen.add("a"));
        Cancellable b = w.schedule(() -> seen.add("b"));
        CountDownLatch done = new CountDownLatch(1);
        w.schedule(() -> {
            seen.add("c");
            done.countDown();
        });
        b.cancel();
        hold.countDown();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).containsExactly("a", "c");
        assertThat(b.isCancelled()).isTrue();
    }

    @Test
    void aThrowingTaskDoesNotStopTheOnesAfterIt() throws Exception {
        Scheduler.Worker w = engine.createWorker();
        CountDownLatch done = new CountDownLatch(1);
        w.schedule(() -> {
            throw new IllegalStateException("first fails");
        });
        w.schedule(done::countDown);
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(errors.get()).hasMessage("first fails");
    }

    @Test
    void longQueueYieldsToOtherWorkWithinTheBudget() throws Exception {
        try (Engine one = Engine.builder().workers(1).name("serial-one").build()) {
            Scheduler.Worker w = one.createWorker();
            List<String> order = new ArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            one.execute(() -> {
                one.execute(() -> order.add("other"));
                // The worker's task takes the LIFO slot and pushes "other" to the ring.
                for (int i = 0; i < 3 * Budget.PER_RUN; i++) {
                    w.schedule(() -> order.add("w"));
                }
                w.schedule(done::countDown);
            });
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            // One run of the worker spends its budget on 128 tasks, then yields behind "other".
            assertThat(order.indexOf("other")).isEqualTo(Budget.PER_RUN);
            assertThat(order).hasSize(3 * Budget.PER_RUN + 1);
            assertThat(one.metrics().budgetYields()).isPositive();
        }
    }

    @Test
    void nullTaskIsRejected() {
        Scheduler.Worker w = engine.createWorker();
        assertThatThrownBy(() -> w.schedule(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void scheduleAfterEngineCloseIsRejected() {
        Scheduler.Worker w = engine.createWorker();
        engine.close();
        assertThatThrownBy(() -> w.schedule(() -> { })).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(engine::createWorker).isInstanceOf(RejectedExecutionException.class);
    }
}
