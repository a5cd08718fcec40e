package dev.rill.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jctools.queues.MpmcArrayQueue;

/**
 * Who is awake and who is searching, and the list of parked workers: the guard against both lost
 * wake-ups and thundering herds.
 *
 * <p>One {@code int} packs {@code unparked << 16 | searching}. A producer that adds work calls
 * {@link #notifyOne()}: it wakes a parked worker only when nobody is searching (a searcher will find
 * the work) and somebody is parked. At most half the workers search at once.
 *
 * <p>No lost wake-up, in the order that matters (every step below is sequentially consistent):
 * <ul>
 *   <li>A parking worker first pushes itself on {@link #sleepers}, then decrements the counts, then
 *       looks at every queue once more before it parks (the caller does that).</li>
 *   <li>A producer first publishes its task, then (after a full fence) reads the counts; to wake,
 *       it increments them by CAS and only then pops a sleeper.</li>
 * </ul>
 * If the producer read the counts before the worker's decrement, the worker's final look comes
 * after the task was published and sees it. If after, the producer wakes someone: the worker is
 * already on the list, and since claims (increments) are bounded by parks (decrements) and each
 * push precedes its decrement, a claimed pop always finds a sleeper. A searcher that gives up while
 * work was pushed under its watch is the last searcher, and it too looks at every queue before
 * parking, so "somebody is searching" is never a reason for work to be stranded.
 *
 * <p>The timer watcher: one worker that ran out of work while a timer is pending may sleep until
 * that deadline instead of parking on the list ({@link TimerParking#watch}). It
 * stays counted as awake and not searching, so a producer that finds every worker awake and nobody
 * searching unparks it: it publishes itself in {@link #watcher} (a volatile write) before it looks
 * at every queue once more, and the producer reads {@link #watcher} after publishing its task and
 * a full fence, the same Dekker pair as above, so work never waits for the watcher's deadline.
 *
 * <p>The workers are seen only as {@link Sleeper}s, so the protocol can be model-checked on its own
 * ({@code IdleLincheckTest}).
 *
 * <p>Threading: all methods from any thread; {@link #transitionToParked}, {@link #tryWatch} and
 * {@link #unwatch} only by the worker for itself.
 */
final class Idle {

    private static final int UNPARK_SHIFT = 16;
    private static final int SEARCH_MASK = (1 << UNPARK_SHIFT) - 1;
    private static final int ONE_UNPARKED = 1 << UNPARK_SHIFT;
    static final int MAX_WORKERS = Short.MAX_VALUE;

    private static final VarHandle STATE;
    private static final VarHandle WATCHER;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Idle.class, "state", int.class);
            WATCHER = MethodHandles.lookup().findVarHandle(Idle.class, "watcher", Sleeper.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int workers;
    /** Each worker is on it at most once: it pushes itself only when parking, and is popped to wake. */
    private final MpmcArrayQueue<Sleeper> sleepers;

    @SuppressWarnings("unused")
    private volatile int state;
    /** The worker sleeping until the next timer deadline, or null (see the class comment). */
    @SuppressWarnings("unused")
    private volatile Sleeper watcher;

    Idle(int workers) {
        this.workers = workers;
        this.sleepers = new MpmcArrayQueue<>(Math.max(2, workers));
        this.state = workers << UNPARK_SHIFT; // all start awake, none searching
    }

    static int unparked(int s) {
        return s >>> UNPARK_SHIFT;
    }

    static int searching(int s) {
        return s & SEARCH_MASK;
    }

    /** A worker that ran dry asks to search; refused when half the workers already do. */
    boolean tryTransitionToSearching() {
        for (;;) {
            int s = (int) STATE.getVolatile(this);
            if (2 * searching(s) >= workers) {
                return false;
            }
            if (STATE.compareAndSet(this, s, s + 1)) {
                return true;
            }
        }
    }

    /**
     * A searcher found work.
     *
     * @return true if it was the last searcher: the caller then wakes another worker, since where
     *         there was one task there are often more (work fans out)
     */
    boolean transitionFromSearching() {
        int prev = (int) STATE.getAndAdd(this, -1);
        return searching(prev) == 1;
    }

    /**
     * The worker is about to park: list it, then count it out.
     *
     * @return true if it was the last searcher (it must look at every queue before it parks)
     */
    boolean transitionToParked(Sleeper w, boolean wasSearching) {
        // Push before the decrement: see the class comment.
        while (!sleepers.offer(w)) {
            Thread.onSpinWait(); // cannot happen: capacity >= workers and each is listed once
        }
        int delta = ONE_UNPARKED + (wasSearching ? 1 : 0);
        int prev = (int) STATE.getAndAdd(this, -delta);
        return wasSearching && searching(prev) == 1;
    }

    /** Called after publishing work: wakes one parked worker if nobody is searching. */
    void notifyOne() {
        // StoreLoad: our task publication (often a release store) must be ordered before the read
        // of the counts below (Dekker with the parking worker's decrement-then-look).
        VarHandle.fullFence();
        notifyOneRelaxed();
    }

    /**
     * {@link #notifyOne()} without the fence: may miss a worker that is parking right now. Only for
     * callers whose work cannot be stranded anyway (their own thread is awake and will run it).
     */
    void notifyOneRelaxed() {
        for (;;) {
            int s = (int) STATE.getVolatile(this);
            if (searching(s) != 0) {
                return; // a searcher looks at every queue before it gives up
            }
            if (unparked(s) >= workers) {
                // Nobody on the list; the watcher, if any, sleeps until a deadline: wake it.
                Sleeper w = (Sleeper) WATCHER.getVolatile(this);
                if (w != null) {
                    w.nudge();
                }
                return;
            }
            // Claim: the woken worker starts out unparked and searching, so concurrent producers
            // see a searcher and don't wake a second one.
            if (STATE.compareAndSet(this, s, s + ONE_UNPARKED + 1)) {
                break;
            }
        }
        Sleeper w = sleepers.poll();
        if (w == null) {
            // Unreachable by the invariant in the class comment; undo rather than corrupt counts.
            STATE.getAndAdd(this, -(ONE_UNPARKED + 1));
            return;
        }
        w.wake();
    }

    /**
     * The worker offers to watch the timers: true if it is now the watcher. A CAS, so the write
     * that publishes it is ordered before the worker's last look at the queues.
     */
    boolean tryWatch(Sleeper w) {
        return (Sleeper) WATCHER.getVolatile(this) == null && WATCHER.compareAndSet(this, null, w);
    }

    /** The watcher woke up (its deadline, a producer, or a spurious return). */
    void unwatch(Sleeper w) {
        WATCHER.compareAndSet(this, w, null);
    }

    /** For tests: the watcher now, or null. */
    Sleeper watcher() {
        return (Sleeper) WATCHER.getVolatile(this);
    }

    /** For metrics and tests. */
    int searchingCount() {
        return searching((int) STATE.getVolatile(this));
    }

    int unparkedCount() {
        return unparked((int) STATE.getVolatile(this));
    }
}
