package dev.rill.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jctools.queues.MessagePassingQueue;

/**
 * A worker's own run queue: a fixed ring of {@value #CAPACITY} slots. The owner pushes at the tail
 * and pops at the head (FIFO); other workers steal half of it in one batch.
 *
 * <p>Indices are unsigned 32-bit counters that wrap. The head holds two of them packed in one
 * {@code long} so that a stealer claims its whole batch with a single CAS:
 * <ul>
 *   <li>{@code real} (low half): the next slot to hand out, to the owner or a stealer;</li>
 *   <li>{@code steal} (high half): equal to {@code real} unless a steal is copying slots
 *       {@code [steal, real)}; while they differ, no other steal starts and the owner may not
 *       reuse those slots.</li>
 * </ul>
 * A steal is: CAS {@code real += n} (claim), copy the n slots into the stealer's own ring, CAS
 * {@code steal = real} (release). The owner keeps popping meanwhile by advancing {@code real} alone.
 *
 * <p>Layout: {@code head} (CASed by stealers) and {@code tail} (written by the owner) share a cache
 * line on purpose, as in Tokio: a steal reads both, and the owner's push reads the head anyway.
 * The pair is kept off the neighbouring objects' lines by padding through the class hierarchy
 * (as {@link IntakeGate}, since the JVM may reorder a class's own fields).
 *
 * <p>Threading: {@link #push}, {@link #pop} and {@link #lastSteal} only by the owner thread;
 * {@link #stealInto} by any other worker through the {@link Stealer} view, passing its own queue
 * as the destination; {@link #len} and {@link #isEmpty} by anyone, as a racy estimate.
 */
final class LocalQueue extends LocalQueuePad1 implements Stealer {

    static final int CAPACITY = 256;
    private static final int MASK = CAPACITY - 1;
    static final int HALF = CAPACITY / 2;

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(LocalQueueFields.class, "head", long.class);
            TAIL = l.findVarHandle(LocalQueueFields.class, "tail", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Owner-only: hands the older half of a full ring to the overflow queue in one fill. */
    private final OverflowBatch batch = new OverflowBatch();
    /** Owner-only: how many tasks this queue's owner took with its last successful steal. */
    private int lastSteal;

    static long pack(int steal, int real) {
        return ((long) steal << 32) | (real & 0xFFFF_FFFFL);
    }

    static int steal(long head) {
        return (int) (head >>> 32);
    }

    static int real(long head) {
        return (int) head;
    }

    /**
     * Owner: appends {@code task}. When the ring is full, half of it and the task move to
     * {@code overflow} in one batch.
     *
     * @return true if the ring overflowed (for metrics)
     */
    boolean push(Object task, MessagePassingQueue<Object> overflow) {
        for (;;) {
            // Acquire pairs with a stealer's releasing CAS of `steal`: its reads of the slots it
            // took happen-before we overwrite them.
            long h = (long) HEAD.getAcquire(this);
            int t = (int) TAIL.getOpaque(this); // our own field: no ordering needed to read it
            if (t - steal(h) < CAPACITY) {
                SLOT.set(buffer, t & MASK, task);
                // Release: the slot write is visible to whoever reads the new tail with acquire.
                TAIL.setRelease(this, t + 1);
                return false;
            }
            if (steal(h) != real(h)) {
                // A steal is freeing room right now; don't wait for it.
                overflow.offer(task);
                return true;
            }
            if (pushOverflow(h, task, overflow)) {
                return true;
            }
            // A stealer moved the head between our read and the CAS: retry with the fresh head.
        }
    }

    /**
     * Owner: moves the older half of a full ring plus {@code task} to {@code overflow}. The half is
     * claimed with one CAS, like a steal, and published with one {@code fill} (one atomic add on the
     * overflow queue for the whole batch, not one per task).
     */
    private boolean pushOverflow(long h, Object task, MessagePassingQueue<Object> overflow) {
        int real = real(h);
        if (!HEAD.compareAndSet(this, h, pack(real + HALF, real + HALF))) {
            return false;
        }
        // The claimed slots are ours: stealers start at the new `real`, and we only reuse a slot
        // after we read it here.
        batch.start(real, task);
        overflow.fill(batch, HALF + 1);
        batch.task = null;
        return true;
    }

    /** The owner's reusable supplier for {@link #pushOverflow}: the claimed half, then the new task. */
    private final class OverflowBatch implements MessagePassingQueue.Supplier<Object> {
        private int first;
        private int k;
        Object task;

        void start(int firstIndex, Object newTask) {
            first = firstIndex;
            k = 0;
            task = newTask;
        }

        @Override
        public Object get() {
            int i = k++;
            if (i == HALF) {
                return task;
            }
            int idx = (first + i) & MASK;
            Object o = SLOT.get(buffer, idx);
            SLOT.set(buffer, idx, null);
            return o;
        }
    }

    /** Owner: takes the oldest task, or null. */
    Object pop() {
        long h = (long) HEAD.getAcquire(this);
        for (;;) {
            int steal = steal(h);
            int real = real(h);
            int t = (int) TAIL.getOpaque(this);
            if (real == t) {
                return null;
            }
            int nextReal = real + 1;
            // No steal in progress: steal and real move together.
            long next = steal == real ? pack(nextReal, nextReal) : pack(steal, nextReal);
            long witness = (long) HEAD.compareAndExchange(this, h, next);
            if (witness == h) {
                int idx = real & MASK;
                Object o = SLOT.get(buffer, idx);
                SLOT.set(buffer, idx, null); // let the task be collected; the slot is ours until we reuse it
                return o;
            }
            h = witness;
        }
    }

    /** Stealer (see {@link Stealer#stealInto}); {@code dst.lastSteal()} is set to the number taken. */
    @Override
    public Object stealInto(LocalQueue dst) {
        int dstTail = (int) TAIL.getOpaque(dst);
        long dstHead = (long) HEAD.getAcquire(dst);
        if (dstTail - steal(dstHead) > HALF) {
            return null; // the caller has plenty; stealing would overflow it
        }

        // Claim [real, real + n) with one CAS on the victim's head.
        long h = (long) HEAD.getAcquire(this);
        long claimed;
        int n;
        for (;;) {
            int steal = steal(h);
            int real = real(h);
            if (steal != real) {
                return null; // someone else is stealing from this queue
            }
            // Acquire pairs with the owner's release of tail: the slots below it are written.
            int t = (int) TAIL.getAcquire(this);
            n = t - real;
            n -= n / 2;
            if (n <= 0) {
                return null;
            }
            claimed = pack(steal, real + n);
            long witness = (long) HEAD.compareAndExchange(this, h, claimed);
            if (witness == h) {
                break;
            }
            h = witness;
        }

        int first = steal(claimed);
        Object[] src = buffer;
        Object[] out = dst.buffer;
        for (int k = 0; k < n; k++) {
            int si = (first + k) & MASK;
            // Our claim keeps the owner from reusing these slots until `steal` moves on below.
            SLOT.set(out, (dstTail + k) & MASK, SLOT.get(src, si));
            SLOT.set(src, si, null);
        }

        releaseSteal(claimed);

        dst.lastSteal = n; // dst is the caller's own queue: an owner-only field
        int last = n - 1;
        int lastIdx = (dstTail + last) & MASK;
        Object ret = SLOT.get(out, lastIdx);
        SLOT.set(out, lastIdx, null);
        if (last > 0) {
            // Publish the others in our own ring for our own pops and for other stealers.
            TAIL.setRelease(dst, dstTail + last);
        }
        return ret;
    }

    /**
     * Stealer: ends a claim, letting {@code steal} catch up with {@code real} (which the owner may
     * have advanced by pops meanwhile). The CAS is a release, so the stealer's slot reads and clears
     * happen-before the owner's reuse of those slots.
     */
    private void releaseSteal(long claimed) {
        long h = claimed;
        for (;;) {
            int real = real(h);
            long witness = (long) HEAD.compareAndExchange(this, h, pack(real, real));
            if (witness == h) {
                return;
            }
            h = witness;
        }
    }

    /** Owner: how many tasks its last successful {@link #stealInto} took. */
    int lastSteal() {
        return lastSteal;
    }

    /** Tasks waiting; a racy estimate when called by a thread other than the owner. */
    @Override
    public int len() {
        long h = (long) HEAD.getAcquire(this);
        int t = (int) TAIL.getAcquire(this);
        return Math.max(0, t - real(h));
    }

    @Override
    public boolean isEmpty() {
        return len() == 0;
    }

    /** Free slots, as seen by the owner. */
    int remainingSlots() {
        long h = (long) HEAD.getAcquire(this);
        int t = (int) TAIL.getOpaque(this);
        return CAPACITY - (t - steal(h));
    }
}

/** Padding before the queue's fields (see {@link LocalQueue}'s class comment). */
abstract class LocalQueuePad0 {
    @SuppressWarnings("unused")
    private long p00, p01, p02, p03, p04, p05, p06, p07;
}

/** The fields stealers and the owner share; their accesses go through {@link LocalQueue}'s handles. */
abstract class LocalQueueFields extends LocalQueuePad0 {
    final Object[] buffer = new Object[LocalQueue.CAPACITY];

    /** Packed (steal, real); changed only by CAS. */
    @SuppressWarnings("unused")
    volatile long head;

    /** Next slot the owner fills; written only by the owner, with release. */
    @SuppressWarnings("unused")
    volatile int tail;
}

/** Padding after the shared fields: the owner-only fields below stay off their line. */
abstract class LocalQueuePad1 extends LocalQueueFields {
    @SuppressWarnings("unused")
    private long p10, p11, p12, p13, p14, p15, p16, p17;
}
