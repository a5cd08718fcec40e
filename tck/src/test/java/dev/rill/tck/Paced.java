package dev.rill.tck;

import dev.rill.Rill;
import dev.rill.publishers.Emitter;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Test scaffolding for the lossy operators ({@code onBackpressureDrop}, {@code
 * onBackpressureLatest}): they ask their upstream for everything and drop what nobody asked for,
 * so a TCK run needs a producer that pushes exactly what the TCK's subscriber requested, after the
 * request reached the operator, like a well-paced hot source. Each request first goes up, then
 * the producer emits that many values into the push source under the operator.
 */
final class Paced {

    private Paced() {
    }

    static Publisher<Long> of(long n, Function<Rill<Long>, Rill<Long>> lossy) {
        return subscriber -> new Pump(n, lossy, subscriber);
    }

    /** Emits what was asked for, once the push source under the operator exists. */
    private static final class Pump implements Subscriber<Long> {
        private final long n;
        private final Subscriber<? super Long> subscriber;
        private Emitter<Long> emitter;
        private long owed;
        private long sent;

        Pump(long n, Function<Rill<Long>, Rill<Long>> lossy, Subscriber<? super Long> subscriber) {
            this.n = n;
            this.subscriber = subscriber;
            lossy.apply(Rill.create(e -> {
                synchronized (this) {
                    emitter = e;
                }
                pump(0);
            })).subscribe(this);
        }

        @Override
        public void onSubscribe(Subscription s) {
            subscriber.onSubscribe(new Subscription() {
                @Override
                public void request(long k) {
                    s.request(k); // the operator must know before the values come
                    if (k > 0) {
                        pump(k);
                    }
                }

                @Override
                public void cancel() {
                    s.cancel();
                }
            });
        }

        private synchronized void pump(long k) {
            owed = Math.min(Long.MAX_VALUE - 1, owed + k);
            Emitter<Long> e = emitter;
            if (e == null) {
                return;
            }
            while (owed > 0 && sent < n && !e.isCancelled()) {
                owed--;
                e.next(sent++);
            }
            if (sent == n) {
                e.complete();
            }
        }

        @Override
        public void onNext(Long t) {
            subscriber.onNext(t);
        }

        @Override
        public void onError(Throwable t) {
            subscriber.onError(t);
        }

        @Override
        public void onComplete() {
            subscriber.onComplete();
        }
    }
}
