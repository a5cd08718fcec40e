package dev.rill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The timer watcher (a worker that sleeps until the next timer deadline instead of parking on the
 * idle list, see {@code TimerParking.watch}): it never makes work wait for its deadline, and
 * timers and tasks still run exactly once whichever state the workers are in.
 */
class TimerWatchTest {

    /** Far enough that the test thread's own steps fit before it, within the watch limit. */
    private static final long TIMER_MS = 45;

    @Test
    void workSubmittedWhileTheOnlyWorkerWatchesRunsBeforeTheTimer() throws Exception {
        try (Engine engine = Engine.builder().workers(1).name("watch1").build()) {
            assertWorkDoesNotWaitForTheWatcher(engine);
        }
    }

    /**
     * The case the watcher's nudge exists for: the other worker is busy, so a producer finds every
     * worker awake and nobody on the idle list; without the nudge the task would wait for the
     * watcher's deadline.
     */
    @Test
    void workSubmittedWhileOneWorkerWatchesAndTheOtherIsBusyRunsBeforeTheTimer() throws Exception {
        try (Engine engine = Engine.builder().workers(2).name("watch2").build()) {
            CountDownLatch busy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            engine.execute(() -> {
                busy.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS); // occupies its worker on purpose
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
            try {
                assertWorkDoesNotWaitForTheWatcher(engine);
            } finally {
                release.countDown();
            }
        }
    }

    private static void assertWorkDoesNotWaitForTheWatcher(Engine engine) throws Exception {
        for (int round = 0; round < 5; round++) {
            AtomicBoolean timerFired = new AtomicBoolean();
            TimerHandle<?> timer = engine.schedule(() -> timerFired.set(true), TIMER_MS, TimeUnit.MILLISECONDS);
            // A worker starts watching when it runs out of work with a deadline published; one
            // parked before the timer was armed stays parked, so give it something to run.
            TestSupport.awaitTrue(Duration.ofSeconds(5), "a worker watches the timer", () -> {
                if (engine.idle.watcher() != null) {
                    return true;
                }
                engine.execute(() -> { });
                return false;
            });
            CountDownLatch ran = new CountDownLatch(1);
            AtomicBoolean ranBeforeTimer = new AtomicBoolean();
            engine.execute(() -> {
                ranBeforeTimer.set(!timerFired.get());
                ran.countDown();
            });
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(ranBeforeTimer).as("round %d: the task ran before the watched timer", round).isTrue();
            timer.cancel();
        }
    }

    /**
     * Conservation across every watch state: timers a few ticks ahead race with tasks from
     * outside and from workers, with idle gaps between rounds so workers keep moving between
     * running, watching and parking. Every task and every timer runs exactly once.
     */
    @Test
    void timersAndTasksRunExactlyOnceWhileWorkersWatch() throws Exception {
        int rounds = 2_000;
        try (Engine engine = Engine.builder().workers(2).name("watchstress").build()) {
            AtomicInteger[] runs = new AtomicInteger[rounds * 3];
            for (int i = 0; i < runs.length; i++) {
                runs[i] = new AtomicInteger();
            }
            CountDownLatch all = new CountDownLatch(runs.length);
            for (int r = 0; r < rounds; r++) {
                int base = r * 3;
                engine.schedule(() -> once(runs[base], all), (r % 4) * 100L, TimeUnit.MICROSECONDS);
                engine.execute(() -> once(runs[base + 1], all));
                engine.execute(() -> engine.execute(() -> once(runs[base + 2], all)));
                if (r % 50 == 0) {
                    int upTo = base + 3;
                    TestSupport.awaitTrue(Duration.ofSeconds(10), "round " + r + " done",
                            () -> all.getCount() <= runs.length - upTo);
                }
            }
            assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < runs.length; i++) {
                assertThat(runs[i].get()).as("run count of #%d", i).isEqualTo(1);
            }
        }
    }

    private static void once(AtomicInteger count, CountDownLatch all) {
        count.incrementAndGet();
        all.countDown();
    }
}
