package dev.rill.engine;

/**
 * Cooperative budget: how many more signals the running task may deliver before it should give its
 * worker back. Every task run on an {@link Engine} starts with {@link #PER_RUN} units; drain loops
 * spend one unit per delivered signal and, when {@link #tryConsume()} says no, re-{@link
 * Task#schedule() schedule} themselves and return. That is what stops one endless stream from
 * starving everything else on the same worker. A task that runs out while nothing else waits for
 * its worker (empty LIFO slot, ring and global queue) gets a fresh budget instead of a yield:
 * fairness toward nobody is pure cost.
 *
 * <pre>{@code while (Budget.tryConsume() && queue.poll() != null) { ... }}</pre>
 *
 * <p>The budget lives in a field of the worker thread, reached through {@code
 * Thread.currentThread()}, so checking it costs a type test and a field access, not a {@code
 * ThreadLocal} lookup. Code that does not run on an engine thread has an unlimited budget.
 *
 * <p>Threading: each method acts on the calling thread's budget only.
 */
public final class Budget {

    /** Units each task run starts with. */
    public static final int PER_RUN = 128;

    private Budget() {
    }

    /**
     * Spends one unit.
     *
     * @return true if the caller may go on; false if the budget is spent and the caller should
     *         yield. Always true off the engine.
     */
    public static boolean tryConsume() {
        return !(Thread.currentThread() instanceof WorkerThread w) || w.consumeBudget();
    }

    /**
     * Spends up to {@code want} units at once, for loops that would otherwise pay for a {@link
     * #tryConsume()} per element (the thread lookup and the field write cost more than the rest
     * of a fused drain's step). Units claimed and not used are simply lost: the run yields a
     * little early, never late.
     *
     * <pre>{@code int allowance = Budget.claim(128); while (allowance-- > 0 && emitOne()) { }}</pre>
     *
     * @param want how many units the caller could use; at least 1
     * @return how many it may spend (1 to {@code want}); 0 means the budget is spent and the
     *         caller should yield. Always {@code want} off the engine.
     */
    public static int claim(int want) {
        return Thread.currentThread() instanceof WorkerThread w ? w.claimBudget(want) : want;
    }

    /** Units left in this run; {@link Integer#MAX_VALUE} off the engine. */
    public static int remaining() {
        return Thread.currentThread() instanceof WorkerThread w ? w.remainingBudget() : Integer.MAX_VALUE;
    }
}
