package dev.rill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Who drives the wheel and how long a worker may sleep for it ({@link TimerParking}). */
class TimerParkingTest {

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

            idle.sleepingUntil(TimerHost.ticksFloor(idle.nanoTime()) - 1);
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
}
