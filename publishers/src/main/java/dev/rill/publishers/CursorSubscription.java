package dev.rill.publishers;

import dev.rill.signal.ConditionalSubscriber;
import dev.rill.signal.Demand;
import dev.rill.signal.Exceptions;
import dev.rill.signal.QueueSubscription;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.reactivestreams.Subscriber;

/**
 * The subscription of a synchronous, pull-based source (array, iterable, stream, generate): the
 * source only says how to {@link #produce()} the next value; this class does the rest, once.
 * <ul>
 *   <li>demand: a {@code request} that moves demand from 0 starts the emission loop in the caller;
 *       requests made from inside {@code onNext} only add demand, so there is no recursion
 *       (§3.3) and the loop picks them up;</li>
 *   <li>§3.9: a non-positive request is remembered and delivered by the loop as {@code onError},
 *       so it never overlaps an {@code onNext} (§1.3);</li>
 *   <li>an unbounded request takes a fast path with no per-item demand accounting;</li>
 *   <li>a {@link ConditionalSubscriber} downstream gets {@code tryOnNext}, and dropped items do
 *       not count against demand;</li>
 *   <li>SYNC fusion: the consumer pulls with {@link #poll()} and no signal is sent.</li>
 * </ul>
 *
 * <p>Threading: {@code request}/{@code cancel} from any thread; the loop runs on the thread whose
 * request started it.
 */
abstract class CursorSubscription<T> implements QueueSubscription<T> {

    private static final VarHandle REQUESTED;

    static {
        try {
            REQUESTED = MethodHandles.lookup().findVarHandle(CursorSubscription.class, "requested", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Subscriber<? super T> downstream;
    final ConditionalSubscriber<? super T> conditional;
    @SuppressWarnings("unused")
    private volatile long requested;
    volatile boolean cancelled;
    /** A §3.9 violation waiting for the loop to deliver it. */
    private volatile IllegalArgumentException badRequest;
    /**
     * Set with {@link #cancelled} and with {@link #badRequest}: the one read of a counted fast
     * path's stop test ({@link #halted()}), so the loop keeps one value fewer live.
     */
    private volatile boolean halt;
    /**
     * SYNC fusion: {@link #clear()} was called. Plain: fusion's poll, isEmpty and clear all run on
     * the consumer's drain, one thread at a time.
     */
    private boolean cleared;

    @SuppressWarnings("unchecked")
    CursorSubscription(Subscriber<? super T> downstream) {
        this.downstream = downstream;
        this.conditional = downstream instanceof ConditionalSubscriber
                ? (ConditionalSubscriber<? super T>) downstream : null;
    }

    /** The next value, or null when the source is exhausted. May throw; nulls inside must throw. */
    abstract T produce();

    /** Whether the source is exhausted (for {@link #isEmpty()}); may be conservative. */
    abstract boolean exhausted();

    /** Releases the source (closes a stream, drops an iterator); called once on cancel or error. */
    void release() {
    }

    @Override
    public final void request(long n) {
        if (!Demand.isValid(n)) {
            if (cancelled) {
                return; // §3.6: after cancel every request is a no-op, an illegal one included
            }
            badRequest = Demand.nonPositive(n);
            halt = true;
            n = 1; // wake the loop so it delivers the error in sequence
        }
        if (Demand.add(REQUESTED, this, n) == 0) {
            if (n == Long.MAX_VALUE && badRequest == null) {
                fastPath();
            } else {
                slowPath(n);
            }
        }
    }

    @Override
    public final void cancel() {
        if (!cancelled) {
            cancelled = true;
            halt = true;
            release();
        }
    }

    /**
     * Whether the fast path must stop: cancelled, or a §3.9 violation to deliver. A source that
     * overrides {@link #fastPath()} checks this before each value and, when true, hands over to
     * {@code super.fastPath()}, which ends the loop the usual way.
     */
    final boolean halted() {
        return halt;
    }

    /** The emission loop under unbounded demand; a source may override it with a counted loop. */
    void fastPath() {
        Subscriber<? super T> a = downstream;
        ConditionalSubscriber<? super T> c = conditional;
        for (;;) {
            if (cancelled) {
                return;
            }
            // Unbounded demand does not make a later request(n <= 0) legal (§3.9): it must fail too.
            IllegalArgumentException bad = badRequest;
            if (bad != null) {
                fail(bad);
                return;
            }
            T v = nextOrEnd();
            if (v == null) {
                return;
            }
            if (c != null) {
                c.tryOnNext(v);
            } else {
                a.onNext(v);
            }
        }
    }

    /** The next value; or null once the source ended here, its terminal signal already sent. */
    private T nextOrEnd() {
        T v;
        try {
            v = produce();
        } catch (Throwable e) {
            fail(e);
            return null;
        }
        if (v == null) {
            complete();
        }
        return v;
    }

    void slowPath(long r) {
        Subscriber<? super T> a = downstream;
        ConditionalSubscriber<? super T> c = conditional;
        long e = 0;
        for (;;) {
            while (e != r) {
                if (cancelled) {
                    return;
                }
                IllegalArgumentException bad = badRequest;
                if (bad != null) {
                    fail(bad);
                    return;
                }
                T v = nextOrEnd();
                if (v == null) {
                    return;
                }
                if (c != null) {
                    if (c.tryOnNext(v)) {
                        e++;
                    }
                } else {
                    a.onNext(v);
                    e++;
                }
            }
            if (cancelled) {
                return;
            }
            IllegalArgumentException bad = badRequest;
            if (bad != null) {
                fail(bad);
                return;
            }
            if (exhaustedSafely()) {
                complete();
                return;
            }
            r = (long) REQUESTED.getVolatile(this);
            if (r == e) {
                r = (long) REQUESTED.getAndAdd(this, -e) - e;
                if (r == 0) {
                    return;
                }
                e = 0;
            }
        }
    }

    private boolean exhaustedSafely() {
        try {
            return exhausted();
        } catch (Throwable ex) {
            return false; // let produce() meet the failure and report it in order
        }
    }

    private void complete() {
        if (!cancelled) {
            cancelled = true;
            release();
            downstream.onComplete();
        }
    }

    private void fail(Throwable e) {
        Exceptions.throwIfFatal(e);
        if (!cancelled) {
            cancelled = true;
            release();
            downstream.onError(e);
        }
    }

    @Override
    public int requestFusion(int mode) {
        return mode & SYNC;
    }

    @Override
    public T poll() {
        return cleared ? null : produce();
    }

    @Override
    public boolean isEmpty() {
        return cleared || exhausted();
    }

    /** Empties the fused queue for good: nothing more is polled, and the source is released. */
    @Override
    public void clear() {
        cleared = true;
        cancel();
    }

    @Override
    public int size() {
        return isEmpty() ? 0 : 1;
    }
}
