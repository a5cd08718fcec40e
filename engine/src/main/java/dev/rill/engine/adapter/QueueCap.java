package dev.rill.engine.adapter;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The queued-task cap of Reactor's {@code newBoundedElastic(threadCap, queuedTaskCap, ..)} as its
 * users configure it: per thread, counting every task that waits. Reactor gives each of its
 * {@code threadCap} threads its own queue of {@code queuedTaskCap} places; a task waiting for its
 * delay, a periodic task between runs and a worker's queued tasks take places as queued ones do,
 * and a running task none. A worker lives on one thread (the one with the fewest workers), so its
 * tasks share that thread's places; the scheduler's own tasks go wherever there is room.
 *
 * <p>Rill runs the tasks on its blocking pool, not on pinned threads, so the threads here are
 * lanes of places only: a worker is pinned to a lane, its tasks wait within the lane's cap and
 * within the total ({@code threadCap × queuedTaskCap}); the scheduler's own tasks within the total.
 * A one-shot task gives its place back when it starts or is disposed unrun, a periodic one when it
 * ends.
 *
 * <p>Threading: every method from any thread; each place is taken and given back by atomic
 * counters (a place taken past a cap is given back at once, so a burst can be refused by a
 * concurrent one a little early, never let through late).
 */
public final class QueueCap {

    /** The lane of the scheduler's own tasks: the total only. */
    public static final int ANY_LANE = -1;

    private final int perLane;
    private final int total;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicIntegerArray laneWaiting;
    private final AtomicIntegerArray laneWorkers;

    public QueueCap(int threadCap, int queuedTaskCap) {
        if (threadCap <= 0 || queuedTaskCap <= 0) {
            throw new IllegalArgumentException("threadCap and queuedTaskCap must be positive, were " + threadCap
                    + " and " + queuedTaskCap);
        }
        this.perLane = queuedTaskCap;
        this.total = (int) Math.min(Integer.MAX_VALUE, (long) threadCap * queuedTaskCap);
        this.laneWaiting = new AtomicIntegerArray(threadCap);
        this.laneWorkers = new AtomicIntegerArray(threadCap);
    }

    /** Pins a new worker to the lane with the fewest workers (the lowest such lane); returns it. */
    public int pin() {
        int best = 0;
        for (int i = 1; i < laneWorkers.length(); i++) {
            if (laneWorkers.get(i) < laneWorkers.get(best)) {
                best = i;
            }
        }
        laneWorkers.incrementAndGet(best);
        return best;
    }

    /** A worker pinned to {@code lane} was disposed. */
    public void unpin(int lane) {
        laneWorkers.decrementAndGet(lane);
    }

    /** Takes a place in {@code lane} (or {@link #ANY_LANE}) and in the total; false if either is full. */
    public boolean tryTake(int lane) {
        if (lane != ANY_LANE && laneWaiting.incrementAndGet(lane) > perLane) {
            laneWaiting.decrementAndGet(lane);
            return false;
        }
        if (waiting.incrementAndGet() > total) {
            waiting.decrementAndGet();
            if (lane != ANY_LANE) {
                laneWaiting.decrementAndGet(lane);
            }
            return false;
        }
        return true;
    }

    /** Gives back a place taken by {@link #tryTake} with the same {@code lane}. */
    public void giveBack(int lane) {
        waiting.decrementAndGet();
        if (lane != ANY_LANE) {
            laneWaiting.decrementAndGet(lane);
        }
    }

    /**
     * A task finished: gives its place back if it still held one (a periodic task, or a one-shot
     * task that never started: one that started gave it back then, through {@link #giveBack}).
     */
    public void finished(AdaptedTask task, boolean started, int lane) {
        if (task.isPeriodic() || !started) {
            giveBack(lane);
        }
    }

    /** Why a task was refused: which cap is full. */
    public String refusal(int lane) {
        return lane == ANY_LANE
                ? "the bounded elastic scheduler's queues are full: " + total + " tasks wait (queuedTaskCap per thread)"
                : "the bounded elastic worker's thread has a full queue: " + perLane + " tasks wait (queuedTaskCap)";
    }

    /** Places taken now, all lanes. */
    public int waiting() {
        return waiting.get();
    }
}
