package dev.rill.engine;

import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * The door external submissions pass through: it counts submissions in flight and can be closed,
 * after which {@link #awaitNoneInFlight()} tells the closer that every accepted submission has
 * landed in the queue. That is what lets shutdown promise "accepted means it runs".
 *
 * <p>The counter is written by every outside submitter, so it sits alone on its cache line (padding
 * by class hierarchy, as JCTools does, since the JVM may reorder a class's own fields): sharing a
 * line with the engine's read-mostly fields cost the workers a miss per submission.
 *
 * <p>Threading: {@link #enter()}/{@link #exit()} from any submitting thread; {@link #close()} from
 * any thread.
 */
final class IntakeGate extends IntakeGateValue {

    @SuppressWarnings("unused")
    private long p10, p11, p12, p13, p14, p15, p16, p17;

    /** Counts the caller in; false (and not counted) if the gate is closed. */
    boolean enter() {
        // getAndAdd is a full barrier: it orders before the queue offer that follows.
        long s = VALUE.getAndAdd(this, 1L);
        if ((s & CLOSED_BIT) != 0) {
            VALUE.getAndAdd(this, -1L);
            return false;
        }
        return true;
    }

    /** Counts the caller out, after its task is in the queue. */
    void exit() {
        VALUE.getAndAdd(this, -1L);
    }

    /** Closes the gate; true for the call that closed it. */
    boolean close() {
        for (;;) {
            long v = value;
            if ((v & CLOSED_BIT) != 0) {
                return false;
            }
            if (VALUE.compareAndSet(this, v, v | CLOSED_BIT)) {
                return true;
            }
        }
    }

    boolean isClosed() {
        return (value & CLOSED_BIT) != 0; // a volatile read
    }

    /** Spins until submitters caught between enter and exit have left: a few instructions each. */
    void awaitNoneInFlight() {
        while ((value & ~CLOSED_BIT) != 0) {
            Thread.onSpinWait();
        }
    }
}

abstract class IntakeGatePad {
    @SuppressWarnings("unused")
    private long p00, p01, p02, p03, p04, p05, p06, p07;
}

abstract class IntakeGateValue extends IntakeGatePad {

    static final long CLOSED_BIT = 1L << 62;

    // A field updater, not a VarHandle: every submission from outside passes the gate twice, and a
    // VarHandle access costs five calls until C2 has compiled the caller (bench/README.md, the
    // cold window). The same atomics: getAndAdd, and a CAS loop for the rare close.
    static final AtomicLongFieldUpdater<IntakeGateValue> VALUE =
            AtomicLongFieldUpdater.newUpdater(IntakeGateValue.class, "value");

    /** CLOSED_BIT | number of submitters in flight. */
    volatile long value;
}
