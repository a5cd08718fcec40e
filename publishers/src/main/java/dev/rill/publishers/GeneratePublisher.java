package dev.rill.publishers;

import dev.rill.signal.Exceptions;
import dev.rill.signal.Hooks;
import dev.rill.signal.Subscriptions;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * A synchronous state machine: for each value requested, calls {@code generator(state, sink)}
 * once, which signals at most one value (or the end) and returns the next state. The state is made
 * per subscriber and disposed on every terminal path (completion, error, cancel). SYNC-fusable.
 *
 * <pre>{@code new GeneratePublisher<Integer, Integer>(() -> 0, (i, sink) -> { sink.next(i); return i + 1; }, i -> { })}</pre>
 */
public final class GeneratePublisher<T, S> implements Publisher<T> {

    private final Callable<S> initialState;
    private final BiFunction<S, SynchronousSink<T>, S> generator;
    private final Consumer<? super S> disposeState;

    /** @throws NullPointerException if any argument is null */
    public GeneratePublisher(Callable<S> initialState, BiFunction<S, SynchronousSink<T>, S> generator,
                             Consumer<? super S> disposeState) {
        this.initialState = Objects.requireNonNull(initialState, "initialState");
        this.generator = Objects.requireNonNull(generator, "generator");
        this.disposeState = Objects.requireNonNull(disposeState, "disposeState");
    }

    @Override
    public void subscribe(Subscriber<? super T> s) {
        Objects.requireNonNull(s, "§1.9: subscriber must not be null");
        S state;
        try {
            state = initialState.call();
        } catch (Throwable e) {
            Exceptions.throwIfFatal(e);
            Subscriptions.error(s, e);
            return;
        }
        s.onSubscribe(new GenerateSubscription<>(s, state, generator, disposeState));
    }

    static final class GenerateSubscription<T, S> extends CursorSubscription<T> implements SynchronousSink<T> {
        private final BiFunction<S, SynchronousSink<T>, S> generator;
        private final Consumer<? super S> disposeState;
        private S state;
        private boolean finished;
        private boolean disposed;
        private T value;
        private Throwable failure;

        GenerateSubscription(Subscriber<? super T> s, S state, BiFunction<S, SynchronousSink<T>, S> generator,
                             Consumer<? super S> disposeState) {
            super(s);
            this.state = state;
            this.generator = generator;
            this.disposeState = disposeState;
        }

        @Override
        T produce() {
            while (!finished) {
                state = generator.apply(state, this);
                Throwable e = failure;
                if (e != null) {
                    failure = null;
                    finished = true;
                    throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
                }
                T v = value;
                if (v != null) {
                    value = null;
                    return v;
                }
            }
            return null;
        }

        @Override
        boolean exhausted() {
            return finished;
        }

        @Override
        public void next(T v) {
            if (value != null) {
                failure = new IllegalStateException("generate: next() called more than once in one round");
                return;
            }
            value = Objects.requireNonNull(v, "generate: next(null)");
        }

        @Override
        public void complete() {
            finished = true;
        }

        @Override
        public void error(Throwable e) {
            failure = Objects.requireNonNull(e, "generate: error(null)");
        }

        @Override
        void release() {
            if (disposed) {
                return;
            }
            disposed = true;
            try {
                disposeState.accept(state);
            } catch (Throwable e) {
                Exceptions.throwIfFatal(e);
                Hooks.onErrorDropped(e);
            }
        }
    }
}
