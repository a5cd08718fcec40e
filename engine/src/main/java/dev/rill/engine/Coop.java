package dev.rill.engine;

/**
 * A worker's cooperative budget: the state and the policy behind {@link Budget}, held by the
 * {@link WorkerThread} and touched only by it.
 *
 * <p>Each task run starts with {@link Budget#PER_RUN} units ({@link #startRun}); drain loops spend
 * them through {@link Budget}. When they run out:
 * <ul>
 *   <li>the wheels get a look first, the shared one and the worker's own ({@link
 *       WorkerThread#fireDueTimersInRun}): a task that keeps getting fresh budgets never returns
 *       to the loop, whose maintenance would fire due timers, so once per budget it fires them
 *       here; what fires lands in this worker's queue, and the task then yields to it;</li>
 *   <li>if nobody waits for the worker ({@link WorkerThread#nobodyWaiting}), the task gets a fresh
 *       budget instead of a yield: a yield only for the tasks behind it, with none, would cost a
 *       trip through the ring and hand the worker straight back. The refill is counted ({@link
 *       WorkerThread#refills}): such a run is cooperating, not stuck, and the {@link Watchdog}
 *       does not report it;</li>
 *   <li>otherwise the run is spent: every later claim in this run gets nothing, the yield is
 *       counted once, and {@link #isSpent} tells the worker to queue whatever the task wakes at
 *       the back, behind the waiting tasks, like the yielding task itself.</li>
 * </ul>
 *
 * <p>Threading: only the owning worker thread.
 */
final class Coop {

    private final WorkerThread worker;
    /** Units left in the current run. */
    private int units;
    /** The run ran out with others waiting: no more units until the next run. */
    private boolean spent;

    Coop(WorkerThread worker) {
        this.worker = worker;
    }

    /** A task run starts: a full budget. */
    void startRun() {
        units = Budget.PER_RUN;
        spent = false;
    }

    /** Up to {@code want} units; 0 when the run must yield. */
    int claim(int want) {
        int b = units;
        if (b == 0) {
            if (!refill()) {
                return 0;
            }
            b = units;
        }
        int granted = Math.min(b, want);
        units = b - granted;
        return granted;
    }

    /** The budget ran out: a fresh one if nobody waits, else the run is spent (see the class comment). */
    private boolean refill() {
        if (spent) {
            return false;
        }
        worker.fireDueTimersInRun();
        if (!worker.nobodyWaiting()) {
            spent = true;
            worker.budgetYields++;
            return false;
        }
        units = Budget.PER_RUN;
        worker.refills++;
        return true;
    }

    /** The running task used up its budget while others wait: what it wakes goes to the back. */
    boolean isSpent() {
        return spent;
    }

    int remaining() {
        return units;
    }
}
