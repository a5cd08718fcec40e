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
 * Model check of an outside wheel ({@link WorkerTimers#outside}): any thread arms timers (buffered
 * under the lock, not linked), any thread cancels them (the state CAS alone while buffered, an
 * unlink or a posted cancel once linked), and any thread takes the wheel over as the timer thread
 * does at its looks (linking what is live, dropping what was cancelled, firing what is due), every
 * interleaving explored (sequentially consistent memory, JCTools' queue taken as atomic).
 *
 * <p>What must hold after every execution: a timer runs at most once; never after a cancel that
 * succeeded; never before a takeover was asked for its deadline; every timer not cancelled whose
 * deadline a takeover that began after its arm returned was asked for has run (none is lost: an
 * arm and a takeover are both under the lock, so one that began later sees it); and the wheel and
 * the buffer hold exactly the timers neither run nor cancelled. As in {@link
 * WorkerTimersLincheckTest}, the operations return nothing: the properties are about what the
 * threads leave behind.
 */
@Param(name = "id", gen = IntGen.class, conf = "0:2")
@Param(name = "tick", gen = IntGen.class, conf = "1:5")
public class OutsideTimersLincheckTest {

    private static final int TIMERS = 3;

    private final AtomicReferenceArray<ScheduledTask<?>> tasks = new AtomicReferenceArray<>(TIMERS);
    private final AtomicIntegerArray runs = new AtomicIntegerArray(TIMERS);
    /** The furthest tick any takeover was asked for, raised before it starts. */
    private final AtomicInteger reached = new AtomicInteger();
    private final AtomicInteger early = new AtomicInteger();
    /** Per timer: the furthest tick a takeover that began after its arm was asked for. */
    private final AtomicIntegerArray reachedSinceArm = new AtomicIntegerArray(TIMERS);
    private final WorkerTimers timers;
    private final TimerHost host;

    public OutsideTimersLincheckTest() {
        WorkerTimers.Driver driver = WorkerTimersFakes.standingDriver();
        timers = WorkerTimers.outside(driver, ScheduledTask::run);
        host = WorkerTimersFakes.host(timers);
    }

    /** Any thread: arms timer {@code id} due at {@code tick}, if no thread armed it yet. */
    @Operation
    public void arm(@Param(name = "id") int id, @Param(name = "tick") int tick) {
        ScheduledTask<Void> t = new ScheduledTask<>(host, null, () -> {
            if (reached.get() < tick) {
                early.incrementAndGet();
            }
            runs.incrementAndGet(id);
        }, null, tick * TimerHost.TICK_NANOS, 0);
        synchronized (tasks) { // one arm per id: the model's bookkeeping, not the wheel's
            if (tasks.get(id) != null) {
                return;
            }
            while (!timers.arm(t)) {
                Thread.onSpinWait(); // a takeover holds the wheel: the engine would use the inbox
            }
            tasks.set(id, t); // as the engine returns a handle: only once it is armed
        }
    }

    /** Any thread: cancels timer {@code id}, if armed. */
    @Operation
    public void cancel(@Param(name = "id") int id) {
        ScheduledTask<?> t = tasks.get(id);
        if (t != null) {
            t.cancel(false);
        }
    }

    /** Any thread, as the timer thread at a look: takes the wheel and fires what is due by {@code tick}. */
    @Operation
    public void takeOver(@Param(name = "tick") int tick) {
        reached.accumulateAndGet(tick, Math::max);
        for (int i = 0; i < TIMERS; i++) {
            if (tasks.get(i) != null) {
                reachedSinceArm.accumulateAndGet(i, tick, Math::max);
            }
        }
        while (!timers.tryTakeOver(tick)) {
            Thread.onSpinWait();
        }
    }

    @Validate
    public void eachTimerRunsOnceUnlessCancelledNeverEarlyNeverLost() {
        if (early.get() != 0) {
            throw new IllegalStateException("a timer ran before a takeover was asked for its deadline");
        }
        int waiting = 0;
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
            boolean due = t.deadline <= reachedSinceArm.get(i);
            if (n > 1 || (n == 1 && cancelled) || (n == 0 && due && !cancelled)) {
                throw new IllegalStateException("timer " + i + " (due at " + t.deadline + ", taken over to "
                        + reached.get() + ") ran " + n + " times, cancelled: " + cancelled);
            }
        }
        if (timers.pending() != waiting) {
            throw new IllegalStateException(timers.pending() + " timers pending in the wheel and the buffer, but "
                    + waiting + " neither ran nor were cancelled");
        }
    }

    @Test
    void armsCancelsAndLooksFromAnyThreadAreLinearizable() {
        new ModelCheckingOptions()
                .iterations(12)
                .invocationsPerIteration(500)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(2)
                .addGuarantee(forClasses(MpscUnboundedXaddArrayQueue.class.getName()).allMethods().treatAsAtomic())
                .check(getClass());
    }
}
