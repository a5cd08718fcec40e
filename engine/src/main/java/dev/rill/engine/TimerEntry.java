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

    /** {@link #deadline} of a one-shot timer whose start time its host's arm sets ({@link TimerHost#DEFERRED}). */
    static final long UNRESOLVED = Long.MIN_VALUE;

    /**
     * Absolute deadline in wheel ticks ({@link TimerHost#TICK_NANOS} each, since the wheel's epoch),
     * or {@link #UNRESOLVED} until the arm sets it.
     */
    long deadline;

    /**
     * Set by {@link TimerDriver#arm} before it posts the entry to the inbox (published by the
     * queue), cleared by the wheel's owner when it takes that message: it tells an arm from a
     * cancel, both being the same entry in the inbox, so arms are counted without a counter on
     * the arm path. The next arm of the entry follows its firing, so the two never race.
     */
    boolean armQueued;

    /**
     * The wheel the entry is linked in, or null: set by {@link TimerWheel} as it links the entry and
     * cleared as the entry leaves it, both by that wheel's holder. So a holder of wheel W that reads
     * W here knows the entry is in W: W's own writes reach it through W's lock, and an entry only
     * moves to another wheel after W let it go (it fired, and its next period was armed by whoever
     * ran it), so no stale W can be read. Other threads read it racily, to choose where to post a
     * cancel ({@link TimerDriver#disarm}).
     */
    TimerWheel wheel;

    // Owner-only.
    TimerEntry prev;
    TimerEntry next;
    byte level;
    byte slot;
    byte wheelState = DETACHED;

    /** True if the entry was cancelled and must not fire. */
    abstract boolean isCancelledEntry();
}
