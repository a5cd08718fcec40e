package dev.rill;

import dev.rill.publishers.SynchronousSink;
import dev.rill.signal.Exceptions;
import dev.rill.signal.FuseableSubscriber;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.reactivestreams.Subscriber;

/**
 * {@code handle}: the handler is called once per value with a sink through which it may emit at
 * most one value, and may end the stream ({@code complete}, which cancels upstream, or
 * {@code error}). A value emitted in the same call goes down before the end. Emitting twice, after
 * the end, or null, or throwing, fails the stream and cancels upstream.
 *
 * <p>Fuses SYNC only (never across a thread boundary): an end decided by the handler is then
 * "{@code poll} returns null" or "{@code poll} throws", which an ASYNC consumer could not tell from
 * "nothing yet". The subscriber is its own sink: no allocation per value.
 */
final class RillHandle<T, R> extends RillOperator<T, R> {

    private final Rill<? extends T> source;
    private final BiConsumer<? super T, SynchronousSink<R>> handler;

    RillHandle(Rill<? extends T> source, BiConsumer<? super T, SynchronousSink<R>> handler) {
        this.source = source;
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super R> s) {
        return new HandleSubscriber<>(s, handler);
    }

    static final class HandleSubscriber<T, R> extends FuseableSubscriber<T, R> implements SynchronousSink<R> {
        private final BiConsumer<? super T, SynchronousSink<R>> handler;
        /** What the handler signalled in the current call. */
        private R value;
        private boolean stop;
        private Throwable error;

        HandleSubscriber(Subscriber<? super R> downstream, BiConsumer<? super T, SynchronousSink<R>> handler) {
            super(downstream);
            this.handler = handler;
        }

        @Override
        public void next(R v) {
            if (v == null) {
                setError(new NullPointerException("handle: the handler emitted null"));
            } else if (stop) {
                setError(new IllegalStateException("handle: the handler emitted after complete or error"));
            } else if (value != null) {
                setError(new IllegalStateException("handle: the handler emitted more than one value for one input"));
            } else {
                value = v;
            }
        }

        @Override
        public void complete() {
            stop = true;
        }

        @Override
        public void error(Throwable e) {
            setError(Objects.requireNonNullElseGet(e, () -> new NullPointerException("handle: the handler's error was null")));
        }

        private void setError(Throwable e) {
            if (error == null) {
                error = e;
            }
            stop = true;
        }

        /** Runs the handler for {@code t}; a throw becomes the round's error. */
        private void call(T t) {
            try {
                handler.accept(t, this);
            } catch (Throwable e) {
                Exceptions.throwIfFatal(e);
                setError(e);
            }
        }

        @Override
        public boolean tryOnNext(T t) {
            if (done) {
                return false;
            }
            call(t);
            R v = value;
            value = null;
            if (!stop) {
                return v != null && emit(v);
            }
            done = true; // before anything goes down: a request from inside onNext must not reach upstream
            upstream.cancel();
            if (v != null) {
                downstream.onNext(v);
            }
            Throwable e = error;
            error = null;
            if (e != null) {
                downstream.onError(e);
            } else {
                downstream.onComplete();
            }
            return true;
        }

        @Override
        public int requestFusion(int mode) {
            return (mode & SYNC) != 0 ? super.requestFusion(mode & ~ASYNC) : NONE;
        }

        @Override
        public R poll() {
            while (!stop) {
                T t = qs.poll();
                if (t == null) {
                    return null;
                }
                call(t);
                R v = value;
                value = null;
                if (stop) {
                    upstream.cancel(); // the source is not drained to its end: let it release what it holds
                }
                Throwable e = error;
                if (e != null && v == null) {
                    error = null;
                    throw Exceptions.<RuntimeException>propagate(e);
                }
                if (v != null) {
                    return v; // an error or completion with it is delivered by the next poll
                }
            }
            Throwable e = error;
            if (e != null) {
                error = null;
                throw Exceptions.<RuntimeException>propagate(e);
            }
            return null;
        }

        @Override
        public boolean isEmpty() {
            return stop ? error == null : qs.isEmpty();
        }
    }
}
