package dev.rill.engine;

/**
 * The slots of a {@link WorkerTimers} buffer: timers by index, in chunks of {@value #CHUNK},
 * a chunk allocated when the first index in it is written. What it is for is the garbage
 * collector's write barrier: one array that lives as long as its wheel ends up in the old
 * generation (a buffer of 512 KB is born there under G1 with 1 MB regions: humongous), and every
 * store of a new timer into an old array takes G1's slow path, a StoreLoad fence among it, which
 * cost a buffered arm about as much as the cancel's CAS. A chunk the flush let go of is allocated
 * again, young, by the next append that reaches it, so a burst of arms stores into young arrays;
 * chunk 0 is kept (a flush of a few timers allocates nothing). Growing is allocating the next
 * chunk: nothing is copied.
 *
 * <p>Threading: none of its own. The {@link WorkerTimers} that holds it says who writes and
 * reads which index: the owner appends at the end with plain stores (a new chunk's store into
 * the table among them) before its release store of the count, and a reader holding the lock
 * reads indices below the count after an acquire read of it, which makes the chunk and the
 * element visible; everything else happens under the lock.
 */
final class TimerBuffer {

    static final int SHIFT = 10;
    /** Timers per chunk (4 KB of compressed references): far below any humongous size. */
    static final int CHUNK = 1 << SHIFT;
    private static final int MASK = CHUNK - 1;

    private final ScheduledTask<?>[][] chunks;

    /** A buffer of {@code max} slots at most ({@code max} a multiple of {@value #CHUNK}). */
    TimerBuffer(int max) {
        chunks = new ScheduledTask<?>[(max + MASK) >>> SHIFT][];
        chunks[0] = new ScheduledTask<?>[CHUNK];
    }

    /** Slots in all: an index below it is valid. */
    int max() {
        return chunks.length << SHIFT;
    }

    /** The timer at {@code i}, which was written before. */
    ScheduledTask<?> get(int i) {
        return chunks[i >>> SHIFT][i & MASK];
    }

    /** Writes {@code t} at {@code i}, allocating its chunk if the flush let it go. */
    void set(int i, ScheduledTask<?> t) {
        ScheduledTask<?>[] c = chunks[i >>> SHIFT];
        if (c == null) {
            c = new ScheduledTask<?>[CHUNK];
            chunks[i >>> SHIFT] = c;
        }
        c[i & MASK] = t;
    }

    /**
     * Forgets slots [0, n), the buffer being emptied: clears chunk 0's and lets the others go, so
     * the next appends past chunk 0 store into young arrays.
     */
    void forget(int n) {
        ScheduledTask<?>[] first = chunks[0];
        for (int i = 0, k = Math.min(n, CHUNK); i < k; i++) {
            first[i] = null;
        }
        for (int c = 1; c < chunks.length && chunks[c] != null; c++) { // allocated in order: a prefix
            chunks[c] = null;
        }
    }
}
