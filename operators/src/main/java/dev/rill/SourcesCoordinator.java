package dev.rill;

import dev.rill.signal.Demand;
import dev.rill.signal.Exceptions;
import dev.rill.signal.Handles;
import dev.rill.signal.Hooks;
import dev.rill.signal.Wip;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The coordinator of the operators that combine a fixed array of sources into rows in one
 * serialized drain ({@code zip}, {@code combineLatest}): one {@link QueueInner} per source, the
 * row the drain fills (one slot per source), downstream demand, the first error, and the ways the
 * drain ends. Subclasses write only {@link #drainLoop()}.
 *
 * <p>Threading: sources signal on their own threads; {@code request}/{@code cancel} from any
 * thread; {@link #drainLoop()}, {@link #row} and {@link #emitted} belong to whoever holds the
 * work-in-progress counter.
 */
abstract class SourcesCoordinator<R> implements Subscription {
    private static final VarHandle WIP = Handles.field(MethodHandles.lookup(), "wip", int.class);
    private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);
    private static final VarHandle ERROR = Handles.field(MethodHandles.lookup(), "error", Throwable.class);

    /** What {@link #take} returns when the source's poll threw (the stream has failed). */
    static final Object FAILED = new Object();

    final Subscriber<? super R> downstream;
    final Slot[] inners;
    /** Drain-owned: the current row, one value (or null) per source. */
    final Object[] row;
    /** Drain-owned: rows emitted. */
    long emitted;

    @SuppressWarnings("unused")
    private volatile int wip;
    @SuppressWarnings("unused")
    private volatile long requested;
    @SuppressWarnings("unused")
    private volatile Throwable error;
    volatile boolean cancelled;

    SourcesCoordinator(Subscriber<? super R> downstream, int n, int prefetch) {
        this.downstream = downstream;
        this.inners = new Slot[n];
        for (int i = 0; i < n; i++) {
            inners[i] = new Slot(this, prefetch);
        }
        this.row = new Object[n];
    }

    /** Holds the counter: emits what the sources and the demand allow, or ends the stream. */
    abstract void drainLoop();

    final void subscribe(Publisher<?>[] sources) {
        for (int i = 0; i < sources.length && !cancelled; i++) {
            sources[i].subscribe(inners[i]);
        }
    }

    @Override
    public final void request(long n) {
        if (Demand.isValid(n)) {
            Demand.add(REQUESTED, this, n);
            drain();
        }
    }

    @Override
    public final void cancel() {
        if (!cancelled) {
            cancelled = true;
            cancelAll();
            if (Wip.enter(WIP, this)) {
                clearAll(); // no drain is running, and none will: the queues are ours to drop
            }
        }
    }

    final void drain() {
        if (Wip.enter(WIP, this)) {
            drainLoop();
        }
    }

    final long requested() {
        return (long) REQUESTED.getVolatile(this);
    }

    /** Gives back {@code missed}; 0 means the drain is over. */
    final int leave(int missed) {
        return Wip.leave(WIP, this, missed);
    }

    /**
     * At the top of each drain pass: true (and the stream ended or cleared) if it was cancelled or
     * a source failed.
     */
    final boolean stopped() {
        if (cancelled) {
            clearAll();
            return true;
        }
        if (error != null) {
            fail(null);
            return true;
        }
        return false;
    }

    /** The source's next value, null if none now, or {@link #FAILED} if its poll threw. */
    final Object take(Slot in) {
        try {
            return in.poll();
        } catch (Throwable ex) {
            Exceptions.throwIfFatal(ex);
            fail(ex);
            return FAILED;
        }
    }

    /** {@code fn} applied to a copy of the row, or null after failing the stream if it threw or returned null. */
    final R combine(Function<? super Object[], ? extends R> fn, String what) {
        try {
            return Exceptions.requireNonNull(fn.apply(row.clone()), what);
        } catch (Throwable ex) {
            Exceptions.throwIfFatal(ex);
            fail(ex);
            return null;
        }
    }

    /** Holds the counter for good: completes, cancelling every source. */
    final void finish() {
        cancelled = true;
        cancelAll();
        clearAll();
        downstream.onComplete();
    }

    /** Holds the counter for good: fails with the collected error (plus {@code ex}), cancelling every source. */
    final void fail(Throwable ex) {
        cancelled = true;
        cancelAll();
        clearAll();
        if (ex != null) {
            Exceptions.addThrowable(ERROR, this, ex);
        }
        downstream.onError(Exceptions.terminate(ERROR, this));
    }

    private void innerError(Throwable e) {
        if (!Exceptions.addThrowable(ERROR, this, e)) {
            Hooks.onErrorDropped(e);
            return;
        }
        drain();
    }

    private void cancelAll() {
        for (Slot in : inners) {
            in.cancel();
        }
    }

    private void clearAll() {
        Arrays.fill(row, null);
        for (Slot in : inners) {
            in.clearQueue();
        }
    }

    /** One source's subscriber. */
    static final class Slot extends QueueInner<Object> {
        private final SourcesCoordinator<?> parent;

        Slot(SourcesCoordinator<?> parent, int prefetch) {
            super(prefetch);
            this.parent = parent;
        }

        @Override
        void signal() {
            parent.drain();
        }

        @Override
        public void onError(Throwable t) {
            parent.innerError(t);
        }
    }
}
