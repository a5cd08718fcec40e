package dev.rill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Who drives the wheel and how long a worker may sleep for it ({@link TimerParking}); and the
 * timer watcher (a worker that sleeps until the next timer deadline instead of parking on the idle
 * list): it never makes work wait for its deadline, and timers and tasks still run exactly once
 * whichever state the workers are in.
 */
class TimerParkingTest {

    /** Far enough that the test thread's own steps fit before it, within the watch limit. */
    private static final long TIMER_MS = 45;

    /**
     * A timer thread the OS has not run (here: never started) while its deadline passes: a worker's
     * assist fires the due timer, once, and only when the thread really is late.
     */
    @Test
    void aWorkerFiresDueTimersWhenTheTimerThreadIsLate() throws Exception {
        try (Engine engine = Engine.builder().workers(1).name("assist").build()) {
            TimerDriver idle = new TimerDriver(engine, "never-started");
            TimerParking parking = idle.parking;
            CountDownLatch ran = new CountDownLatch(1);
            ScheduledTask<?> t = ScheduledTask.oneShot(idle, null, ran::countDown, null, 1, TimeUnit.MILLISECONDS);
            idle.arm(t); // from the test thread: through the inbox
            long armedAt = System.nanoTime();
            idle.sleepingUntil(TimerHost.ticksCeil(idle.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1)));

            parking.assist(System.nanoTime()); // not due yet: nothing happens
            assertThat(idle.assists()).isZero();

            while (System.nanoTime() - armedAt < TimeUnit.MILLISECONDS.toNanos(2)) {
                Thread.onSpinWait(); // let the deadline pass (a measured wait, not a hand-off)
            }
            parking.assist(System.nanoTime());
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(idle.assists()).isEqualTo(1);
            assertThat(idle.fired()).isEqualTo(1);

            parking.assist(System.nanoTime()); // the wheel is empty now: the published deadline says so
            assertThat(idle.assists()).isEqualTo(1);
        }
    }

    @Test
    void aWorkerMaySleepOnlyUntilAPublishedDeadline() throws Exception {
        try (Engine engine = Engine.builder().workers(1).name("sleep-for").build()) {
            TimerDriver idle = new TimerDriver(engine, "never-started");
            TimerParking parking = idle.parking;
            assertThat(parking.nanosToNextDeadline()).as("thread awake").isEqualTo(Long.MAX_VALUE);
            idle.sleepingUntil(Long.MAX_VALUE);
            assertThat(parking.nanosToNextDeadline()).as("no timer set").isEqualTo(Long.MAX_VALUE);

            long in10ms = TimerHost.ticksCeil(idle.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10));
            idle.sleepingUntil(in10ms);
            assertThat(parking.nanosToNextDeadline()).isPositive().isLessThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(11));

            // Tick 0 is the driver's epoch, always passed. (One tick before now would be -1, the
            // AWAKE marker, while the driver is younger than a tick.)
            idle.sleepingUntil(0);
            assertThat(parking.nanosToNextDeadline()).as("overdue").isLessThanOrEqualTo(0);
        }
    }

    @Test
    void theWheelHasOneDriverAtATime() throws Exception {
        try (Engine engine = Engine.builder().workers(1).name("drive").build()) {
            TimerParking parking = new TimerDriver(engine, "never-started").parking;
            assertThat(parking.tryDrive()).isTrue();
            assertThat(parking.tryDrive()).as("held").isFalse();
            parking.release();
            assertThat(parking.tryDrive()).isTrue();
            parking.release();
        }
    }

    // ---------------------------------------------------------------- the watcher


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
            TimerHandle<?> timer = armWhileAWorkerWatches(engine, timerFired);
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
     * Arms a timer {@link #TIMER_MS} ahead and returns it once a worker watches it with at least
     * half of that still to go. A worker starts watching when it runs out of work with a deadline
     * published; one parked before the timer was armed stays parked, so it is given something to
     * run. On a slow machine the window can pass before anyone watches (then the timer fires and
     * nobody ever will): that attempt is cancelled and a new timer armed, within a bound.
     */
    private static TimerHandle<?> armWhileAWorkerWatches(Engine engine, AtomicBoolean timerFired) {
        long bound = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long usable = TimeUnit.MILLISECONDS.toNanos(TIMER_MS) / 2;
        while (System.nanoTime() - bound < 0) {
            long armedAt = System.nanoTime();
            TimerHandle<?> timer = engine.schedule(() -> timerFired.set(true), TIMER_MS, TimeUnit.MILLISECONDS);
            while (System.nanoTime() - armedAt < usable) {
                if (engine.idle.watcher() != null) {
                    if (System.nanoTime() - armedAt < usable) {
                        return timer;
                    }
                    break;
                }
                engine.execute(() -> { });
                Thread.yield();
            }
            timer.cancel(); // too late in the window for this attempt: try again
            TestSupport.awaitTrue(Duration.ofSeconds(5), "the attempt's timer settled",
                    () -> timer.isCancelled() || timerFired.get());
            timerFired.set(false);
        }
        throw new AssertionError("no worker watched a timer within 10 s");
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
