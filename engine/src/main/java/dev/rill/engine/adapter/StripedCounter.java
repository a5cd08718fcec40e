package dev.rill.engine.adapter;

import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * A count that many threads change at once and that is rarely read: each thread adds to the cell
 * its id picks, so two workers never contend for one cache line, and a read sums the cells. It is
 * what {@link java.util.concurrent.atomic.LongAdder} does, at a cost that stays small before the
 * JIT has compiled its callers: an add is a thread-id read and one {@code getAndAdd} through a
 * field updater, where {@code LongAdder} makes two {@code VarHandle} calls (the thread's probe,
 * then the cell's CAS) of five calls each in profiled code (bench/README.md, the cold window).
 *
 * <p>Ordering: every add is a volatile read-modify-write of its cell, so an add that happened
 * before a {@link #sum()} began is in it; adds racing with the sum may or may not be, as with
 * {@code LongAdder}. A sum taken when nothing changes any more is exact.
 *
 * <p>Threading: every method from any thread.
 */
final class StripedCounter {

    private final Cell[] cells;
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
        @SuppressWarnings("deprecation") // Thread.getId: threadId() is JDK 19+
        long id = Thread.currentThread().getId();
        CellValue.VALUE.getAndAdd(cells[(int) id & mask], x);
    }

    /** The sum of every add so far (see the class comment for adds racing with it). */
    long sum() {
        long s = 0;
        for (Cell c : cells) {
            s += c.value; // a volatile read of each cell
        }
        return s;
    }

    /** Cells, for tests. */
    int cellCount() {
        return cells.length;
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

    static final AtomicLongFieldUpdater<CellValue> VALUE = AtomicLongFieldUpdater.newUpdater(CellValue.class, "value");

    volatile long value;
}
