package dev.rill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BudgetTest {

    @Test
    void offTheEngineTheBudgetIsUnlimited() {
        for (int i = 0; i < 10_000; i++) {
            assertThat(Budget.tryConsume()).isTrue();
        }
        assertThat(Budget.remaining()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void aRunStopsAfter128UnitsWhenAnotherTaskWaits() throws Exception {
        try (Engine engine = Engine.builder().workers(1).name("budget").build()) {
            AtomicInteger granted = new AtomicInteger();
            AtomicInteger remainingAtStart = new AtomicInteger();
            AtomicInteger remainingAtEnd = new AtomicInteger(-1);
            AtomicBoolean deniedAgain = new AtomicBoolean();
            CountDownLatch done = new CountDownLatch(1);
            engine.execute(() -> {
                engine.execute(done::countDown); // waits in the LIFO slot behind this run
                remainingAtStart.set(Budget.remaining());
                int n = 0;
                while (Budget.tryConsume()) {
                    n++;
                }
                granted.set(n);
                deniedAgain.set(!Budget.tryConsume());
                remainingAtEnd.set(Budget.remaining());
            });
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(remainingAtStart.get()).isEqualTo(Budget.PER_RUN);
            assertThat(granted.get()).isEqualTo(Budget.PER_RUN);
            assertThat(deniedAgain.get()).isTrue();
            assertThat(remainingAtEnd.get()).isZero();
            assertThat(engine.metrics().budgetYields()).isEqualTo(1);
        }
    }

    @Test
    void aRunWithNobodyWaitingGetsAFreshBudgetInsteadOfAYield() throws Exception {
        try (Engine engine = Engine.builder().workers(1).name("budget-alone").build()) {
            AtomicBoolean allGranted = new AtomicBoolean();
            CountDownLatch done = new CountDownLatch(1);
            engine.execute(() -> {
                boolean all = true;
                for (int i = 0; i < 10 * Budget.PER_RUN; i++) {
                    all &= Budget.tryConsume();
                }
                allGranted.set(all);
                done.countDown();
            });
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(allGranted.get()).isTrue();
            assertThat(engine.metrics().budgetYields()).isZero();
        }
    }

    /**
     * Two tasks that each drain "forever" (until their budget runs out, then re-schedule) share one
     * worker: both make progress. Without the budget the first would never return.
     */
    @Test
    void twoEndlessTasksOnOneWorkerBothProgress() throws Exception {
        try (Engine engine = Engine.builder().workers(1).name("fair").closeTimeout(Duration.ofSeconds(2)).build()) {
            AtomicLong a = new AtomicLong();
            AtomicLong b = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            Task ta = endless(engine, a, stop);
            Task tb = endless(engine, b, stop);
            ta.schedule();
            tb.schedule();
            TestSupport.awaitTrue(Duration.ofSeconds(10), "both tasks progress",
                    () -> a.get() > 100_000 && b.get() > 100_000);
            stop.set(true);
            assertThat(engine.metrics().budgetYields()).isPositive();
        }
    }

    /**
     * A task that keeps its worker (fresh budgets, nobody waiting) arms a 2 ms timer and then
     * spins until the timer has run, yielding whenever its budget says so. The worker fires its
     * own due timer at a refill and yields to it: the timer thread does not have to take the
     * wheel over. Without the look at a refill, only a takeover (1 ms past the deadline) ever
     * fires it, in every round; a takeover can still happen if the worker loses its core for a
     * millisecond at that moment (on a loaded machine, three rounds in a row did), so one clean
     * round of up to twenty is required.
     */
    @Test
    void aRunThatKeepsItsWorkerFiresItsOwnDueTimersAndYieldsToThem() throws Exception {
        try (Engine engine = Engine.builder().workers(1).name("budget-timer").build()) {
            int clean = 0;
            for (int round = 0; round < 20 && clean == 0; round++) {
                long takeoversBefore = engine.timers.takeovers();
                long yieldsBefore = engine.metrics().budgetYields();
                AtomicBoolean ran = new AtomicBoolean();
                CountDownLatch done = new CountDownLatch(1);
                new Task(engine) {
                    boolean armed;

                    @Override
                    protected void run() {
                        if (!armed) {
                            armed = true;
                            engine.schedule(() -> ran.set(true), 2, TimeUnit.MILLISECONDS);
                        }
                        while (!ran.get()) {
                            if (!Budget.tryConsume()) {
                                schedule();
                                return;
                            }
                        }
                        done.countDown();
                    }
                }.schedule();
                assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(engine.metrics().budgetYields()).as("the run yielded to the timer").isGreaterThan(yieldsBefore);
                if (engine.timers.takeovers() == takeoversBefore) {
                    clean++;
                }
            }
            assertThat(clean).as("rounds fired by the worker itself, without a takeover").isPositive();
        }
    }

    /** A task out of budget goes to the back of the ring, not to the LIFO slot. */
    @Test
    void yieldingTaskGoesBehindWaitingTasks() throws Exception {
        try (Engine engine = Engine.builder().workers(1).name("yield").build()) {
            List<String> order = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            Task t = new Task(engine) {
                int runs;

                @Override
                protected void run() {
                    runs++;
                    order.add("T" + runs);
                    if (runs == 1) {
                        while (Budget.tryConsume()) {
                            // spend it all
                        }
                        schedule();
                    } else {
                        done.countDown();
                    }
                }
            };
            engine.execute(() -> {
                // From a task: the ring gets T then Q (each displaced from the LIFO slot), the slot Z.
                t.schedule();
                engine.execute(() -> order.add("Q"));
                engine.execute(() -> order.add("Z"));
            });
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(order).containsExactly("Z", "T1", "Q", "T2");
        }
    }

    private static Task endless(Engine engine, AtomicLong counter, AtomicBoolean stop) {
        return new Task(engine) {
            @Override
            protected void run() {
                while (Budget.tryConsume()) {
                    counter.incrementAndGet();
                }
                if (!stop.get()) {
                    schedule();
                }
            }
        };
    }
}
