package dev.rill;

import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Exceptions;
import dev.rill.signal.Handles;
import dev.rill.signal.Hooks;
import dev.rill.signal.Subscriptions;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The boundary to a plain {@link Subscriber} for a stage that already keeps the rules a
 * {@link dev.rill.signal.StrictSubscriber} would otherwise enforce with two atomic operations per
 * value ({@link Rill#reportsBadRequests}): the stage signals nothing before {@code onSubscribe}
 * returns, and answers {@code request(n <= 0)} itself with the §3.9 error, through the same
 * serialized emitter as its values. No signal can then come from another thread, so this boundary
 * needs no half-serializer; what is left is per call and costs no atomic per value:
 * <ul>
 *   <li>§2.13: a subscriber that throws from {@code onSubscribe} or {@code onNext} is cancelled
 *       and the exception goes to {@link Hooks#onErrorDropped}; so does one thrown from
 *       {@code onError}/{@code onComplete};</li>
 *   <li>§2.12/§2.5: a second {@code onSubscribe} is cancelled;</li>
 *   <li>nothing is signalled after a terminal signal, or after the subscriber threw.</li>
 * </ul>
 *
 * <p>Threading: {@code onXxx} from the stage, serially (the stage's contract above);
 * {@link #request}/{@link #cancel} from any thread.
 */
final class LeanStrictSubscriber<T> implements CoreSubscriber<T>, Subscription {
    private static final VarHandle UPSTREAM = Handles.field(MethodHandles.lookup(), "upstream", Subscription.class);

    private final Subscriber<? super T> actual;
    @SuppressWarnings("unused")
    private volatile Subscription upstream;
    /** Written and read only by the serialized signals. */
    private boolean done;

    LeanStrictSubscriber(Subscriber<? super T> actual) {
        this.actual = Objects.requireNonNull(actual, "subscriber");
    }

    @Override
    public void onSubscribe(Subscription s) {
        if (!Subscriptions.setOnce(UPSTREAM, this, s)) {
            return;
        }
        try {
            actual.onSubscribe(this);
        } catch (Throwable e) {
            Exceptions.throwIfFatal(e);
            done = true;
            cancel();
            Hooks.onErrorDropped(new IllegalStateException("§2.13 violated: onSubscribe threw", e));
        }
    }

    @Override
    public void onNext(T t) {
        Objects.requireNonNull(t, "§2.13 violated: onNext(null)");
        if (done) {
            return;
        }
        try {
            actual.onNext(t);
        } catch (Throwable e) {
            Exceptions.throwIfFatal(e);
            done = true;
            cancel();
            Hooks.onErrorDropped(new IllegalStateException("§2.13 violated: onNext threw", e));
        }
    }

    @Override
    public void onError(Throwable t) {
        Objects.requireNonNull(t, "§2.13 violated: onError(null)");
        if (done) {
            Hooks.onErrorDropped(t);
            return;
        }
        done = true;
        try {
            actual.onError(t);
        } catch (Throwable e) {
            Exceptions.throwIfFatal(e);
            e.addSuppressed(t);
            Hooks.onErrorDropped(new IllegalStateException("§2.13 violated: onError threw", e));
        }
    }

    @Override
    public void onComplete() {
        if (done) {
            return;
        }
        done = true;
        try {
            actual.onComplete();
        } catch (Throwable e) {
            Exceptions.throwIfFatal(e);
            Hooks.onErrorDropped(new IllegalStateException("§2.13 violated: onComplete threw", e));
        }
    }

    /** Passes every request on, a bad one included: the stage answers it with the §3.9 error. */
    @Override
    public void request(long n) {
        ((Subscription) UPSTREAM.getVolatile(this)).request(n);
    }

    @Override
    public void cancel() {
        Subscriptions.cancel(UPSTREAM, this);
    }
}
