package dev.rill;

import dev.rill.signal.Subscriptions;
import java.util.Objects;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

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
final class RillCombineLatest<T, R> extends Rill<R> {

    private final Publisher<? extends T>[] sources;
    private final Function<? super Object[], ? extends R> combiner;
    private final int prefetch;

    RillCombineLatest(Publisher<? extends T>[] sources, Function<? super Object[], ? extends R> combiner, int prefetch) {
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
        Coordinator<R> c = new Coordinator<>(s, combiner, sources.length, prefetch);
        s.onSubscribe(c);
        c.subscribe(sources);
    }

    static final class Coordinator<R> extends SourcesCoordinator<R> {
        private final Function<? super Object[], ? extends R> combiner;
        // Drain-owned; the latest values are the coordinator's row.
        private final boolean[] finished;
        private int filled;
        private int finishedCount;

        Coordinator(Subscriber<? super R> downstream, Function<? super Object[], ? extends R> combiner, int n, int prefetch) {
            super(downstream, n, prefetch);
            this.combiner = combiner;
            this.finished = new boolean[n];
        }

        /** One source's turn in the drain: stop the drain, nothing taken, a value taken, a row emitted. */
        private static final int STOP = -1;
        private static final int NOTHING = 0;
        private static final int TOOK = 1;
        private static final int EMITTED = 2;

        @Override
        void drainLoop() {
            int missed = 1;
            int n = inners.length;
            for (;;) {
                long r = requested();
                long e = emitted;
                boolean progress = true;
                while (progress) {
                    progress = false;
                    for (int i = 0; i < n; i++) {
                        if (stopped()) {
                            return;
                        }
                        int t = turn(i, e == r);
                        if (t == STOP) {
                            return;
                        }
                        if (t != NOTHING) {
                            progress = true;
                            if (t == EMITTED) {
                                e++;
                            }
                        }
                    }
                }
                if (settleFinishedSources()) {
                    return;
                }
                emitted = e;
                missed = leave(missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        /** Takes source {@code i}'s next value, if any, and emits a row when every source has one. */
        private int turn(int i, boolean noDemand) {
            Object[] latest = row;
            int n = inners.length;
            if (noDemand && (filled == n || (filled == n - 1 && latest[i] == null))) {
                return NOTHING; // a value from this source would need an emission we have no demand for
            }
            Slot in = inners[i];
            boolean d = in.done;
            Object v = take(in);
            if (v == FAILED) {
                return STOP;
            }
            if (v == null) {
                if (d && !finished[i]) {
                    if (latest[i] == null) {
                        finish(); // never produced: no combination will ever exist
                        return STOP;
                    }
                    finished[i] = true;
                    finishedCount++;
                }
                return NOTHING;
            }
            if (latest[i] == null) {
                filled++;
            }
            latest[i] = v;
            in.replenish(1);
            if (filled < n) {
                return TOOK;
            }
            R out = combine(combiner, "combineLatest: the combiner");
            if (out == null) {
                return STOP;
            }
            downstream.onNext(out);
            return EMITTED;
        }

        /**
         * A source that ended while there was no demand to take its last values is only finished
         * once its queue is empty (done first, then empty). True if the stream ended here.
         */
        private boolean settleFinishedSources() {
            int n = inners.length;
            for (int i = 0; i < n; i++) {
                if (!finished[i] && inners[i].done && inners[i].isEmpty()) {
                    if (row[i] == null) {
                        finish();
                        return true;
                    }
                    finished[i] = true;
                    finishedCount++;
                }
            }
            if (finishedCount == n) {
                finish();
                return true;
            }
            return false;
        }
    }
}
