package dev.rill;

import dev.rill.signal.Exceptions;
import dev.rill.signal.Hooks;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import org.reactivestreams.Subscriber;

/**
 * {@code doFinally}: runs an action exactly once when the stream ends for any reason, after the
 * terminal signal went down, or after the cancel went up. A throwing action goes to
 * {@link Hooks#onErrorDropped}. Not fusable (a fused consumer would end the stream past it).
 */
final class RillDoFinally<T> extends RillOperator<T, T> {

    private final Rill<? extends T> source;
    private final Runnable action;

    RillDoFinally(Rill<? extends T> source, Runnable action) {
        this.source = source;
        this.action = Objects.requireNonNull(action, "action");
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super T> s) {
        return new DoFinallySubscriber<>(s, action);
    }

    static final class DoFinallySubscriber<T> extends UnfusedSubscriber<T, T> {
        private static final VarHandle RAN;

        static {
            try {
                RAN = MethodHandles.lookup().findVarHandle(DoFinallySubscriber.class, "ran", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Runnable action;
        @SuppressWarnings("unused")
        private volatile boolean ran;

        DoFinallySubscriber(Subscriber<? super T> downstream, Runnable action) {
            super(downstream);
            this.action = action;
        }

        private void runFinally() {
            if (RAN.compareAndSet(this, false, true)) {
                try {
                    action.run();
                } catch (Throwable e) {
                    Exceptions.throwIfFatal(e);
                    Hooks.onErrorDropped(e);
                }
            }
        }

        @Override
        public boolean tryOnNext(T t) {
            return !done && emit(t);
        }

        @Override
        public void onError(Throwable t) {
            boolean first = !done;
            super.onError(t);
            if (first) {
                runFinally();
            }
        }

        @Override
        public void onComplete() {
            boolean first = !done;
            super.onComplete();
            if (first) {
                runFinally();
            }
        }

        @Override
        public void cancel() {
            super.cancel();
            runFinally();
        }
    }
}
