package dev.rill.operators;

import dev.rill.Rill;
import dev.rill.engine.signal.Demand;
import dev.rill.engine.signal.Exceptions;
import dev.rill.engine.signal.Handles;
import dev.rill.engine.signal.Hooks;
import dev.rill.engine.signal.Subscriptions;
import dev.rill.engine.signal.Wip;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code zip}: combines the n-th values of every source into one, and completes as soon as one
 * source has completed and has nothing more to pair. Each source is prefetched ({@link QueueInner}:
 * fused or a JCTools SPSC queue) and one serialized drain builds the rows. The zipper gets a fresh
 * array per row, so it may keep it.
 *
 * <p>Errors: the first error, or a zipper that throws or returns null, cancels every source.
 *
 * <p>Threading: each source signals on its own thread; the drain runs on whichever thread wins
 * the counter.
 */
public final class RillZip<T, R> extends Rill<R> {

    private final Publisher<? extends T>[] sources;
    private final Function<? super Object[], ? extends R> zipper;
    private final int prefetch;

    public RillZip(Publisher<? extends T>[] sources, Function<? super Object[], ? extends R> zipper, int prefetch) {
        if (prefetch <= 0) {
            throw new IllegalArgumentException("zip: prefetch must be positive, was " + prefetch);
        }
        this.sources = Objects.requireNonNull(sources, "sources").clone();
        for (Publisher<? extends T> p : this.sources) {
            Objects.requireNonNull(p, "zip: a source is null");
        }
        this.zipper = Objects.requireNonNull(zipper, "zipper");
        this.prefetch = prefetch;
    }

    @Override
    protected void subscribeActual(Subscriber<? super R> s) {
        if (sources.length == 0) {
            Subscriptions.complete(s);
            return;
        }
        ZipCoordinator<T, R> c = new ZipCoordinator<>(s, zipper, sources.length, prefetch);
        s.onSubscribe(c);
        c.subscribe(sources);
    }

    static final class ZipCoordinator<T, R> implements Subscription {
        private static final VarHandle WIP = Handles.field(MethodHandles.lookup(), "wip", int.class);
        private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);
        private static final VarHandle ERROR = Handles.field(MethodHandles.lookup(), "error", Throwable.class);

        private final Subscriber<? super R> downstream;
        private final Function<? super Object[], ? extends R> zipper;
        private final ZipInner<T>[] inners;
        /** Drain-owned: the row being filled. */
        private final Object[] row;
        private long emitted;

        @SuppressWarnings("unused")
        private volatile int wip;
        @SuppressWarnings("unused")
        private volatile long requested;
        @SuppressWarnings("unused")
        private volatile Throwable error;
        private volatile boolean cancelled;

        @SuppressWarnings("unchecked")
        ZipCoordinator(Subscriber<? super R> downstream, Function<? super Object[], ? extends R> zipper, int n, int prefetch) {
            this.downstream = downstream;
            this.zipper = zipper;
            this.inners = new ZipInner[n];
            for (int i = 0; i < n; i++) {
                inners[i] = new ZipInner<>(this, prefetch);
            }
            this.row = new Object[n];
        }

        void subscribe(Publisher<? extends T>[] sources) {
            for (int i = 0; i < sources.length && !cancelled; i++) {
                sources[i].subscribe(inners[i]);
            }
        }

        void innerError(Throwable e) {
            if (!Exceptions.addThrowable(ERROR, this, e)) {
                Hooks.onErrorDropped(e);
                return;
            }
            drain();
        }

        @Override
        public void request(long n) {
            if (Demand.isValid(n)) {
                Demand.add(REQUESTED, this, n);
                drain();
            }
        }

        @Override
        public void cancel() {
            if (!cancelled) {
                cancelled = true;
                cancelAll();
                if (Wip.enter(WIP, this)) {
                    clearAll();
                }
            }
        }

        private void cancelAll() {
            for (ZipInner<T> in : inners) {
                in.cancel();
            }
        }

        private void clearAll() {
            Arrays.fill(row, null);
            for (ZipInner<T> in : inners) {
                in.clearQueue();
            }
        }

        void drain() {
            if (!Wip.enter(WIP, this)) {
                return;
            }
            int missed = 1;
            Subscriber<? super R> a = downstream;
            int n = inners.length;
            for (;;) {
                long r = (long) REQUESTED.getVolatile(this);
                long e = emitted;
                for (;;) {
                    if (cancelled) {
                        clearAll();
                        return;
                    }
                    if (error != null) {
                        fail(null);
                        return;
                    }
                    // Fill the row as far as the sources allow (no demand needed to look).
                    boolean full = true;
                    for (int i = 0; i < n; i++) {
                        if (row[i] != null) {
                            continue;
                        }
                        ZipInner<T> in = inners[i];
                        boolean d = in.done;
                        Object v;
                        try {
                            v = in.poll();
                        } catch (Throwable ex) {
                            Exceptions.throwIfFatal(ex);
                            fail(ex);
                            return;
                        }
                        if (v == null) {
                            if (d) {
                                finish(); // this source ended: no row can be completed any more
                                return;
                            }
                            full = false;
                            break;
                        }
                        row[i] = v;
                    }
                    if (!full || e == r) {
                        break;
                    }
                    R out;
                    try {
                        out = Exceptions.requireNonNull(zipper.apply(row.clone()), "zip: the zipper");
                    } catch (Throwable ex) {
                        Exceptions.throwIfFatal(ex);
                        fail(ex);
                        return;
                    }
                    Arrays.fill(row, null);
                    a.onNext(out);
                    e++;
                    for (ZipInner<T> in : inners) {
                        in.replenish(1);
                    }
                }
                emitted = e;
                missed = Wip.leave(WIP, this, missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        private void finish() {
            cancelled = true;
            cancelAll();
            clearAll();
            downstream.onComplete();
        }

        /** Holds WIP: fails with the collected error (plus {@code ex}), cancelling every source. */
        private void fail(Throwable ex) {
            cancelled = true;
            cancelAll();
            clearAll();
            if (ex != null) {
                Exceptions.addThrowable(ERROR, this, ex);
            }
            downstream.onError(Exceptions.terminate(ERROR, this));
        }
    }

    static final class ZipInner<T> extends QueueInner<T> {
        private final ZipCoordinator<T, ?> parent;

        ZipInner(ZipCoordinator<T, ?> parent, int prefetch) {
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
