package dev.rill.signal;

import java.time.Duration;
import java.util.Objects;

/**
 * Durations given by users, in the nanoseconds schedulers take. A {@link Duration} can be far
 * longer than a {@code long} of nanoseconds holds ({@code ChronoUnit.FOREVER.getDuration()},
 * {@code Duration.ofMillis(Long.MAX_VALUE)}), and {@link Duration#toNanos()} then throws a bare
 * {@link ArithmeticException}. An operator's timeout that long means "never": the conversion
 * saturates, and the scheduler's own clamp makes it a timer that never fires.
 *
 * <pre>{@code long nanos = Durations.positiveNanos("sample", "period", period);}</pre>
 *
 * <p>Threading: stateless.
 */
public final class Durations {

    private Durations() {
    }

    /** {@code d} in nanoseconds, saturated at {@link Long#MAX_VALUE} (and {@link Long#MIN_VALUE}). */
    public static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /**
     * Checks an operator's duration argument at assembly: not null and not negative.
     *
     * @return it in nanoseconds, saturated
     * @throws NullPointerException naming {@code argument} if {@code d} is null
     * @throws IllegalArgumentException naming the operator and {@code argument} if it is negative
     */
    public static long nonNegativeNanos(String operator, String argument, Duration d) {
        Objects.requireNonNull(d, argument);
        if (d.isNegative()) {
            throw new IllegalArgumentException(operator + ": " + argument + " must not be negative, was " + d);
        }
        return saturatedNanos(d);
    }

    /**
     * Checks an operator's period or window at assembly: not null and positive.
     *
     * @return it in nanoseconds, saturated
     * @throws NullPointerException naming {@code argument} if {@code d} is null
     * @throws IllegalArgumentException naming the operator and {@code argument} if it is not positive
     */
    public static long positiveNanos(String operator, String argument, Duration d) {
        Objects.requireNonNull(d, argument);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(operator + ": " + argument + " must be positive, was " + d);
        }
        return saturatedNanos(d);
    }
}
