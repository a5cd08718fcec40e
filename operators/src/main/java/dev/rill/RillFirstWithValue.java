package dev.rill;

import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Demand;
import dev.rill.signal.Exceptions;
import dev.rill.signal.Handles;
import dev.rill.signal.Hooks;
import dev.rill.signal.Subscriptions;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.NoSuchElementException;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code Rill.firstWithValue}: subscribes to every source, in order, and mirrors the first one to
 * emit a value, cancelling the others then (Reactor's {@code Flux.firstWithValue}). Sources that
 * complete empty or fail before any value are set aside; if all of them do, the stream fails with
 * a {@link NoSuchElementException} whose cause is the sources' errors (a {@code
 * NoSuchElementException} for each that completed empty), in source order, as one {@link
 * dev.rill.signal.CompositeException} when there are several. Requests made before a winner is
 * known go to every source.
 *
 * <p>Threading: sources on any threads; the winner is decided by one compare-and-set; the last
 * source to end without a value reads the others' errors after a counter they all incremented.
 */
final class RillFirstWithValue<T> extends Rill<T> {

    private final Publisher<? extends T>[] sources;

    RillFirstWithValue(Publisher<? extends T>[] sources) {
        this.sources = sources;
    }

    @Override
    protected void subscribeActual(Subscriber<? super T> s) {
        Coordinator<T> c = new Coordinator<>(s, sources.length);
        s.onSubscribe(c);
        c.subscribe(sources);
    }

    static final class Coordinator<T> implements Subscription {
        private static final VarHandle WINNER = Handles.field(MethodHandles.lookup(), "winner", int.class);
        private static final VarHandle FAILED = Handles.field(MethodHandles.lookup(), "failed", int.class);
        private static final VarHandle ERROR = Handles.field(MethodHandles.lookup(), "error", Throwable.class);
        static final int NONE = -1;
        static final int CANCELLED = Integer.MAX_VALUE;

        final Subscriber<? super T> downstream;
        private final Inner<T>[] inners;
        /** Each source's reason for ending without a value; its slot written before {@link #failed}. */
        private final Throwable[] reasons;
        @SuppressWarnings("unused")
        private volatile int winner = NONE;
        @SuppressWarnings("unused")
        private volatile int failed;
        @SuppressWarnings("unused")
        private volatile Throwable error;

        @SuppressWarnings("unchecked")
        Coordinator(Subscriber<? super T> downstream, int n) {
            this.downstream = downstream;
            this.inners = (Inner<T>[]) new Inner<?>[n];
            this.reasons = new Throwable[n];
            for (int i = 0; i < n; i++) {
                inners[i] = new Inner<>(this, i);
            }
        }

        void subscribe(Publisher<? extends T>[] sources) {
            for (int i = 0; i < sources.length && winner == NONE; i++) {
                sources[i].subscribe(inners[i]);
            }
        }

        boolean tryWin(int index) {
            if (winner == NONE && WINNER.compareAndSet(this, NONE, index)) {
                for (int i = 0; i < inners.length; i++) {
                    if (i != index) {
                        inners[i].cancel();
                    }
                }
                return true;
            }
            return false;
        }

        /** Source {@code index} ended without a value; the last of them fails the stream. */
        void ended(int index, Throwable reason) {
            reasons[index] = reason;
            if ((int) FAILED.getAndAdd(this, 1) + 1 != inners.length) {
                return;
            }
            if (winner != NONE || !WINNER.compareAndSet(this, NONE, CANCELLED)) {
                return;
            }
            for (Throwable t : reasons) {
                Exceptions.addThrowable(ERROR, this, t);
            }
            NoSuchElementException all = new NoSuchElementException("All sources completed with error or without values");
            all.initCause(error);
            downstream.onError(all);
        }

        @Override
        public void request(long n) {
            if (!Demand.isValid(n)) {
                return;
            }
            int w = winner;
            if (w >= 0 && w != CANCELLED) {
                inners[w].request(n);
                return;
            }
            for (Inner<T> in : inners) {
                in.request(n);
            }
        }

        @Override
        public void cancel() {
            if ((int) WINNER.getAndSet(this, CANCELLED) != CANCELLED) {
                for (Inner<T> in : inners) {
                    in.cancel();
                }
            }
        }

        boolean isWinner(int index) {
            return winner == index;
        }
    }

    /** One source's subscriber: requests wait until its subscription comes. */
    static final class Inner<T> implements CoreSubscriber<T> {
        private static final VarHandle UPSTREAM = Handles.field(MethodHandles.lookup(), "upstream", Subscription.class);
        private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);

        private final Coordinator<T> parent;
        private final int index;
        @SuppressWarnings("unused")
        private volatile Subscription upstream;
        @SuppressWarnings("unused")
        private volatile long requested;
        private boolean won;

        Inner(Coordinator<T> parent, int index) {
            this.parent = parent;
            this.index = index;
        }

        @Override
        public void onSubscribe(Subscription s) {
            Subscriptions.deferredSetOnce(UPSTREAM, REQUESTED, this, s);
        }

        void request(long n) {
            Subscriptions.deferredRequest(UPSTREAM, REQUESTED, this, n);
        }

        void cancel() {
            Subscriptions.cancel(UPSTREAM, this);
        }

        @Override
        public void onNext(T t) {
            if (!won) {
                if (!parent.tryWin(index)) {
                    cancel();
                    return;
                }
                won = true;
            }
            parent.downstream.onNext(t);
        }

        @Override
        public void onError(Throwable t) {
            if (won) {
                parent.downstream.onError(t);
            } else if (parent.isWinner(Coordinator.NONE)) {
                parent.ended(index, t);
            } else {
                Hooks.onErrorDropped(t);
            }
        }

        @Override
        public void onComplete() {
            if (won) {
                parent.downstream.onComplete();
            } else {
                parent.ended(index, new NoSuchElementException("source at index " + index + " completed empty"));
            }
        }
    }
}
