package dev.rill.engine;

/**
 * What a {@link ScheduledTask} needs from whatever owns its wheel: the clock, a way back into the
 * wheel, and a place to run when due. Implemented by {@link TimerDriver} (the engine's, real time)
 * and {@link VirtualTimeScheduler} (virtual time).
 *
 * <p>Threading: every method may be called from any thread.
 */
interface TimerHost {

    /** The host's clock: nanoseconds since its epoch. Never goes backwards. */
    long nanoTime();

    /** Puts {@code task} in the wheel at its {@link TimerEntry#deadline}. */
    void arm(ScheduledTask<?> task);

    /** {@code task} was cancelled: take it out of the wheel soon (it will not fire either way). */
    void disarm(ScheduledTask<?> task);

    /** A failure of a task that has no caller to report to. */
    void reportError(Throwable error);

    /** Wheel ticks are milliseconds; a deadline rounds up, so a timer is never early. */
    static long ticksCeil(long nanos) {
        return -Math.floorDiv(-nanos, 1_000_000L);
    }

    static long ticksFloor(long nanos) {
        return Math.floorDiv(nanos, 1_000_000L);
    }
}
