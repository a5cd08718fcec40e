package dev.rill.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TaskTest {

    private final AtomicReference<Throwable> errors = new AtomicReference<>();
    private final Engine engine = Engine.builder().workers(2).name("task-test")
            .onError((t, e) -> errors.set(e)).build();

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void manySchedulesBeforeARunCollapseIntoOneRun() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch blockerRunning = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch ran = new CountDownLatch(1);
        Task t = new Task(engine) {
            @Override
            protected void run() {
                runs.incrementAndGet();
                ran.countDown();
            }
        };
        // Occupy both workers so the task stays queued while we schedule it again and again.
        for (int i = 0; i < 2; i++) {
            engine.execute(() -> {
                blockerRunning.countDown();
                awaitUninterruptibly(gate);
            });
        }
        blockerRunning.await();
        for (int i = 0; i < 100; i++) {
            t.schedule();
        }
        assertThat(t.isScheduled()).isTrue();
        gate.countDown();
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        TestSupport.awaitTrue(Duration.ofSeconds(5), "task idle", () -> !t.isScheduled());
        assertThat(runs.get()).isEqualTo(1);
    }

    @Test
    void scheduleDuringRunCausesExactlyOneMoreRun() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch second = new CountDownLatch(2);
        Task t = new Task(engine) {
            @Override
            protected void run() {
                if (runs.incrementAndGet() == 1) {
                    schedule();
                    schedule();
                    schedule();
                }
                second.countDown();
            }
        };
        t.schedule();
        assertThat(second.await(5, TimeUnit.SECONDS)).isTrue();
        TestSupport.awaitTrue(Duration.ofSeconds(5), "task idle", () -> !t.isScheduled());
        assertThat(runs.get()).isEqualTo(2);
    }

    @Test
    void neverRunsConcurrentlyWithItselfAndEachRunSeesThePrevious() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        long[] plainCounter = {0}; // no synchronisation: the task's happens-before chain must cover it
        AtomicLong runs = new AtomicLong();
        Task t = new Task(engine) {
            @Override
            protected void run() {
                assertThat(inside.incrementAndGet()).isEqualTo(1);
                plainCounter[0]++;
                runs.incrementAndGet();
                inside.decrementAndGet();
            }
        };
        Thread[] poker = new Thread[3];
        for (int i = 0; i < poker.length; i++) {
            poker[i] = new Thread(() -> {
                for (int k = 0; k < 200_000; k++) {
                    t.schedule();
                }
            });
            poker[i].start();
        }
        for (Thread p : poker) {
            p.join();
        }
        TestSupport.awaitTrue(Duration.ofSeconds(10), "task idle", () -> !t.isScheduled());
        assertThat(errors.get()).isNull();
        CountDownLatch last = new CountDownLatch(1);
        engine.execute(last::countDown);
        last.await();
        assertThat(plainCounter[0]).isEqualTo(runs.get()).isPositive();
    }

    /**
     * A producer publishes into an SPSC queue with release stores only and wakes the draining task
     * after each item; the task drains until empty. No item is ever left behind after the last
     * wake-up (the Dekker pair between schedule() and the run's start), in order, each once.
     */
    @Test
    void noWakeUpIsLostBetweenPublishAndDrain() throws Exception {
        final int items = 2_000_000;
        org.jctools.queues.SpscUnboundedArrayQueue<Integer> q = new org.jctools.queues.SpscUnboundedArrayQueue<>(1024);
        AtomicLong consumed = new AtomicLong();
        AtomicInteger outOfOrder = new AtomicInteger();
        Task drain = new Task(engine) {
            int expected;

            @Override
            protected void run() {
                for (Integer v; (v = q.poll()) != null; ) {
                    if (v != expected++) {
                        outOfOrder.incrementAndGet();
                    }
                    consumed.incrementAndGet();
                }
            }
        };
        Thread producer = new Thread(() -> {
            for (int i = 0; i < items; i++) {
                q.offer(i);
                drain.schedule();
            }
        });
        producer.start();
        producer.join();
        TestSupport.awaitTrue(Duration.ofSeconds(20), "all items drained, consumed=" + consumed,
                () -> consumed.get() == items);
        assertThat(outOfOrder.get()).isZero();
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void throwingTaskGoesToHandlerAndCanRunAgain() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch twice = new CountDownLatch(2);
        Task t = new Task(engine) {
            @Override
            protected void run() {
                runs.incrementAndGet();
                twice.countDown();
                throw new IllegalStateException("boom " + runs.get());
            }
        };
        t.schedule();
        TestSupport.awaitTrue(Duration.ofSeconds(5), "error reported", () -> errors.get() != null);
        TestSupport.awaitTrue(Duration.ofSeconds(5), "task idle", () -> !t.isScheduled());
        t.schedule();
        assertThat(twice.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(errors.get()).hasMessageStartingWith("boom");
    }

    @Test
    void scheduleOnClosedEngineIsRejectedAndTaskStaysIdle() {
        engine.close();
        Task t = new Task(engine) {
            @Override
            protected void run() {
            }
        };
        assertThatThrownBy(t::schedule).isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("task-test");
        assertThat(t.isScheduled()).isFalse();
    }

    @Test
    void nullEngineIsRejectedAtConstruction() {
        assertThatThrownBy(() -> new Task(null) {
            @Override
            protected void run() {
            }
        }).isInstanceOf(NullPointerException.class);
    }

    /** A task that re-schedules itself 200,000 times allocates nothing per re-schedule. */
    @Test
    void rescheduleAllocatesNothing() throws Exception {
        try (Engine one = Engine.builder().workers(1).name("alloc").build()) {
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            AtomicLong threadId = new AtomicLong();
            final int rounds = 200_000;
            CountDownLatch warm = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            AtomicLong before = new AtomicLong();
            AtomicLong after = new AtomicLong();
            Task t = new Task(one) {
                int n;

                @Override
                protected void run() {
                    n++;
                    if (n == 20_000) { // warmed up: JIT has compiled the path
                        threadId.set(Thread.currentThread().getId());
                        before.set(mx.getThreadAllocatedBytes(Thread.currentThread().getId()));
                    }
                    if (n == 20_000 + rounds) {
                        after.set(mx.getThreadAllocatedBytes(Thread.currentThread().getId()));
                        done.countDown();
                        return;
                    }
                    schedule();
                }
            };
            t.schedule();
            assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
            long perReschedule = (after.get() - before.get()) / rounds;
            assertThat(perReschedule).as("bytes allocated per re-schedule").isZero();
        }
    }

    private static void awaitUninterruptibly(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
