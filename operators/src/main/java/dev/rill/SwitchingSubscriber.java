package dev.rill;

import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Demand;
import dev.rill.signal.Hooks;
import dev.rill.signal.SubscriptionArbiter;
import dev.rill.signal.Wip;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The base of operators that move from one upstream to the next on a terminal signal:
 * {@code concatWith}, {@code startWith}, {@code switchIfEmpty}, {@code onErrorResume},
 * {@code retry}, {@code repeat}. Demand carries over ({@link SubscriptionArbiter}), and switching
 * is trampolined: a source that completes synchronously inside {@code subscribe} does not nest the
 * next subscription in its stack, so {@code repeat(1_000_000)} of a synchronous source runs in
 * constant stack.
 *
 * <p>Subclasses decide in {@link #onError} and {@link #onComplete} whether to {@link #switchTo}
 * another publisher or to pass the signal down ({@link #done(Throwable)}).
 *
 * <p>Threading: {@code onXxx} serialized from the current upstream; {@code request}/{@code
 * cancel} from any thread.
 */
abstract class SwitchingSubscriber<T> extends SubscriptionArbiter implements CoreSubscriber<T> {

    private static final VarHandle SWITCHES;

    static {
        try {
            SWITCHES = MethodHandles.lookup().findVarHandle(SwitchingSubscriber.class, "switches", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Subscriber<? super T> downstream;
    private boolean subscribed;
    /** Values from the current upstream, subtracted from demand when we switch. */
    long producedHere;
    /** Values seen overall, for switchIfEmpty. */
    long producedTotal;
    private boolean terminated;
    @SuppressWarnings("unused")
    private volatile int switches;
    private volatile Publisher<? extends T> next;

    SwitchingSubscriber(Subscriber<? super T> downstream) {
        this.downstream = downstream;
    }

    @Override
    public final void onSubscribe(Subscription s) {
        Objects.requireNonNull(s, "§2.13 violated: onSubscribe with a null Subscription");
        setSubscription(s);
        if (!subscribed) {
            subscribed = true;
            downstream.onSubscribe(this);
        }
    }

    @Override
    public void onNext(T t) {
        if (terminated) {
            return;
        }
        producedHere++;
        producedTotal++;
        downstream.onNext(t);
    }

    @Override
    protected void badRequest(long n) {
        cancel();
        done(Demand.nonPositive(n));
    }

    /** Moves to {@code p}; the switch happens outside any nested subscribe (trampolined). */
    final void switchTo(Publisher<? extends T> p) {
        long n = producedHere;
        if (n != 0) {
            producedHere = 0;
            produced(n);
        }
        next = p;
        if (!Wip.enter(SWITCHES, this)) {
            return;
        }
        int missed = 1;
        do {
            Publisher<? extends T> q = next;
            next = null;
            if (q != null && !isCancelled()) {
                q.subscribe(this);
            }
        } while ((missed = Wip.leave(SWITCHES, this, missed)) != 0);
    }

    /** Passes a terminal signal down: {@code null} completes. */
    final void done(Throwable error) {
        if (terminated) {
            if (error != null) {
                Hooks.onErrorDropped(error);
            }
            return;
        }
        terminated = true;
        if (error == null) {
            downstream.onComplete();
        } else {
            downstream.onError(error);
        }
    }
}
