package dev.rill.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * How long one worker has been busy: its time alive minus its time idle (parked, or watching the
 * timers for lack of work). The worker reads the clock only as it goes idle and as it wakes, never
 * per task; a worker that has exited counts as idle from then on, so its figure stops growing.
 *
 * <p>Threading: {@link #idle()} and {@link #busy()} by the owner only; {@link #busyNanos()} by any
 * thread, racily but consistently: it never pairs the idle total of one moment with the idle state
 * of another, so it neither counts a finished idle period as busy nor subtracts one twice.
 *
 * <p>Ordering: a seqlock, as {@code StampedLock} uses for optimistic reads. The owner makes
 * {@code version} odd (an opaque store, then a store-store fence), writes the fields with plain
 * stores, and makes it even again with a release store. A reader acquires an even {@code version},
 * reads the fields, and retries unless {@code version} is unchanged after a load-load fence.
 */
final class BusyClock {

    /** {@code idleSince} while busy: a clock reading never equals it in practice. */
    private static final long BUSY = Long.MIN_VALUE;

    private static final VarHandle VERSION = VarHandles.field(MethodHandles.lookup(), "version", long.class);

    private final long bornAt = System.nanoTime();
    /** Time idle, over the idle periods that have ended. */
    private long idleNanos;
    /** When the current idle period started, or {@link #BUSY}. */
    private long idleSince = BUSY;
    /** Odd while the owner writes the two fields above. */
    @SuppressWarnings("unused")
    private long version;

    /** Owner: it goes idle now. */
    void idle() {
        long now = System.nanoTime();
        beginWrite();
        idleSince = now;
        endWrite();
    }

    /** Owner: it is busy again (after {@link #idle()}). */
    void busy() {
        long now = System.nanoTime();
        beginWrite();
        idleNanos += now - idleSince;
        idleSince = BUSY;
        endWrite();
    }

    private void beginWrite() {
        VERSION.setOpaque(this, (long) VERSION.get(this) + 1);
        VarHandle.storeStoreFence(); // readers see the odd version before any field we write
    }

    private void endWrite() {
        VERSION.setRelease(this, (long) VERSION.get(this) + 1); // release: the fields are seen with it
    }

    /**
     * Any thread: nanoseconds busy so far. A worker that goes idle just as this reads the clock may
     * make the next reading smaller by the nanoseconds between the two clock reads.
     */
    long busyNanos() {
        for (;;) {
            long v = (long) VERSION.getAcquire(this);
            if ((v & 1) != 0) {
                Thread.onSpinWait(); // the owner is between two stores
                continue;
            }
            long since = idleSince;
            long idle = idleNanos;
            VarHandle.loadLoadFence(); // the second look is not made before the reads above
            if ((long) VERSION.getOpaque(this) != v) {
                continue;
            }
            long end = since == BUSY ? System.nanoTime() : since;
            return Math.max(0, end - bornAt - idle);
        }
    }
}
