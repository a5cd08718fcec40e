package dev.rill.engine;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A hierarchical timer wheel: 6 levels of 64 slots, one tick ({@link TimerHost#TICK_NANOS}, 100 µs)
 * per slot at level 0, so a slot at level k spans 64^k ticks and the wheel covers 64^6 ticks
 * (about 79 days). Each slot is a doubly-linked FIFO
 * list, so insert and cancel are O(1) and allocate nothing; one 64-bit occupancy word per level
 * finds the next non-empty slot with a rotate and a count of trailing zeros, so finding the next
 * expiry never scans.
 *
 * <p>An entry sits at the lowest level whose slot range separates its deadline from "now" (the
 * highest differing 6-bit digit of the two). When time reaches the start of a slot above level 0,
 * its entries cascade: they are re-inserted relative to the new time and land lower, until level 0
 * fires them on their exact tick. Deadlines beyond the top level park in a top slot and
 * cascade again when it comes round, so they are never early and never lost.
 *
 * <p>This is a pure data structure with the time passed in; it does no I/O and reads no clock, so
 * tests drive it through years in microseconds.
 *
 * <p>Threading: one thread at a time: the holder of the engine's driving lock (the timer thread or
 * a worker, see {@link TimerParking}), or the {@link VirtualTimeScheduler} that owns it. Each
 * holder's use happens-before the next one's (the lock's release store and CAS).
 */
final class TimerWheel {

    static final int LEVELS = 6;
    private static final int SLOT_BITS = 6;
    private static final int SLOTS = 1 << SLOT_BITS;
    private static final int SLOT_MASK = SLOTS - 1;
    /** Ticks the whole wheel covers: 64^6. */
    static final long MAX_DURATION = 1L << (SLOT_BITS * LEVELS);

    /** Whom the wheel belongs to ({@link WorkerTimers}, or null): tells where its entries' cancels go. */
    final Object owner;
    private final TimerEntry[] heads = new TimerEntry[LEVELS * SLOTS];
    private final TimerEntry[] tails = new TimerEntry[LEVELS * SLOTS];
    private final long[] occupied = new long[LEVELS];
    private long elapsed;
    private int size;

    // The expiration found by nextExpiration(), kept in fields to allocate nothing.
    private int expLevel;
    private int expSlot;

    TimerWheel(long start) {
        this(start, null);
    }

    TimerWheel(long start, Object owner) {
        this.elapsed = start;
        this.owner = owner;
    }

    /** Whether {@code e} is linked in this wheel (see {@link TimerEntry#wheel} for who may ask). */
    boolean contains(TimerEntry e) {
        return e.wheel == this;
    }

    /** The wheel's current time, in ticks. */
    long elapsed() {
        return elapsed;
    }

    /** Entries linked in the wheel. */
    int size() {
        return size;
    }

    /**
     * Links {@code e} by its deadline.
     *
     * @return false if the deadline has already passed (the entry is not linked; fire it)
     */
    boolean insert(TimerEntry e) {
        long when = e.deadline;
        if (when <= elapsed) {
            return false;
        }
        int level = levelFor(elapsed, when);
        int slot = (int) (when >>> (level * SLOT_BITS)) & SLOT_MASK;
        link(e, level, slot);
        return true;
    }

    /** Unlinks a linked entry in O(1). */
    void remove(TimerEntry e) {
        unlinkFromSlot(e);
        e.wheel = null;
        e.wheelState = TimerEntry.GONE;
    }

    /**
     * Relinks a linked entry at {@code deadline}, later than its own, in O(1). It stays in this
     * wheel throughout: {@link TimerEntry#wheel} never changes, so a cancel that reads it racily
     * still finds the entry here.
     */
    void move(TimerEntry e, long deadline) {
        unlinkFromSlot(e);
        e.deadline = deadline;
        int level = levelFor(elapsed, deadline);
        link(e, level, (int) (deadline >>> (level * SLOT_BITS)) & SLOT_MASK);
    }

    private void unlinkFromSlot(TimerEntry e) {
        int idx = e.level * SLOTS + e.slot;
        TimerEntry p = e.prev;
        TimerEntry n = e.next;
        if (p == null) {
            heads[idx] = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tails[idx] = p;
        } else {
            n.prev = p;
        }
        if (heads[idx] == null) {
            occupied[e.level] &= ~(1L << e.slot);
        }
        e.prev = null;
        e.next = null;
        size--;
    }

    /**
     * The tick at which the wheel next has work (a level-0 slot to fire, or a higher slot to
     * cascade), or {@link Long#MAX_VALUE} if it is empty.
     */
    long nextExpiration() {
        for (int level = 0; level < LEVELS; level++) {
            long occ = occupied[level];
            if (occ == 0) {
                continue;
            }
            int shift = level * SLOT_BITS;
            long slotRange = 1L << shift;
            long levelRange = slotRange << SLOT_BITS;
            // Search from the slot after the current one; the current slot comes last. Below the
            // top, the current slot is always empty (an entry due within it sits lower). At the
            // top it holds only entries parked for the next rotation, which must not shadow the
            // rest of this rotation.
            int from = (int) (elapsed >>> shift) + 1; // rotateRight takes it mod 64
            int slot = (Long.numberOfTrailingZeros(Long.rotateRight(occ, from)) + from) & SLOT_MASK;
            long levelStart = elapsed & -levelRange;
            long deadline = levelStart + slot * slotRange;
            if (deadline <= elapsed) {
                // Only the top level wraps: its slots hold deadlines beyond one rotation.
                deadline += levelRange;
            }
            expLevel = level;
            expSlot = slot;
            return deadline;
        }
        return Long.MAX_VALUE;
    }

    /**
     * Moves time to {@code now}: fires (passes to {@code expired}) every entry due by then, in
     * deadline order, cascading higher slots on the way. Cancelled entries met on the way are
     * dropped and passed to {@code dropped} (may be null).
     */
    void advance(long now, Consumer<TimerEntry> expired, Consumer<TimerEntry> dropped) {
        for (;;) {
            long deadline = nextExpiration();
            if (deadline > now) {
                break;
            }
            processSlot(expLevel, expSlot, deadline, expired, dropped);
        }
        if (now > elapsed) {
            elapsed = now;
        }
    }

    private void processSlot(int level, int slot, long deadline, Consumer<TimerEntry> expired,
                             Consumer<TimerEntry> dropped) {
        int idx = level * SLOTS + slot;
        TimerEntry e = heads[idx];
        heads[idx] = null;
        tails[idx] = null;
        occupied[level] &= ~(1L << slot);
        if (deadline > elapsed) {
            elapsed = deadline;
        }
        while (e != null) {
            TimerEntry next = e.next;
            e.prev = null;
            e.next = null;
            e.wheel = null;
            size--;
            if (e.isCancelledEntry()) {
                e.wheelState = TimerEntry.GONE;
                if (dropped != null) {
                    dropped.accept(e);
                }
            } else if (!insert(e)) { // cascade: lands lower, or is due now
                e.wheelState = TimerEntry.GONE;
                expired.accept(e);
            }
            e = next;
        }
    }

    /**
     * Unlinks every entry {@code which} accepts and passes it to {@code removed}: O(entries), for a
     * rare sweep (an adapter's scheduler disposed with its timers armed), never for one timer.
     */
    void removeIf(Predicate<? super TimerEntry> which, Consumer<? super TimerEntry> removed) {
        for (int idx = 0; idx < heads.length; idx++) {
            for (TimerEntry e = heads[idx]; e != null; ) {
                TimerEntry next = e.next;
                if (which.test(e)) {
                    remove(e);
                    removed.accept(e);
                }
                e = next;
            }
        }
    }

    /** Unlinks every entry, passing each to {@code sink}; for shutdown. */
    void drainAll(Consumer<TimerEntry> sink) {
        for (int idx = 0; idx < heads.length; idx++) {
            TimerEntry e = heads[idx];
            heads[idx] = null;
            tails[idx] = null;
            while (e != null) {
                TimerEntry next = e.next;
                e.prev = null;
                e.next = null;
                e.wheel = null;
                e.wheelState = TimerEntry.GONE;
                size--;
                sink.accept(e);
                e = next;
            }
        }
        Arrays.fill(occupied, 0L);
    }

    private void link(TimerEntry e, int level, int slot) {
        int idx = level * SLOTS + slot;
        e.level = (byte) level;
        e.slot = (byte) slot;
        e.next = null;
        TimerEntry t = tails[idx];
        e.prev = t;
        if (t == null) {
            heads[idx] = e;
        } else {
            t.next = e;
        }
        tails[idx] = e;
        occupied[level] |= 1L << slot;
        e.wheel = this;
        e.wheelState = TimerEntry.LINKED;
        size++;
    }

    /** The level an entry due at {@code when} belongs to, seen from {@code elapsed}. */
    static int levelFor(long elapsed, long when) {
        long masked = (elapsed ^ when) | SLOT_MASK;
        if (masked >= MAX_DURATION) {
            masked = MAX_DURATION - 1; // beyond the wheel: park in the top level
        }
        int significant = 63 - Long.numberOfLeadingZeros(masked);
        return significant / SLOT_BITS;
    }
}
