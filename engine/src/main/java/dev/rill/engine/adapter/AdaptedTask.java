package dev.rill.engine.adapter;

import dev.rill.engine.Cancellable;
import dev.rill.engine.Rejectable;
import dev.rill.engine.Scheduler;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * A task handed to Rill by another library's scheduler (the Reactor and RxJava adapters): the
 * state behind their {@code Disposable}s, written once. A task is pending, then running, then done
 * or disposed; a periodic one stays pending between runs. The transition into done or disposed
 * happens exactly once (a CAS), and only that transition reports {@link Owner#finished}, so an
 * owner's count of unfinished tasks is exact. A task whose owner was closed before it ran does not
 * run: it finishes as disposed.
 *
 * <p>Disposing a task while it runs interrupts its thread, as Reactor's and RxJava's own schedulers
 * do (a {@code timeout} around a blocking call stops the call), unless the task disposes itself.
 * The interrupt never reaches the thread's next task: the disposer announces it (INTERRUPTING),
 * interrupts only if the run is still going, and says it is done (INTERRUPTED); the run, once over,
 * waits for an announced interrupt to be done and then clears the flag, as {@code FutureTask}
 * waits for a cancelling interrupt.
 *
 * <p>Threading: {@link #run()} by the engine (never twice at once: one-shot tasks run once,
 * periodic ones from a serial wheel entry); {@link #cancel()} and the queries from any thread.
 */
public class AdaptedTask implements Rejectable, Cancellable {
    // Field updaters and plain volatile reads rather than VarHandles: the same volatile semantics
    // (every access below is a volatile read or a volatile CAS), and far fewer calls while C2 has
    // not compiled the adapter paths yet. A VarHandle access costs five calls there (guard,
    // access mode check, receiver cast, null check, the access), which in a fresh JVM made Reactor
    // on Rill slower than Reactor on its own threads (bench/README.md, the cold window).
    private static final AtomicIntegerFieldUpdater<AdaptedTask> STATE =
            AtomicIntegerFieldUpdater.newUpdater(AdaptedTask.class, "state");
    private static final AtomicIntegerFieldUpdater<AdaptedTask> INTERRUPT =
            AtomicIntegerFieldUpdater.newUpdater(AdaptedTask.class, "interrupt");
    private static final AtomicReferenceFieldUpdater<AdaptedTask, Cancellable> HANDLE =
            AtomicReferenceFieldUpdater.newUpdater(AdaptedTask.class, Cancellable.class, "handle");

    private static final int PENDING = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;
    private static final int DISPOSED = 3;

    private static final int NO_INTERRUPT = 0;
    private static final int INTERRUPTING = 1;
    private static final int INTERRUPTED = 2;

    /** Who a task belongs to: a scheduler or a worker of an adapter. */
    public interface Owner {
        /** True once the owner was disposed: its tasks that have not started never will. */
        boolean isClosed();

        /** The generation of its scheduler that new tasks belong to. */
        Generation generation();

        /**
         * Called exactly once per task, when it completes, fails, or is disposed; {@code started}
         * if it was a one-shot task whose run had begun ({@link #started} was called for it).
         */
        void finished(AdaptedTask task, boolean started);

        /** A one-shot task leaves the queue and begins its run (once; periodic tasks never do). */
        default void started(AdaptedTask task) {
        }

        /** A task threw; the adapter reports it the way its library does. */
        void failed(Throwable error);

        /** A run of {@code task} starts ({@code true}) or ends: a worker keeps it to interrupt on dispose. */
        default void running(AdaptedTask task, boolean starts) {
        }
    }

    private final Runnable task;
    private final Owner owner;
    private final Generation generation;
    private final boolean periodic;
    private volatile int state;
    private volatile Cancellable handle;
    /** The thread running the task now, or null; written by that thread around each run. */
    private volatile Thread runner;
    /** The interrupt handshake with a dispose during a run (see the class comment). */
    private volatile int interrupt;
    /** In its owner's set of delayed and periodic tasks ({@link AdapterCore}). */
    boolean tracked;
    /** For a periodic task with no period: where each run schedules the next (a scheduler or worker). */
    private Object backToBack;

    protected AdaptedTask(Runnable task, Owner owner, boolean periodic) {
        this.task = Objects.requireNonNull(task, "task");
        this.owner = owner;
        this.generation = owner.generation();
        this.periodic = periodic;
    }

    /** The generation of its scheduler it was scheduled in. */
    public final Generation generation() {
        return generation;
    }

    /** Its scheduler's generation is over, or its owner (a worker) was disposed. */
    final boolean ownerClosed() {
        return generation.isDisposed() || owner.isClosed();
    }

    /** The library's task this one runs. */
    protected final Runnable wrapped() {
        return task;
    }

    /**
     * The engine's handle for this task (its queue entry or wheel entry), to cancel it with. A
     * volatile store, then the read of the state: with {@link #cancel}'s CAS then read of the
     * handle, a Dekker pair, so a dispose from another thread during the submission either sees
     * the handle or is seen here. For a task others can reach while it is submitted: a worker's
     * tracked task (the worker's dispose sweeps its set) and a periodic one (its runs set the
     * handle again while its {@code Disposable} is out).
     */
    public final void setHandle(Cancellable h) {
        handle = h;
        if (state == DISPOSED) {
            h.cancel(); // disposed while it was being scheduled
        }
    }

    /**
     * {@link #setHandle} with a release store and no fence, for a one-shot task that no thread
     * can dispose through its handle before the submission returns it: untracked, so only the
     * engine holds it, and what the engine does needs no handle (a run is past cancelling, a
     * close drops the entry itself, a scheduler's dispose sweeps the wheel: {@link
     * AdapterCore#dispose}) and it publishes whatever it hands to another thread. Its own {@code
     * Disposable} reaches other threads only after the submission, so a later dispose sees the
     * handle (happens-before through the publication). The read of the state catches a dispose
     * already done by the engine (a close that rejected it).
     */
    final void setOwnHandle(Cancellable h) {
        HANDLE.lazySet(this, h);
        if (state == DISPOSED) {
            h.cancel();
        }
    }

    @Override
    public final void run() {
        if (ownerClosed()) {
            cancel();
            return;
        }
        if (periodic) {
            runPeriod();
            return;
        }
        if (!STATE.compareAndSet(this, PENDING, RUNNING)) {
            return; // disposed while queued
        }
        owner.started(this);
        try {
            runTask();
        } catch (Throwable e) {
            owner.failed(e);
        } finally {
            end(RUNNING, DONE); // fails if disposed during the run: dispose already finished it
        }
    }

    private void runPeriod() {
        if (state != PENDING) {
            return;
        }
        if (!generation.isRunning()) {
            cancel(); // a graceful shutdown stops the periods; its sweep of the wheel missed this run
            return;
        }
        try {
            runTask();
        } catch (Throwable e) {
            if (end(PENDING, DONE)) { // a run that throws ends the periods
                cancelHandle();
            }
            owner.failed(e);
            return;
        }
        Object next = backToBack;
        if (next != null && state == PENDING) {
            try {
                setHandle(scheduleAgain(next, 0, TimeUnit.NANOSECONDS));
            } catch (RuntimeException rejected) {
                cancel(); // the target closed between runs
            }
        }
    }

    /**
     * One run of the library's task, with its thread published for a dispose to interrupt: in its
     * thread's {@link RunningSlots} slot (where a scheduler's dispose finds it) before a last look
     * at the generation, so a dispose either stops the run before it starts or interrupts it.
     */
    private void runTask() {
        RunningSlots.Slot slot = RunningSlots.mine();
        AdaptedTask outer = slot.task; // null unless a task runs another adapted task inline
        slot.task = this;
        runner = Thread.currentThread();
        try {
            if (generation.isDisposed()) {
                cancel(); // the scheduler was disposed as the run began: the task does not start
                return;
            }
            owner.running(this, true);
            try {
                task.run();
            } finally {
                owner.running(this, false);
            }
        } finally {
            runner = null; // a volatile write: a disposer that announces after it sees no runner
            slot.task = outer;
            if (interrupt != NO_INTERRUPT) {
                while (interrupt == INTERRUPTING) {
                    Thread.onSpinWait(); // the disposer is between its announcement and its interrupt
                }
                Thread.interrupted(); // ours, for this run only: the thread's next task must not see it
            }
        }
    }

    /**
     * Disposes the task: it will not start, a periodic one runs no more, and a run in progress on
     * another thread is interrupted. Idempotent.
     */
    @Override
    public final void cancel() {
        for (;;) {
            int s = state;
            if (s == DONE || s == DISPOSED) {
                return;
            }
            if (end(s, DISPOSED)) {
                cancelHandle();
                interruptRun();
                return;
            }
        }
    }

    /**
     * The engine dropped the task unrun (it closed): it finishes as disposed, as a task that
     * Reactor's or RxJava's own {@code shutdownNow()} drops, and its owner's count stays exact.
     */
    @Override
    public final void rejected(RejectedExecutionException cause) {
        cancel();
    }

    /** Interrupts the run in progress, if any and not on this thread; at most once per task. */
    private void interruptRun() {
        Thread t = runner;
        if (t == null || t == Thread.currentThread() || !INTERRUPT.compareAndSet(this, NO_INTERRUPT, INTERRUPTING)) {
            return;
        }
        try {
            if (runner == t) { // read after the announcement: a run that is over has cleared it
                t.interrupt();
            }
        } finally {
            interrupt = INTERRUPTED;
        }
    }

    private boolean end(int from, int to) {
        if (STATE.compareAndSet(this, from, to)) {
            owner.finished(this, from == RUNNING);
            return true;
        }
        return false;
    }

    private void cancelHandle() {
        Cancellable h = handle;
        if (h != null) {
            h.cancel();
        }
    }

    /** Done, disposed, or its owner closed (so it will never run). */
    public final boolean isFinished() {
        int s = state;
        return s == DONE || s == DISPOSED || (s == PENDING && ownerClosed());
    }

    @Override
    public final boolean isCancelled() {
        return state == DISPOSED;
    }

    public final boolean isPeriodic() {
        return periodic;
    }

    /*
     * Submission: one method per kind (now, later, periodically; on a scheduler or a worker), each
     * with the one engine call it needs, for the reason given in AdapterCore. Each throws the
     * engine's RejectedExecutionException if the target rejects the task, which is then finished
     * (disposed), so the owner's count stays exact.
     */

    /** Runs it as soon as {@code target} can (untracked: see {@link #setOwnHandle}). */
    public final void submitNow(Scheduler target) {
        try {
            setOwnHandle(target.schedule(this));
        } catch (RuntimeException rejected) {
            throw refused(rejected);
        }
    }

    /**
     * Runs it as soon as {@code target} can, in order with the worker's other tasks (untracked:
     * see {@link #setOwnHandle}).
     */
    public final void submitNow(Scheduler.Worker target) {
        try {
            setOwnHandle(target.schedule(this));
        } catch (RuntimeException rejected) {
            throw refused(rejected);
        }
    }

    /** Runs it on {@code target} after {@code delay} (untracked: see {@link #setOwnHandle}). */
    public final void submitLater(Scheduler target, long delay, TimeUnit unit) {
        try {
            setOwnHandle(target.schedule(this, delay, unit));
        } catch (RuntimeException rejected) {
            throw refused(rejected);
        }
    }

    /** Runs it on {@code target} after {@code delay}, in order with the worker's other tasks. */
    public final void submitLater(Scheduler.Worker target, long delay, TimeUnit unit) {
        try {
            setHandle(target.schedule(this, delay, unit));
        } catch (RuntimeException rejected) {
            throw refused(rejected);
        }
    }

    /**
     * Runs it on {@code target} (a {@link Scheduler} or a {@link Scheduler.Worker}) after {@code
     * delay} and then every {@code period}. A period of zero or less (the libraries allow it) runs
     * the task back to back: again as soon as each run ends, until disposed.
     */
    public final void submitPeriodically(Object target, long delay, long period, TimeUnit unit) {
        if (!periodic) {
            throw new IllegalStateException("not a periodic task");
        }
        try {
            if (period <= 0) {
                backToBack = target;
                setHandle(scheduleAgain(target, delay, unit));
            } else if (target instanceof Scheduler s) {
                setHandle(s.schedulePeriodically(this, delay, period, unit));
            } else {
                setHandle(((Scheduler.Worker) target).schedulePeriodically(this, delay, period, unit));
            }
        } catch (RuntimeException rejected) {
            throw refused(rejected);
        }
    }

    private RuntimeException refused(RuntimeException rejected) {
        cancel();
        return rejected;
    }

    /** One run of a back-to-back periodic task on {@code target}: now, or after {@code delay}. */
    private Cancellable scheduleAgain(Object target, long delay, TimeUnit unit) {
        if (target instanceof Scheduler s) {
            return delay <= 0 ? s.schedule(this) : s.schedule(this, delay, unit);
        }
        Scheduler.Worker w = (Scheduler.Worker) target;
        return delay <= 0 ? w.schedule(this) : w.schedule(this, delay, unit);
    }
}
