package dev.rill.signal;

import java.lang.invoke.VarHandle;

/**
 * Demand arithmetic, shared by every publisher and operator: requests add up and saturate at
 * {@link Long#MAX_VALUE} (which then means "unbounded" for good, §3.17), emissions are subtracted
 * unless the demand is unbounded, and non-positive requests are a §3.9 violation reported as an
 * {@link IllegalArgumentException} whose message says so.
 *
 * <p>The field variants take the {@link VarHandle} of a {@code volatile long} so the counter
 * lives in the operator itself: no {@code AtomicLong} per stage, no boxing.
 *
 * <pre>{@code if (Demand.add(REQUESTED, this, n) == 0) drain();}</pre>
 *
 * <p>Threading: the field variants are atomic (CAS loops) and may be called from any thread.
 */
public final class Demand {

    private Demand() {
    }

    /** {@code a + b}, saturating at {@link Long#MAX_VALUE}; both must be non-negative. */
    public static long add(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }

    /**
     * Atomically adds {@code n} to the demand held in {@code field} of {@code owner}, saturating.
     *
     * @return the demand before the add (0 means the caller just turned demand on and should start
     *         emitting)
     */
    public static long add(VarHandle field, Object owner, long n) {
        for (;;) {
            long r = (long) field.getVolatile(owner);
            if (r == Long.MAX_VALUE) {
                return Long.MAX_VALUE;
            }
            if (field.compareAndSet(owner, r, add(r, n))) {
                return r;
            }
        }
    }

    /**
     * Atomically subtracts {@code n} emitted items from the demand in {@code field}, unless it is
     * unbounded.
     *
     * @return the demand left
     */
    public static long produced(VarHandle field, Object owner, long n) {
        for (;;) {
            long r = (long) field.getVolatile(owner);
            if (r == Long.MAX_VALUE) {
                return Long.MAX_VALUE;
            }
            long u = r - n;
            if (u < 0) {
                u = 0; // more emitted than requested: a bug upstream; don't go negative on top of it
            }
            if (field.compareAndSet(owner, r, u)) {
                return u;
            }
        }
    }

    /** Whether {@code n} is a legal request amount (§3.9: positive). */
    public static boolean isValid(long n) {
        return n > 0;
    }

    /** The error a subscriber gets for a non-positive request (§3.9). */
    public static IllegalArgumentException nonPositive(long n) {
        return new IllegalArgumentException("§3.9 violated: non-positive subscription request: " + n);
    }
}
