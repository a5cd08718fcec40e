package dev.rill;

import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Demand;
import dev.rill.signal.Handles;
import dev.rill.signal.Hooks;
import dev.rill.signal.Wip;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The base of the one-upstream stages that park values and hand them down from a serialized drain
 * as demand allows ({@code publishOn}, {@code limitRate}, {@code onBackpressureBuffer}, {@code
 * onBackpressureLatest}): downstream demand, the work-in-progress counter, the terminal state, and
 * the rule that an upstream error waits behind the values that came before it.
 *
 * <p>Whoever makes work available calls {@link #signal()}; the caller that takes the counter from
 * zero gets {@link #startDrain()} (drain here, or schedule the drain elsewhere). The drain ends its
 * passes with {@link #leave(int)} and checks {@link #terminated(boolean, boolean)} with the
 * {@code done} flag read <em>before</em> it looked at the queue, so the last value is never missed.
 *
 * <p>Threading: upstream signals serialized; {@code request}/{@code cancel} from any thread;
 * {@link #emitted} and the queue's consumer side belong to the drain.
 */
abstract class QueueDrainSubscriber<T> implements CoreSubscriber<T>, Subscription {
    private static final VarHandle WIP = Handles.field(MethodHandles.lookup(), "wip", int.class);
    private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);

    final Subscriber<? super T> downstream;
    Subscription upstream;

    @SuppressWarnings("unused")
    private volatile int wip;
    @SuppressWarnings("unused")
    private volatile long requested;
    /** Written after {@link #error}, so a drain that sees it also sees the error. */
    volatile boolean done;
    volatile boolean cancelled;
    Throwable error;
    /** Drain-owned: values delivered. */
    long emitted;

    QueueDrainSubscriber(Subscriber<? super T> downstream) {
        this.downstream = downstream;
    }

    /** The counter went from zero: run the drain (here, or by scheduling it). */
    abstract void startDrain();

    /** Drops the parked values; called by whoever holds the counter once the stream is over. */
    abstract void clear();

    /** After a cancel, before the parked values are dropped: release what the stage holds. */
    void onCancel() {
    }

    final void signal() {
        if (Wip.enter(WIP, this)) {
            startDrain();
        }
    }

    /** Gives back {@code missed}; 0 means the drain is over. */
    final int leave(int missed) {
        return Wip.leave(WIP, this, missed);
    }

    final long requested() {
        return (long) REQUESTED.getVolatile(this);
    }

    @Override
    public void onError(Throwable t) {
        if (done) {
            Hooks.onErrorDropped(t);
            return;
        }
        error = t;
        done = true;
        signal();
    }

    @Override
    public void onComplete() {
        if (done) {
            return;
        }
        done = true;
        signal();
    }

    @Override
    public final void request(long n) {
        if (Demand.isValid(n)) {
            Demand.add(REQUESTED, this, n);
            signal();
        }
    }

    @Override
    public final void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        upstream.cancel();
        onCancel();
        if (Wip.enter(WIP, this)) {
            clear(); // no drain is running, and none will start: the values are ours to drop
        }
    }

    /**
     * Holding the counter: the drain's next run was dropped for good (the engine closed with it
     * queued). The stream ends with {@code cause}, unless it is over already (cancelled, or its
     * terminal signal delivered).
     */
    final void drainRejected(Throwable cause) {
        if (cancelled) {
            clear();
            return;
        }
        abort(cause);
    }

    /** Holds the counter for good: the drain itself failed (a fused poll threw, a schedule was rejected). */
    final void abort(Throwable e) {
        cancelled = true;
        upstream.cancel();
        clear();
        downstream.onError(e);
    }

    /**
     * Holds the counter: true if the stream is over, having cleared (cancelled) or delivered the
     * terminal signal (done and nothing left; an error waits behind the values before it).
     */
    final boolean terminated(boolean d, boolean empty) {
        if (cancelled) {
            clear();
            return true;
        }
        if (d && empty) {
            cancelled = true;
            Throwable ex = error;
            if (ex != null) {
                downstream.onError(ex);
            } else {
                downstream.onComplete();
            }
            return true;
        }
        return false;
    }
}
