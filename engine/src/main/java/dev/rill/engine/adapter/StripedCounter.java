package dev.rill.engine.adapter;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * A count that many threads change at once and that is rarely read: each thread adds to the cell
 * its id picks, and a read sums the cells. The first thread to add to a cell owns it: its adds
 * are a plain read and a release store, no atomic instruction, because no other thread writes
 * there. A thread whose cell is owned by another thread adds to a shared cell with {@code
 * getAndAdd}; the cell of a thread that has ended goes to a later thread that picks it. It is
 * what {@link java.util.concurrent.atomic.LongAdder} does, cheaper: an adapter counts every delayed
 * task up at its arm and down at its cancel, and two atomic adds were half of what the adapter
 * added to the engine's own timer (bench/README.md, delayed tasks through the adapters); and at a
 * cost that stays small before the JIT has compiled its callers (field updaters, not the {@code
 * VarHandle} calls of {@code LongAdder}, five calls each in profiled code: the cold window).
 *
 * <p>Each cell keeps what was added and what was subtracted apart, both only growing, and {@link
 * #sum()} reads every subtracted part before any added part. So a sum is never below the count of
 * some moment during the read: a task counted up on the thread that submits it and down on the one
 * that runs it can no longer be seen down and not up (one signed value per cell allowed that,
 * read in cell order: a graceful dispose could see 0 while another task was pending). If the count
 * stayed above 0 through the read, the sum is above 0; a sum of 0 means the count was 0 at some
 * moment of it.
 *
 * <p>Ordering: an owner's add is a release store of its cell, every other add a volatile
 * read-modify-write of the shared cell, and {@link #sum()} reads each part volatile (acquire); so an
 * add that happened before a sum began is in it, and a subtraction the sum sees brings every add
 * that happened before it (the add of the same task) into the later reads of the added parts.
 * Adds racing with the sum may or may not be in it, as with {@code LongAdder}; a sum taken when
 * nothing changes any more is exact. A cell changes owner only once
 * its owner has ended, seen through {@link Thread#isAlive()} (which orders the ended thread's
 * writes before the new owner's reads), and by a CAS, so two threads never own it at once.
 *
 * <p>Threading: every method from any thread.
 */
final class StripedCounter {

    /** Shared-cell adds between two looks at whether a cell's owner has ended: a power of two. */
    static final int OWNER_CHECK_PERIOD = 64;

    private final Cell[] cells;
    private final Cell shared = new Cell();
    private final int mask;

    /** A counter with a cell per thread for up to {@code threads} threads of consecutive ids. */
    StripedCounter(int threads) {
        int n = Integer.highestOneBit(Math.max(1, threads) * 2 - 1) << 1; // the power of two >= 2 x threads
        cells = new Cell[n];
        for (int i = 0; i < n; i++) {
            cells[i] = new Cell();
        }
        mask = n - 1;
    }

    /** Adds {@code x} (negative to subtract). */
    void add(long x) {
        Thread me = Thread.currentThread();
        @SuppressWarnings("deprecation") // Thread.getId: threadId() is JDK 19+
        Cell c = cells[(int) me.getId() & mask];
        if (c.owner == me) {
            // Plain read: only we write this cell. Release store: the sum's volatile read sees it.
            if (x >= 0) {
                CellValue.UP.lazySet(c, c.up + x);
            } else {
                CellValue.DOWN.lazySet(c, c.down - x);
            }
            return;
        }
        addElsewhere(c, me, x);
    }

    /**
     * {@link #add} by a thread that does not own its cell: claims it if it is free, else adds to the
     * shared cell. About one such add in {@value #OWNER_CHECK_PERIOD} (at random) also asks whether
     * the owner has ended (a native call on JDK 17, too dear for every add) and, if so, claims the
     * cell for the next add.
     */
    private void addElsewhere(Cell c, Thread me, long x) {
        Thread o = c.owner; // volatile: a claim's CAS, or null
        if (o == null && CellValue.OWNER.compareAndSet(c, null, me)) {
            add(x); // ours now, and never written by a non-owner
            return;
        }
        if (x >= 0) {
            CellValue.UP.getAndAdd(shared, x);
        } else {
            CellValue.DOWN.getAndAdd(shared, -x);
        }
        if (o != null && (ThreadLocalRandom.current().nextInt() & (OWNER_CHECK_PERIOD - 1)) == 0 && !o.isAlive()) {
            // The ended owner's last store happened before its end, which isAlive saw; the CAS
            // orders that before our next add's read of the cell.
            CellValue.OWNER.compareAndSet(c, o, me);
        }
    }

    /**
     * The sum of every add so far (see the class comment for adds racing with it): every
     * subtracted part first, then every added part, each a volatile read.
     */
    long sum() {
        long down = shared.down;
        for (Cell c : cells) {
            down += c.down;
        }
        long up = shared.up;
        for (Cell c : cells) {
            up += c.up;
        }
        return up - down;
    }

    /** Cells, for tests (the shared one not counted). */
    int cellCount() {
        return cells.length;
    }

    /** How many cells are owned by a thread, for tests. */
    int ownedCells() {
        int n = 0;
        for (Cell c : cells) {
            if (c.owner != null) {
                n++;
            }
        }
        return n;
    }

    /** One cell, alone on its cache line (padding by class hierarchy, as {@code IntakeGate}). */
    static final class Cell extends CellValue {
        @SuppressWarnings("unused")
        private long p10, p11, p12, p13, p14, p15, p16, p17;
    }
}

abstract class CellPad {
    @SuppressWarnings("unused")
    private long p00, p01, p02, p03, p04, p05, p06, p07;
}

abstract class CellValue extends CellPad {

    static final AtomicLongFieldUpdater<CellValue> UP = AtomicLongFieldUpdater.newUpdater(CellValue.class, "up");
    static final AtomicLongFieldUpdater<CellValue> DOWN = AtomicLongFieldUpdater.newUpdater(CellValue.class, "down");
    static final AtomicReferenceFieldUpdater<CellValue, Thread> OWNER =
            AtomicReferenceFieldUpdater.newUpdater(CellValue.class, Thread.class, "owner");

    /** All that was added here; only grows. */
    volatile long up;
    /** All that was subtracted here, as a positive number; only grows. */
    volatile long down;
    /** The one thread that adds here with plain stores, or null while no thread has claimed the cell. */
    volatile Thread owner;
}
