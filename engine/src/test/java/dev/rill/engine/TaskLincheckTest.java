package dev.rill.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Model check of a {@link Task}'s state machine ({@link TaskState}) with an abstract run queue:
 * {@code schedule} from several threads against one runner that takes the task from the queue,
 * starts a run and ends it (possibly yielding), every interleaving explored.
 *
 * <p>What must hold after every execution: the task is in the queue at most once (marks before a
 * run collapse into one entry); when no run is in progress it is queued exactly when its state says
 * scheduled; and a {@code schedule} that began after the last run began is followed by a run (the
 * task is queued or still running): no wake-up is lost and no run is doubled. The operations return
 * nothing on purpose: a {@code schedule} returns before its queue entry is visible, so results
 * would not linearize, and the properties are about the state the threads leave behind.
 *
 * <p>The runner may also drop the queued task for good ({@code reject}, what a closing engine does):
 * then the task is never queued again, and every {@code schedule} that began after the rejection
 * finds it rejected (its caller learns the engine is gone), while one that began before was
 * covered by the rejection (the task was queued when it left its mark).
 */
public class TaskLincheckTest {

    private final TaskState task = new TaskState() { };
    /** Queue entries of the task: the engine's run queue, reduced to a count. */
    private final AtomicInteger queued = new AtomicInteger();
    /** Orders the starts of schedule calls and runs. */
    private final AtomicLong clock = new AtomicLong();
    private final AtomicLong lastScheduleStart = new AtomicLong();
    /** Runner-only. */
    private long lastRunStart;
    private boolean running;
    /** When the rejection took effect on the clock; {@code Long.MAX_VALUE} while not rejected. */
    private final AtomicLong rejectedAt = new AtomicLong(Long.MAX_VALUE);
    /** Schedule calls that began after the rejection and were not told so. */
    private final AtomicInteger untoldAfterReject = new AtomicInteger();

    @Operation
    public void schedule() {
        long start = clock.incrementAndGet();
        lastScheduleStart.accumulateAndGet(start, Math::max);
        int prior = task.markNotified();
        if (prior == TaskState.IDLE) {
            queued.incrementAndGet();
        } else if ((prior & TaskState.REJECTED) == 0 && start > rejectedAt.get()) {
            untoldAfterReject.incrementAndGet();
        }
    }

    @Operation(nonParallelGroup = "runner")
    public void reject() {
        if (running || queued.get() == 0 || rejectedAt.get() != Long.MAX_VALUE) {
            return;
        }
        queued.decrementAndGet();
        if (!task.markRejected()) {
            throw new IllegalStateException("rejected twice");
        }
        rejectedAt.set(clock.incrementAndGet()); // after the state change, as for a run
    }

    @Operation(nonParallelGroup = "runner")
    public void startRun() {
        if (running || queued.get() == 0) {
            return;
        }
        queued.decrementAndGet();
        task.enterRun();
        lastRunStart = clock.incrementAndGet(); // after the state change that starts the run
        running = true;
    }

    @Operation(nonParallelGroup = "runner")
    public void endRun(boolean yielded) {
        if (!running) {
            return;
        }
        running = false;
        if (task.exitRun(yielded)) {
            queued.incrementAndGet();
        }
    }

    @Validate
    public void noRunLostNoneDoubled() {
        int q = queued.get();
        if (q < 0 || q > 1) {
            throw new IllegalStateException("the task is queued " + q + " times");
        }
        if (!running && task.isScheduled() != (q == 1)) {
            throw new IllegalStateException("scheduled=" + task.isScheduled() + " but queued " + q + " times");
        }
        if (untoldAfterReject.get() != 0) {
            throw new IllegalStateException("a schedule after the rejection was not told");
        }
        if (rejectedAt.get() != Long.MAX_VALUE) {
            if (q != 0 || task.isScheduled()) {
                throw new IllegalStateException("a rejected task was queued again");
            }
            return; // every schedule since was told, and the rejection covered the ones before
        }
        if (lastScheduleStart.get() > lastRunStart && q == 0 && !running) {
            throw new IllegalStateException("a schedule after the last run started got no run");
        }
    }

    @Test
    void noWakeUpIsLostNoRunDoubledAndARejectionIsFinal() {
        new ModelCheckingOptions()
                .iterations(30)
                .invocationsPerIteration(500)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(2)
                .check(getClass());
    }
}
