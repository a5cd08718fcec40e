package dev.rill;

import dev.rill.signal.Demand;
import dev.rill.signal.Handles;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * One subscriber of a source shared by several ({@link SinkMulticast}, {@link RillPublish}): its
 * demand, whether it left, and its end. A value goes to it only through {@link #next}, once every
 * subscriber has room for it; a leaver or an ended one reports unlimited room, so it never holds
 * the others back.
 *
 * <p>Threading: {@link #request} and {@link #cancel} from any thread; {@link #next},
 * {@link #terminate} and {@link #reportBadRequest} by the shared source's one emitter at a time, so
 * the subscriber is signalled serially. A bad request (§3.9) is only recorded here and reported by
 * that emitter.
 */
abstract class MulticastInner<T> implements Subscription {
    private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);
    private static final long NO_BAD_REQUEST = 1;

    final Subscriber<? super T> downstream;
    /** Everything ever requested, saturating at {@code Long.MAX_VALUE} (unbounded from then on). */
    @SuppressWarnings("unused")
    private volatile long requested;
    /**
     * Values given so far; written only by the emitter, so counting one is a plain increment, not
     * an atomic update racing {@link #request}. Emitters hand over through their own lock or
     * work-in-progress counter, which orders it.
     */
    private long emitted;
    private volatile boolean cancelled;
    /** The first bad request (§3.9) seen, or NO_BAD_REQUEST: 0 itself is a bad request. */
    private volatile long badRequest = NO_BAD_REQUEST;
    /** The end (or a §3.9 error) was delivered; written by the emitter. */
    private volatile boolean over;

    MulticastInner(Subscriber<? super T> downstream) {
        this.downstream = downstream;
    }

    /** Takes this subscriber out of its source. */
    abstract void leave();

    /** Tells its source that demand changed. */
    abstract void signal();

    final boolean isCancelled() {
        return cancelled;
    }

    /** The emitter: what it can take now; unlimited once it left or ended, or asked for everything. */
    final long requested() {
        if (cancelled || over) {
            return Long.MAX_VALUE;
        }
        long r = (long) REQUESTED.getVolatile(this);
        return r == Long.MAX_VALUE ? r : r - emitted;
    }

    /** The emitter: a bad request ends this subscriber with the §3.9 error. */
    final void reportBadRequest() {
        long n = badRequest;
        if (n != NO_BAD_REQUEST && !over && !cancelled) {
            over = true;
            downstream.onError(Demand.nonPositive(n));
            leave();
        }
    }

    /** The emitter: one value, within the room {@link #requested} reported. */
    final void next(T v) {
        if (!cancelled && !over) {
            emitted++;
            downstream.onNext(v);
            if (badRequest != NO_BAD_REQUEST) {
                reportBadRequest(); // asked for n <= 0 from inside onNext: the error comes next
            }
        }
    }

    final void terminate(Throwable e) {
        if (cancelled || over) {
            return;
        }
        over = true;
        if (e != null) {
            downstream.onError(e);
        } else {
            downstream.onComplete();
        }
    }

    @Override
    public final void request(long n) {
        if (!Demand.isValid(n)) {
            badRequest = n;
        } else {
            Demand.add(REQUESTED, this, n);
        }
        signal();
    }

    @Override
    public final void cancel() {
        if (!cancelled) {
            cancelled = true;
            leave();
        }
    }
}
