package dev.rill.engine;

import static org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt.forClasses;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Model check of a worker's own timer wheel ({@link WorkerTimers}): the owner arming timers (linked
 * at once, or buffered without the lock when their start is left to the arm), cancelling them and
 * advancing its wheel, against other threads that cancel timers and take the wheel over (as the
 * timer thread does when the owner is late), claiming what the owner buffered, every interleaving explored
 * (sequentially consistent memory: it proves the lock, the posted cancels and the wheel membership
 * checks, not the release/acquire choices, which the notes in {@code WorkerTimers} argue). JCTools'
 * queue is taken as atomic.
 *
 * <p>What must hold after every execution, whoever advanced the wheel: a timer runs at most once;
 * never after a cancel that succeeded; never before the wheel was advanced to its deadline; and
 * every timer not cancelled whose deadline the wheel has reached has run (none is lost); and the
 * wheel and the buffer hold exactly the timers neither run nor cancelled (a cancel racing with the
 * link of a buffered timer leaves nothing linked). For a
 * buffered timer, "reached" counts only advances and takeovers that began after its arm returned:
 * one that overlaps the arm may miss it, and the next look (the buffer's due tick) finds it. Ticks are
 * absolute and given by each call; the wheel's time is the furthest it was advanced. The operations
 * return nothing on purpose: advancing fires timers one after another, so a cancel racing with an
 * advance may catch a later timer of the same advance, and results would not linearize against a
 * queue that fires them all at once; the properties are about what the threads leave behind.
 */
@Param(name = "id", gen = IntGen.class, conf = "0:2")
@Param(name = "tick", gen = IntGen.class, conf = "1:5")
public class WorkerTimersLincheckTest {

    private static final int TIMERS = 3;

    private final AtomicReferenceArray<ScheduledTask<?>> tasks = new AtomicReferenceArray<>(TIMERS);
    private final AtomicIntegerArray runs = new AtomicIntegerArray(TIMERS);
    /** The furthest tick any advance or takeover was asked for, raised before it starts. */
    private final AtomicInteger reached = new AtomicInteger();
    /** Runs that started before the wheel was asked to reach their deadline. */
    private final AtomicInteger early = new AtomicInteger();
    /** Per timer: the furthest tick an advance or takeover that began after its arm was asked for. */
    private final AtomicIntegerArray reachedSinceArm = new AtomicIntegerArray(TIMERS);
    private final AtomicIntegerArray buffered = new AtomicIntegerArray(TIMERS);
    private final WorkerTimers timers;
    private final TimerHost host;

    public WorkerTimersLincheckTest() {
        WorkerTimers.Driver driver = WorkerTimersFakes.standingDriver();
        timers = new WorkerTimers(null, driver, ScheduledTask::run);
        host = WorkerTimersFakes.host(timers);
    }

    /** Owner: arms timer {@code id} due at {@code tick}, if it was never armed. */
    @Operation(nonParallelGroup = "owner")
    public void arm(@Param(name = "id") int id, @Param(name = "tick") int tick) {
        timers.owner = Thread.currentThread();
        if (tasks.get(id) != null) {
            return;
        }
        ScheduledTask<Void> t = new ScheduledTask<>(host, null, () -> {
            if (reached.get() < tick) {
                early.incrementAndGet();
            }
            runs.incrementAndGet(id);
        }, null, tick * TimerHost.TICK_NANOS, 0);
        while (!timers.arm(t)) {
            Thread.onSpinWait(); // a takeover holds the wheel: the engine would use the shared wheel
        }
        tasks.set(id, t); // as the engine returns a handle: only once it is armed
    }

    /**
     * Owner: arms timer {@code id} {@code tick} ticks from the clock's 0, its start left to the
     * arm (so it is buffered, not linked; due at {@code tick + 1} with the window's slack tick).
     */
    @Operation(nonParallelGroup = "owner")
    public void armDeferred(@Param(name = "id") int id, @Param(name = "tick") int tick) {
        timers.owner = Thread.currentThread();
        if (tasks.get(id) != null) {
            return;
        }
        ScheduledTask<Void> t = new ScheduledTask<>(host, null, () -> {
            if (reached.get() < tick + 1) {
                early.incrementAndGet();
            }
            runs.incrementAndGet(id);
        }, null, tick * TimerHost.TICK_NANOS, 0);
        t.deadline = TimerEntry.UNRESOLVED; // as ScheduledTask.oneShot makes it for TimerHost.DEFERRED
        while (!timers.arm(t)) {
            Thread.onSpinWait();
        }
        buffered.set(id, 1);
        tasks.set(id, t);
    }

    /** Before an advance or a takeover to {@code tick}: the timers armed by now must be fired if due. */
    private void reach(int tick) {
        reached.accumulateAndGet(tick, Math::max);
        for (int i = 0; i < TIMERS; i++) {
            if (tasks.get(i) != null) {
                reachedSinceArm.accumulateAndGet(i, tick, Math::max);
            }
        }
    }

    /** Owner: its maintenance tick. */
    @Operation(nonParallelGroup = "owner")
    public void advance(@Param(name = "tick") int tick) {
        timers.owner = Thread.currentThread();
        reach(tick);
        while (!timers.advance(tick)) {
            Thread.onSpinWait(); // the engine's owner would skip and come back; the model waits to stay deterministic
        }
    }

    /** Owner: cancels timer {@code id}, if armed. */
    @Operation(nonParallelGroup = "owner")
    public void cancelOnOwner(@Param(name = "id") int id) {
        timers.owner = Thread.currentThread();
        ScheduledTask<?> t = tasks.get(id);
        if (t != null) {
            t.cancel(false);
        }
    }

    /** Another thread cancels timer {@code id}: the cancel is posted to the owner's wheel. */
    @Operation
    public void cancelElsewhere(@Param(name = "id") int id) {
        ScheduledTask<?> t = tasks.get(id);
        if (t != null) {
            t.cancel(false);
        }
    }

    /** Another thread takes the wheel over and fires what is due by {@code tick}. */
    @Operation
    public void takeOver(@Param(name = "tick") int tick) {
        reach(tick);
        while (!timers.tryTakeOver(tick)) {
            Thread.onSpinWait();
        }
    }

    @Validate
    public void eachTimerRunsOnceUnlessCancelledNeverEarlyNeverLost() {
        int waiting = 0;
        if (early.get() != 0) {
            throw new IllegalStateException("a timer ran before the wheel was advanced to its deadline");
        }
        for (int i = 0; i < TIMERS; i++) {
            ScheduledTask<?> t = tasks.get(i);
            if (t == null) {
                continue;
            }
            int n = runs.get(i);
            boolean cancelled = t.isCancelled();
            if (n == 0 && !cancelled) {
                waiting++;
            }
            boolean due = t.deadline <= (buffered.get(i) == 1 ? reachedSinceArm.get(i) : reached.get());
            if (n > 1 || (n == 1 && cancelled) || (n == 0 && due && !cancelled)) {
                throw new IllegalStateException("timer " + i + " (due at " + t.deadline + ", wheel advanced to "
                        + reached.get() + ") ran " + n + " times, cancelled: " + cancelled);
            }
        }
        if (timers.pending() != waiting) {
            throw new IllegalStateException(timers.pending() + " timers pending in the wheel and the buffer, but "
                    + waiting + " neither ran nor were cancelled");
        }
    }

    @Test
    void ownerAndOtherThreadsAreLinearizable() {
        new ModelCheckingOptions()
                .iterations(20)
                .invocationsPerIteration(500)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(2)
                .addGuarantee(forClasses(MpscUnboundedXaddArrayQueue.class.getName()).allMethods().treatAsAtomic())
                .check(getClass());
    }
}
