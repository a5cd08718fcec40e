package dev.rill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bounded stress runs: conservation of tasks under contention and across idle periods. */
class EngineStressTest {

    /**
     * 10 million tasks: 4 submitters each submit 500,000 roots, and every root spawns 4 children
     * from inside the engine. Two submitters are outside threads (their roots go through the global
     * queue), two are tasks on the engine's blocking pool (the return lane). Each of the 10M runs
     * exactly once.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void tenMillionTasksEachRunExactlyOnce() throws Exception {
        final int submitters = 4;
        final int rootsPerSubmitter = 500_000;
        final int childrenPerRoot = 4;
        final int total = submitters * rootsPerSubmitter * (1 + childrenPerRoot);
        AtomicIntegerArray runs = new AtomicIntegerArray(total);
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong remaining = new AtomicLong(total);
        try (Engine engine = Engine.builder().workers(2).name("stress").build()) {
            CountDownLatch submitted = new CountDownLatch(submitters);
            for (int s = 0; s < submitters; s++) {
                int base = s * rootsPerSubmitter * (1 + childrenPerRoot);
                Runnable submitter = () -> {
                    for (int r = 0; r < rootsPerSubmitter; r++) {
                        int id = base + r * (1 + childrenPerRoot);
                        engine.execute(() -> {
                            mark(runs, id, remaining, done);
                            for (int c = 1; c <= childrenPerRoot; c++) {
                                int child = id + c;
                                engine.execute(() -> mark(runs, child, remaining, done));
                            }
                        });
                    }
                    submitted.countDown();
                };
                if (s % 2 == 0) {
                    new Thread(submitter, "stress-submitter-" + s).start();
                } else {
                    engine.blocking().execute(submitter);
                }
            }
            assertThat(submitted.await(60, TimeUnit.SECONDS)).as("every root submitted").isTrue();
            assertThat(done.await(100, TimeUnit.SECONDS)).as("all 10M tasks ran").isTrue();
            for (int i = 0; i < total; i++) {
                if (runs.get(i) != 1) {
                    throw new AssertionError("task " + i + " ran " + runs.get(i) + " times");
                }
            }
            EngineMetrics m = engine.metrics();
            assertThat(m.tasksRun()).isEqualTo(total);
        }
    }

    /**
     * 10,000 bursts, each started only after every worker has parked: the burst must always wake
     * the engine. A lost wake-up shows up as a burst that never completes. Every other burst comes
     * from a blocking thread (through the return lane).
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void burstsAfterIdleGapsAreNeverStranded() throws Exception {
        try (Engine engine = Engine.builder().workers(2).name("bursts").build()) {
            for (int burst = 0; burst < 10_000; burst++) {
                TestSupport.awaitTrue(Duration.ofSeconds(10), "all workers parked before burst " + burst,
                        () -> engine.metrics().parked() == 2);
                int size = 1 + (burst % 7);
                CountDownLatch latch = new CountDownLatch(size * 2);
                Runnable submit = () -> {
                    for (int i = 0; i < size; i++) {
                        engine.execute(() -> {
                            latch.countDown();
                            engine.execute(latch::countDown); // and one spawned from inside
                        });
                    }
                };
                if (burst % 2 == 0) {
                    submit.run();
                } else {
                    engine.blocking().execute(submit);
                }
                if (!latch.await(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("burst " + burst + " stranded " + latch.getCount() + " tasks\n"
                            + engine.metrics());
                }
            }
            assertThat(engine.metrics().parks()).isGreaterThanOrEqualTo(10_000);
        }
    }

    private static void mark(AtomicIntegerArray runs, int id, AtomicLong remaining, CountDownLatch done) {
        runs.incrementAndGet(id);
        if (remaining.decrementAndGet() == 0) {
            done.countDown();
        }
    }
}
