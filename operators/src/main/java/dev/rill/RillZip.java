package dev.rill;

import dev.rill.signal.Subscriptions;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * {@code zip}: combines the n-th values of every source into one, and completes as soon as one
 * source has completed and has nothing more to pair. Each source is prefetched ({@link QueueInner}:
 * fused or a JCTools SPSC queue) and one serialized drain builds the rows ({@link SourcesCoordinator}). The zipper gets a fresh
 * array per row, so it may keep it.
 *
 * <p>Errors: the first error, or a zipper that throws or returns null, cancels every source.
 *
 * <p>Threading: each source signals on its own thread; the drain runs on whichever thread wins
 * the counter.
 */
final class RillZip<T, R> extends Rill<R> {

    private final Publisher<? extends T>[] sources;
    private final Function<? super Object[], ? extends R> zipper;
    private final int prefetch;

    RillZip(Publisher<? extends T>[] sources, Function<? super Object[], ? extends R> zipper, int prefetch) {
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
        ZipCoordinator<R> c = new ZipCoordinator<>(s, zipper, sources.length, prefetch);
        s.onSubscribe(c);
        c.subscribe(sources);
    }

    static final class ZipCoordinator<R> extends SourcesCoordinator<R> {
        private final Function<? super Object[], ? extends R> zipper;

        ZipCoordinator(Subscriber<? super R> downstream, Function<? super Object[], ? extends R> zipper, int n, int prefetch) {
            super(downstream, n, prefetch);
            this.zipper = zipper;
        }

        @Override
        void drainLoop() {
            int missed = 1;
            Subscriber<? super R> a = downstream;
            Object[] row = this.row;
            int n = inners.length;
            for (;;) {
                long r = requested();
                long e = emitted;
                for (;;) {
                    if (stopped()) {
                        return;
                    }
                    // Fill the row as far as the sources allow (no demand needed to look).
                    boolean full = true;
                    for (int i = 0; i < n; i++) {
                        if (row[i] != null) {
                            continue;
                        }
                        Slot in = inners[i];
                        boolean d = in.done;
                        Object v = take(in);
                        if (v == FAILED) {
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
                    R out = combine(zipper, "zip: the zipper");
                    if (out == null) {
                        return;
                    }
                    Arrays.fill(row, null);
                    a.onNext(out);
                    e++;
                    for (Slot in : inners) {
                        in.replenish(1);
                    }
                }
                emitted = e;
                missed = leave(missed);
                if (missed == 0) {
                    return;
                }
            }
        }
    }
}
