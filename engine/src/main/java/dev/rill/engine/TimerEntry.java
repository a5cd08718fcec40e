package dev.rill.engine;

/**
 * What the {@link TimerWheel} links into its slots: a deadline and the wheel's own bookkeeping.
 * Subclasses carry the work and its state ({@link ScheduledTask}).
 *
 * <p>Threading: {@link #deadline} is written by whoever arms the entry before handing it to the
 * wheel's owner through a queue (which publishes it); every other field here belongs to the wheel's
 * owner thread alone.
 */
abstract class TimerEntry {

    static final byte DETACHED = 0;
    static final byte LINKED = 1;
    /** Expired or dropped by the wheel; may be armed again (periodic tasks). */
    static final byte GONE = 2;

    /** Absolute deadline in wheel ticks ({@link TimerHost#TICK_NANOS} each, since the wheel's epoch). */
    long deadline;

    /**
     * Set by {@link TimerDriver#arm} before it posts the entry to the inbox (published by the
     * queue), cleared by the wheel's owner when it takes that message: it tells an arm from a
     * cancel, both being the same entry in the inbox, so arms are counted without a counter on
     * the arm path. The next arm of the entry follows its firing, so the two never race.
     */
    boolean armQueued;

    // Owner-only.
    TimerEntry prev;
    TimerEntry next;
    byte level;
    byte slot;
    byte wheelState = DETACHED;

    /** True if the entry was cancelled and must not fire. */
    abstract boolean isCancelledEntry();
}
