package dev.rill.engine;

import java.time.Duration;

/**
 * One point in time that several waits share, so that a close made of many waits (workers, the
 * blocking pool, the timer thread) takes its timeout once in all, not once per wait. A timeout too
 * large for a {@code long} of nanoseconds (such as {@code ChronoUnit.FOREVER}) means "as long as
 * it takes", never an overflow.
 *
 * <p>Threading: immutable.
 */
final class Deadline {

    private static final long FOREVER = Long.MAX_VALUE;

    /** {@link System#nanoTime()} at the deadline, or {@link #FOREVER}. */
    private final long at;

    private Deadline(long at) {
        this.at = at;
    }

    /** A timeout in nanoseconds, saturated at {@link Long#MAX_VALUE} ("as long as it takes"). */
    static long nanos(Duration timeout) {
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return FOREVER;
        }
    }

    /** The deadline {@code timeoutNanos} from now; {@link Long#MAX_VALUE} or an overflowing sum: none. */
    static Deadline after(long timeoutNanos) {
        if (timeoutNanos == FOREVER) {
            return new Deadline(FOREVER);
        }
        long now = System.nanoTime();
        long at = now + timeoutNanos;
        // Overflow only when the sum wraps past Long.MAX_VALUE (timeoutNanos is not negative).
        return new Deadline(at < now ? FOREVER : at);
    }

    /** Nanoseconds left, zero once passed, {@link Long#MAX_VALUE} without a deadline. */
    long remainingNanos() {
        return at == FOREVER ? FOREVER : Math.max(0, at - System.nanoTime());
    }

    /** Waits for {@code t} to end until the deadline; true if it ended. */
    boolean join(Thread t) throws InterruptedException {
        long left = remainingNanos();
        if (left > 0 && t.isAlive()) {
            t.join(left / 1_000_000L, (int) (left % 1_000_000L));
        }
        return !t.isAlive();
    }
}
