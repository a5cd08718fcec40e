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
 * {@code combineLatest}: once every source has produced a value, emits the combination of each
 * source's latest value whenever any of them produces one. Completes when every source has
 * completed, or at once if a source completes without ever producing a value.
 *
 * <p>No lock: each source keeps its values in its own queue ({@link QueueInner}) and one
 * serialized drain takes them round-robin, updating the latest row it alone owns; so values from
 * different sources interleave in drain order, and each source's own order is kept. Values that
 * arrive before every source has one only replace each other (they need no demand). The combiner
 * gets a fresh array per emission.
 *
 * <p>Errors: the first error, or a combiner that throws or returns null, cancels every source.
 */
public final class RillCombineLatest<T, R> extends Rill<R> {

    private final Publisher<? extends T>[] sources;
    private final Function<? super Object[], ? extends R> combiner;
    private final int prefetch;

    public RillCombineLatest(Publisher<? extends T>[] sources, Function<? super Object[], ? extends R> combiner, int prefetch) {
        if (prefetch <= 0) {
            throw new IllegalArgumentException("combineLatest: prefetch must be positive, was " + prefetch);
        }
        this.sources = Objects.requireNonNull(sources, "sources").clone();
        for (Publisher<? extends T> p : this.sources) {
            Objects.requireNonNull(p, "combineLatest: a source is null");
        }
        this.combiner = Objects.requireNonNull(combiner, "combiner");
        this.prefetch = prefetch;
    }

    @Override
    protected void subscribeActual(Subscriber<? super R> s) {
        if (sources.length == 0) {
            Subscriptions.complete(s);
            return;
        }
        Coordinator<T, R> c = new Coordinator<>(s, combiner, sources.length, prefetch);
        s.onSubscribe(c);
        c.subscribe(sources);
    }

    static final class Coordinator<T, R> implements Subscription {
        private static final VarHandle WIP = Handles.field(MethodHandles.lookup(), "wip", int.class);
        private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);
        private static final VarHandle ERROR = Handles.field(MethodHandles.lookup(), "error", Throwable.class);

        private final Subscriber<? super R> downstream;
        private final Function<? super Object[], ? extends R> combiner;
        private final Inner<T>[] inners;
        // Drain-owned.
        private final Object[] latest;
        private final boolean[] finished;
        private int filled;
        private int finishedCount;
        private long emitted;

        @SuppressWarnings("unused")
        private volatile int wip;
        @SuppressWarnings("unused")
        private volatile long requested;
        @SuppressWarnings("unused")
        private volatile Throwable error;
        private volatile boolean cancelled;

        @SuppressWarnings("unchecked")
        Coordinator(Subscriber<? super R> downstream, Function<? super Object[], ? extends R> combiner, int n, int prefetch) {
            this.downstream = downstream;
            this.combiner = combiner;
            this.inners = new Inner[n];
            for (int i = 0; i < n; i++) {
                inners[i] = new Inner<>(this, prefetch);
            }
            this.latest = new Object[n];
            this.finished = new boolean[n];
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
            for (Inner<T> in : inners) {
                in.cancel();
            }
        }

        private void clearAll() {
            Arrays.fill(latest, null);
            for (Inner<T> in : inners) {
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
                boolean progress = true;
                while (progress) {
                    progress = false;
                    for (int i = 0; i < n; i++) {
                        if (cancelled) {
                            clearAll();
                            return;
                        }
                        if (error != null) {
                            fail(null);
                            return;
                        }
                        if (e == r && (filled == n || (filled == n - 1 && latest[i] == null))) {
                            continue; // a value from this source would need an emission we have no demand for
                        }
                        Inner<T> in = inners[i];
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
                            if (d && !finished[i]) {
                                if (latest[i] == null) {
                                    finish(); // never produced: no combination will ever exist
                                    return;
                                }
                                finished[i] = true;
                                finishedCount++;
                            }
                            continue;
                        }
                        if (latest[i] == null) {
                            filled++;
                        }
                        latest[i] = v;
                        in.replenish(1);
                        progress = true;
                        if (filled == n) {
                            R out;
                            try {
                                out = Exceptions.requireNonNull(combiner.apply(latest.clone()), "combineLatest: the combiner");
                            } catch (Throwable ex) {
                                Exceptions.throwIfFatal(ex);
                                fail(ex);
                                return;
                            }
                            a.onNext(out);
                            e++;
                        }
                    }
                }
                // A source that ended while there was no demand to take its last values is only
                // finished once its queue is empty (done first, then empty).
                for (int i = 0; i < n; i++) {
                    if (!finished[i] && inners[i].done && inners[i].isEmpty()) {
                        if (latest[i] == null) {
                            finish();
                            return;
                        }
                        finished[i] = true;
                        finishedCount++;
                    }
                }
                if (finishedCount == n) {
                    finish();
                    return;
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

    static final class Inner<T> extends QueueInner<T> {
        private final Coordinator<T, ?> parent;

        Inner(Coordinator<T, ?> parent, int prefetch) {
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
