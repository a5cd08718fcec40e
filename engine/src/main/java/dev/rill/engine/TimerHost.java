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

    /**
     * What {@link #startNanos()} returns when the clock read can be left to {@link #arm}: the
     * caller arms on a worker whose own wheel sets the time ({@link WorkerTimers}).
     */
    long DEFERRED = Long.MIN_VALUE;

    /**
     * The time a one-shot timer started now counts its delay from: {@link #nanoTime()}, or {@link
     * #DEFERRED} if this host's {@link #arm} will set it (the task is then created with its delay
     * alone, see {@link ScheduledTask#isUnresolved()}).
     */
    default long startNanos() {
        return nanoTime();
    }

    /** Puts {@code task} in the wheel at its {@link TimerEntry#deadline}. */
    void arm(ScheduledTask<?> task);

    /** {@code task} was cancelled: take it out of the wheel soon (it will not fire either way). */
    void disarm(ScheduledTask<?> task);

    /** A failure of a task that has no caller to report to. */
    void reportError(Throwable error);

    /**
     * The wheel's tick: 100 µs. Fine enough that rounding a deadline up to a whole tick (so that a
     * timer is never early) costs a 1 ms {@code interval} nothing measurable against the peers'
     * nanosecond-precise heaps; coarse enough that the wheel still spans 64^6 ticks (79 days) and
     * a timer thread parks for at least the OS's timer slack.
     */
    long TICK_NANOS = 100_000L;

    /** A deadline in ticks, rounded up, so a timer is never early. */
    static long ticksCeil(long nanos) {
        if (nanos < 0) {
            return -Math.floorDiv(-nanos, TICK_NANOS);
        }
        long q = nanos / TICK_NANOS; // the usual case, a time since the epoch: one division, no sign fix-up
        return q * TICK_NANOS == nanos ? q : q + 1;
    }

    static long ticksFloor(long nanos) {
        return Math.floorDiv(nanos, TICK_NANOS);
    }
}
