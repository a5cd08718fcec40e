package dev.rill;

import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Demand;
import dev.rill.signal.Exceptions;
import dev.rill.signal.Handles;
import dev.rill.signal.Hooks;
import dev.rill.signal.SubscriptionArbiter;
import dev.rill.signal.Subscriptions;
import dev.rill.signal.Wip;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code switchOnFirst}: asks the source for one signal, then hands that first signal (a value,
 * the completion or an error) and the source itself, the first value included, to {@code
 * transformer}, and the subscriber gets what the publisher it returns emits (Reactor's {@code
 * Flux.switchOnFirst}). The source handed over may be subscribed once; a second subscriber gets an
 * {@link IllegalStateException}. When the returned publisher ends, or the subscriber cancels, the
 * source is cancelled.
 *
 * <p>Three parties: {@code Main} subscribes to the source and is also the source handed to the
 * transformer ({@code Source}); {@code Outer} stands between the returned publisher and the
 * subscriber, who gets it as its subscription at once (requests wait in its arbiter until the
 * returned publisher subscribes). The first value and the source's end go to the source's
 * subscriber from one serialized drain: the first value when it has asked for one, the end after
 * it; later values, asked for after the first went down, pass straight through.
 *
 * <p>Threading: the source's signals serialized; the source's subscriber's requests and cancels,
 * and the subscriber's, from any thread.
 */
final class RillSwitchOnFirst<T, R> extends RillOperator<T, R> {

    private final Rill<? extends T> source;
    private final BiFunction<Signal<? extends T>, Rill<T>, Publisher<? extends R>> transformer;

    RillSwitchOnFirst(Rill<? extends T> source,
                      BiFunction<Signal<? extends T>, Rill<T>, Publisher<? extends R>> transformer) {
        this.source = source;
        this.transformer = Objects.requireNonNull(transformer, "transformer");
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super R> s) {
        return new Main<>(s, transformer);
    }

    static final class Main<T, R> implements CoreSubscriber<T>, Subscription {
        private static final VarHandle WIP = Handles.field(MethodHandles.lookup(), "wip", int.class);
        private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);
        private static final VarHandle INNER = Handles.field(MethodHandles.lookup(), "inner", Subscriber.class);

        private final BiFunction<Signal<? extends T>, Rill<T>, Publisher<? extends R>> transformer;
        private final Outer<R> outer;

        private volatile Subscription upstream;
        /** The source's subscriber (the transformer's); set once. */
        private volatile Subscriber<? super T> inner;
        @SuppressWarnings("unused")
        private volatile int wip;
        /** The source's subscriber's requests until the first value went down. */
        @SuppressWarnings("unused")
        private volatile long requested;
        /** Whether the first signal came; the first value, until it goes down. */
        private boolean started;
        private T first;
        /** The first value went down (or there was none): requests now go straight up. */
        private volatile boolean replayed;
        /** The source ended; {@link #error} written before. */
        private volatile boolean done;
        private Throwable error;
        private volatile boolean cancelled;
        /** Drain-owned: the end went down. */
        private boolean terminated;

        Main(Subscriber<? super R> downstream, BiFunction<Signal<? extends T>, Rill<T>, Publisher<? extends R>> transformer) {
            this.transformer = transformer;
            this.outer = new Outer<>(downstream, this);
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (!Subscriptions.validate(upstream, s)) {
                return;
            }
            upstream = s;
            outer.downstream.onSubscribe(outer);
            if (!cancelled) {
                s.request(1);
            } else {
                s.cancel();
            }
        }

        @Override
        public void onNext(T t) {
            if (done) {
                return;
            }
            if (!started) {
                started = true;
                first = t;
                start(Signal.next(t));
                return;
            }
            Subscriber<? super T> a = inner;
            if (a != null) {
                a.onNext(t); // only after the first went down: we asked for more only then
            }
        }

        @Override
        public void onError(Throwable t) {
            if (done) {
                Hooks.onErrorDropped(t);
                return;
            }
            error = t;
            done = true;
            if (!started) {
                started = true;
                start(Signal.error(t));
            }
            drain();
        }

        @Override
        public void onComplete() {
            if (done) {
                return;
            }
            done = true;
            if (!started) {
                started = true;
                start(Signal.complete());
            }
            drain();
        }

        /** The first signal: the transformer's publisher takes over the subscriber. */
        private void start(Signal<T> signal) {
            Publisher<? extends R> p;
            try {
                p = Exceptions.requireNonNull(transformer.apply(signal, new Source<>(this)), "switchOnFirst: the transformer");
            } catch (Throwable ex) {
                Exceptions.throwIfFatal(ex);
                upstream.cancel();
                done = true;
                outer.fail(ex);
                return;
            }
            p.subscribe(outer);
        }

        /** The transformer's source is subscribed by {@code s}. */
        void subscribeInner(Subscriber<? super T> s) {
            if (!INNER.compareAndSet(this, null, s)) {
                Subscriptions.error(s, new IllegalStateException("switchOnFirst: the source may be subscribed only once"));
                return;
            }
            s.onSubscribe(this);
            drain();
        }

        @Override
        public void request(long n) {
            if (!Demand.isValid(n)) {
                return;
            }
            if (replayed) {
                upstream.request(n);
                return;
            }
            Demand.add(REQUESTED, this, n);
            drain();
        }

        /** From the source's subscriber or the subscriber: the source is cancelled. */
        @Override
        public void cancel() {
            if (!cancelled) {
                cancelled = true;
                Subscription s = upstream;
                if (s != null) {
                    s.cancel();
                }
                drain(); // drops the first value
            }
        }

        private void drain() {
            if (!Wip.enter(WIP, this)) {
                return;
            }
            int missed = 1;
            do {
                Subscriber<? super T> a = inner;
                if (cancelled) {
                    first = null;
                } else if (a != null && !terminated) {
                    replay(a);
                }
            } while ((missed = Wip.leave(WIP, this, missed)) != 0);
        }

        /**
         * Holds the counter: the first value when asked for, then the rest of the demand (requests
         * that came before {@link #replayed} was set wait in {@link #requested} until a pass
         * takes them), then the end.
         */
        private void replay(Subscriber<? super T> a) {
            boolean d = done;
            if (!replayed) {
                T v = first;
                if (v != null) {
                    if ((long) REQUESTED.getVolatile(this) == 0) {
                        return;
                    }
                    first = null;
                    a.onNext(v);
                    Demand.produced(REQUESTED, this, 1);
                } else if (!d) {
                    return; // the first signal has not come yet
                }
                replayed = true;
            }
            long more = (long) REQUESTED.getAndSet(this, 0L);
            if (more != 0 && !d && !cancelled) {
                upstream.request(more);
            }
            if (d) {
                terminated = true;
                Throwable e = error;
                if (e != null) {
                    a.onError(e);
                } else {
                    a.onComplete();
                }
            }
        }
    }

    /** The source as the transformer sees it: one subscriber, who gets the first value too. */
    static final class Source<T> extends Rill<T> {
        private final Main<T, ?> main;

        Source(Main<T, ?> main) {
            this.main = main;
        }

        @Override
        protected void subscribeActual(Subscriber<? super T> s) {
            main.subscribeInner(s);
        }
    }

    /**
     * The subscriber's side: the subscription it gets at once, holding its requests until the
     * returned publisher subscribes; the end of that publisher cancels the source.
     */
    static final class Outer<R> extends SubscriptionArbiter implements CoreSubscriber<R> {
        final Subscriber<? super R> downstream;
        private final Main<?, R> main;
        private boolean done;

        Outer(Subscriber<? super R> downstream, Main<?, R> main) {
            this.downstream = downstream;
            this.main = main;
        }

        @Override
        public void onSubscribe(Subscription s) {
            Objects.requireNonNull(s, "§2.13 violated: onSubscribe with a null Subscription");
            setSubscription(s);
        }

        @Override
        public void onNext(R t) {
            if (!done) {
                downstream.onNext(t);
            }
        }

        @Override
        public void onError(Throwable t) {
            if (done) {
                Hooks.onErrorDropped(t);
                return;
            }
            done = true;
            main.cancel();
            downstream.onError(t);
        }

        @Override
        public void onComplete() {
            if (!done) {
                done = true;
                main.cancel();
                downstream.onComplete();
            }
        }

        /** The transformer failed: its publisher never subscribes, the subscriber gets the error. */
        void fail(Throwable e) {
            onError(e);
        }

        @Override
        public void cancel() {
            super.cancel();
            main.cancel();
        }
    }
}
