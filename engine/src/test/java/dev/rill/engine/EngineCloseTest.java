package dev.rill.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@link Engine#close()}'s timeout: "forever" works, and the whole close shares one deadline
 * instead of one per thread it waits for.
 */
class EngineCloseTest {

    @Test
    void aForeverCloseTimeoutWaitsForTheWorkAndCloses() throws Exception {
        for (Duration forever : new Duration[] {ChronoUnit.FOREVER.getDuration(), Duration.ofMillis(Long.MAX_VALUE)}) {
            Engine engine = Engine.builder().workers(2).name("forever").closeTimeout(forever).build();
            CountDownLatch ran = new CountDownLatch(1);
            engine.execute(ran::countDown);
            engine.schedule(() -> { }, 1, TimeUnit.HOURS);
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
            assertThatCode(engine::close).doesNotThrowAnyException();
            assertThat(engine.isTerminated()).isTrue();
            assertThatCode(engine::shutdownNow).doesNotThrowAnyException();
            assertThat(engine.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS)).isTrue();
        }
    }

    /**
     * Two workers and a blocking thread stuck in code that ignores interrupts: close gives up at
     * its one deadline (it used to wait the timeout again for every thread: 6 s here) and leaves
     * the engine not terminated, which it says.
     */
    @Test
    void closeWaitsOnceForStuckThreads() throws Exception {
        long timeoutMs = 300;
        Engine engine = Engine.builder().workers(2).name("stuck").closeTimeout(Duration.ofMillis(timeoutMs)).build();
        AtomicBoolean release = new AtomicBoolean();
        CountDownLatch stuck = new CountDownLatch(3);
        Runnable ignoreInterrupts = () -> {
            stuck.countDown();
            while (!release.get()) {
                Thread.onSpinWait();
            }
        };
        try {
            engine.execute(ignoreInterrupts);
            engine.execute(ignoreInterrupts);
            engine.blocking().execute(ignoreInterrupts);
            assertThat(stuck.await(5, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            engine.close();
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // A bound on the semantics, not a speed claim: one deadline, plus scheduling slack.
            assertThat(tookMs).isLessThan(timeoutMs * 3);
            assertThat(engine.isTerminated()).isFalse();
        } finally {
            release.set(true);
        }
        assertThat(engine.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
}
