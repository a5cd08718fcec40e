package dev.rill.engine;

/**
 * The slots of a {@link WorkerTimers} buffer: timers by index, in chunks of {@value #CHUNK}, a
 * chunk allocated when the first index in it is written and let go of when the buffer empties.
 * What it is for is the garbage collector's write barrier. A store of a new timer into an array in
 * the old generation takes G1's slow path, a StoreLoad fence among it, which cost a buffered arm
 * about as much as the cancel's CAS; into a young array it takes the fast path. One array that
 * lives as long as its wheel ends up old (a buffer of 512 KB is born old under G1 with the 1 MB
 * regions of a 2 GB heap: humongous), and so does any array that outlives a collection with a lot
 * surviving (a million pending timers, say). Chunks allocated after the last flush are young: a
 * flush that emptied a used buffer costs a 1 KB allocation at the next arm, and growing is
 * allocating the next chunk, with nothing copied.
 *
 * <p>Threading: none of its own. The {@link WorkerTimers} that holds it says who writes and
 * reads which index: the owner appends at the end with plain stores (a new chunk's store into
 * the table among them) before its release store of the count, and a reader holding the lock
 * reads indices below the count after an acquire read of it, which makes the chunk and the
 * element visible; everything else happens under the lock.
 */
final class TimerBuffer {

    static final int SHIFT = 8;
    /** Timers per chunk (1 KB of compressed references): far below any humongous size. */
    static final int CHUNK = 1 << SHIFT;
    private static final int MASK = CHUNK - 1;

    private final ScheduledTask<?>[][] chunks;

    /** A buffer of {@code max} slots at most ({@code max} a multiple of {@value #CHUNK}). */
    TimerBuffer(int max) {
        chunks = new ScheduledTask<?>[(max + MASK) >>> SHIFT][];
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
     * Takes the chunks that hold slots [0, n) out of the buffer, to be read while the survivors
     * of a compaction are written back from index 0 into young chunks.
     */
    ScheduledTask<?>[][] detach(int n) {
        int k = (n + MASK) >>> SHIFT;
        ScheduledTask<?>[][] taken = new ScheduledTask<?>[k][];
        System.arraycopy(chunks, 0, taken, 0, k);
        forget();
        return taken;
    }

    /** The timer at {@code i} of chunks {@link #detach}ed. */
    static ScheduledTask<?> get(ScheduledTask<?>[][] detached, int i) {
        return detached[i >>> SHIFT][i & MASK];
    }

    /** Forgets every slot, the buffer being emptied: its chunks go, and appends allocate young ones. */
    void forget() {
        for (int c = 0; c < chunks.length && chunks[c] != null; c++) { // allocated in order: a prefix
            chunks[c] = null;
        }
    }
}
