package dev.rill;

import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Demand;
import dev.rill.signal.Handles;
import dev.rill.signal.Hooks;
import dev.rill.signal.Subscriptions;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code Rill.firstWithSignal}: subscribes to every source, in order, and mirrors the first one to
 * signal anything (a value, an error or the completion); the others are cancelled then (Reactor's
 * {@code Flux.firstWithSignal}). Requests made before a winner is known go to every source.
 *
 * <p>Threading: sources on any threads; the winner is decided by one compare-and-set, so only
 * the winner's signals go down; {@code request}/{@code cancel} from any thread.
 */
final class RillFirstWithSignal<T> extends Rill<T> {

    private final Publisher<? extends T>[] sources;

    RillFirstWithSignal(Publisher<? extends T>[] sources) {
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
        /** {@link #winner} before the race is decided. */
        static final int NONE = -1;
        /** {@link #winner} after a cancel. */
        static final int CANCELLED = Integer.MAX_VALUE;

        final Subscriber<? super T> downstream;
        private final Amb<T>[] inners;
        @SuppressWarnings("unused")
        private volatile int winner = NONE;

        @SuppressWarnings("unchecked")
        Coordinator(Subscriber<? super T> downstream, int n) {
            this.downstream = downstream;
            this.inners = (Amb<T>[]) new Amb<?>[n];
            for (int i = 0; i < n; i++) {
                inners[i] = new Amb<>(this, i);
            }
        }

        void subscribe(Publisher<? extends T>[] sources) {
            for (int i = 0; i < sources.length && winner == NONE; i++) {
                sources[i].subscribe(inners[i]);
            }
        }

        /** True if {@code index} is (now) the winner; the losers are cancelled by the call that wins. */
        boolean tryWin(int index) {
            int w = winner;
            if (w == NONE && WINNER.compareAndSet(this, NONE, index)) {
                for (int i = 0; i < inners.length; i++) {
                    if (i != index) {
                        inners[i].cancel();
                    }
                }
                return true;
            }
            return winner == index;
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
            for (Amb<T> in : inners) {
                in.request(n);
            }
        }

        @Override
        public void cancel() {
            if ((int) WINNER.getAndSet(this, CANCELLED) != CANCELLED) {
                for (Amb<T> in : inners) {
                    in.cancel();
                }
            }
        }
    }

    /** One source's subscriber: requests wait until its subscription comes. */
    static final class Amb<T> implements CoreSubscriber<T> {
        private static final VarHandle UPSTREAM = Handles.field(MethodHandles.lookup(), "upstream", Subscription.class);
        private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);

        private final Coordinator<T> parent;
        private final int index;
        @SuppressWarnings("unused")
        private volatile Subscription upstream;
        @SuppressWarnings("unused")
        private volatile long requested;
        /** Set on this source's first signal that won: later ones skip the race. */
        private boolean won;

        Amb(Coordinator<T> parent, int index) {
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

        private boolean win() {
            if (won) {
                return true;
            }
            if (parent.tryWin(index)) {
                won = true;
                return true;
            }
            cancel();
            return false;
        }

        @Override
        public void onNext(T t) {
            if (win()) {
                parent.downstream.onNext(t);
            }
        }

        @Override
        public void onError(Throwable t) {
            if (win()) {
                parent.downstream.onError(t);
            } else {
                Hooks.onErrorDropped(t);
            }
        }

        @Override
        public void onComplete() {
            if (win()) {
                parent.downstream.onComplete();
            }
        }
    }
}
