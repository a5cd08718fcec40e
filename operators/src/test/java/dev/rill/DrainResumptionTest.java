package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.Engine;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A drain that ran out of budget goes on in a later task, or hears that the engine closed. */
class DrainResumptionTest {

    @Test
    void eachResumeRunsTheDrainAgainOnTheEngine() throws Exception {
        try (Engine engine = Engine.builder().workers(1).name("resume").build()) {
            AtomicInteger runs = new AtomicInteger();
            CountDownLatch twice = new CountDownLatch(2);
            AtomicReference<Thread> ranOn = new AtomicReference<>();
            CompletableFuture<DrainResumption> made = new CompletableFuture<>();
            engine.execute(() -> made.complete(new DrainResumption(() -> {
                runs.incrementAndGet();
                ranOn.set(Thread.currentThread());
                twice.countDown();
            }, e -> { })));
            DrainResumption r = made.get(5, TimeUnit.SECONDS);
            r.resume();
            awaitRun(runs, 1);
            r.resume(); // the same task, reused for the next yield
            assertThat(twice.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(runs).hasValue(2);
            assertThat(ranOn.get().getName()).startsWith("rill-resume-");
        }
    }

    @Test
    void aClosedEngineIsToldToTheStageInsteadOfDroppingTheDrain() throws Exception {
        Engine engine = Engine.builder().workers(1).name("resume-closed").build();
        CompletableFuture<DrainResumption> made = new CompletableFuture<>();
        AtomicReference<RejectedExecutionException> heard = new AtomicReference<>();
        AtomicInteger runs = new AtomicInteger();
        engine.execute(() -> made.complete(new DrainResumption(runs::incrementAndGet, heard::set)));
        DrainResumption r = made.get(5, TimeUnit.SECONDS);
        engine.close();
        r.resume();
        assertThat(heard.get()).isNotNull().hasMessageContaining("resume-closed");
        assertThat(runs).hasValue(0);
    }

    private static void awaitRun(AtomicInteger runs, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (runs.get() < n && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(runs.get()).isGreaterThanOrEqualTo(n);
    }
}
