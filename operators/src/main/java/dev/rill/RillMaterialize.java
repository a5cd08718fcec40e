package dev.rill;

import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Demand;
import dev.rill.signal.Handles;
import dev.rill.signal.Hooks;
import dev.rill.signal.Subscriptions;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code materialize}: every signal of the source as a {@link Signal} value, the terminal one
 * included, then completion. The terminal {@code Signal} is a value like the others, so it waits
 * for demand: the upstream was asked for exactly what the downstream asked, and the terminal
 * signal goes down only once the downstream asked for one more.
 *
 * <p>Threading: upstream signals serialized; {@code request}/{@code cancel} from any thread. The
 * terminal {@code Signal} may go down from the upstream's thread or from a request's; a flag taken
 * once decides which (Dekker: the upstream writes the terminal then reads the demand, a request
 * adds demand then reads the terminal, so at least one of them sees both).
 */
final class RillMaterialize<T> extends RillOperator<T, Signal<T>> {

    private final Rill<? extends T> source;

    RillMaterialize(Rill<? extends T> source) {
        this.source = source;
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super Signal<T>> s) {
        return new MaterializeSubscriber<>(s);
    }

    static final class MaterializeSubscriber<T> implements CoreSubscriber<T>, Subscription {
        private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);
        private static final VarHandle ONCE = Handles.field(MethodHandles.lookup(), "once", int.class);

        private final Subscriber<? super Signal<T>> downstream;
        private Subscription upstream;
        @SuppressWarnings("unused")
        private volatile long requested;
        /** 1 once the terminal signal went down or the stream was cancelled. */
        @SuppressWarnings("unused")
        private volatile int once;
        /** The upstream's end as a Signal; written after {@link #produced}. */
        private volatile Signal<T> terminal;
        /** Values passed down; upstream-owned until {@link #terminal} publishes it. */
        private long produced;

        MaterializeSubscriber(Subscriber<? super Signal<T>> downstream) {
            this.downstream = downstream;
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Subscriptions.validate(upstream, s)) {
                upstream = s;
                downstream.onSubscribe(this);
            }
        }

        @Override
        public void onNext(T t) {
            if (terminal != null) {
                return;
            }
            produced++;
            downstream.onNext(Signal.next(t));
        }

        @Override
        public void onError(Throwable t) {
            if (terminal != null) {
                Hooks.onErrorDropped(t);
                return;
            }
            end(Signal.error(t));
        }

        @Override
        public void onComplete() {
            if (terminal == null) {
                end(Signal.complete());
            }
        }

        private void end(Signal<T> last) {
            terminal = last;
            if ((long) REQUESTED.getVolatile(this) != produced) {
                deliver(last);
            }
        }

        private void deliver(Signal<T> last) {
            if (ONCE.compareAndSet(this, 0, 1)) {
                downstream.onNext(last);
                downstream.onComplete();
            }
        }

        @Override
        public void request(long n) {
            if (!Demand.isValid(n)) {
                return;
            }
            Demand.add(REQUESTED, this, n);
            Signal<T> last = terminal;
            if (last != null) {
                deliver(last); // the terminal's write published produced: there is demand beyond it
            } else {
                upstream.request(n);
            }
        }

        @Override
        public void cancel() {
            once = 1;
            upstream.cancel();
        }
    }
}
