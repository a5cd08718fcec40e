package dev.rill.signal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The boundary between Rill and a plain {@link Subscriber} it did not write: enforces the rules
 * there so that everything inside can trust its neighbours.
 * <ul>
 *   <li>§3.9: {@code request(n <= 0)} cancels upstream and signals an {@link
 *       IllegalArgumentException} (its message contains "§3.9");</li>
 *   <li>§1.3: that error may come from any thread, so signals are serialized (a half-serializer:
 *       an error arriving during {@code onNext} is delivered right after it); and requests made
 *       inside {@code onSubscribe} reach upstream only after it returns, so an asynchronous
 *       upstream cannot signal {@code onNext} while {@code onSubscribe} still runs;</li>
 *   <li>§2.12/§2.5: a second {@code onSubscribe} is cancelled;</li>
 *   <li>§2.13: a subscriber that throws from {@code onNext} is cancelled and the exception goes to
 *       {@link Hooks#onErrorDropped}; so does one thrown from {@code onError}/{@code onComplete};</li>
 *   <li>nothing is signalled after a terminal signal or after {@code cancel}.</li>
 * </ul>
 *
 * <p>Threading: {@code onXxx} from the upstream, serialized; {@link #request}/{@link #cancel}
 * from any thread.
 */
public final class StrictSubscriber<T> implements CoreSubscriber<T>, Subscription {

    private static final VarHandle UPSTREAM;
    private static final VarHandle WIP;
    private static final VarHandle DEFERRED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            UPSTREAM = l.findVarHandle(StrictSubscriber.class, "upstream", Subscription.class);
            WIP = l.findVarHandle(StrictSubscriber.class, "wip", int.class);
            DEFERRED = l.findVarHandle(StrictSubscriber.class, "deferred", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Subscriber<? super T> actual;
    @SuppressWarnings("unused")
    private volatile Subscription upstream;
    /** Half-serializer: 1 while onNext runs; a terminal signal arriving meanwhile bumps it. */
    @SuppressWarnings("unused")
    private volatile int wip;
    /** The terminal signal parked during an onNext: a Throwable, or COMPLETE. Guarded by wip. */
    private volatile Object terminal;
    private volatile boolean done;
    /** True while the subscriber's onSubscribe runs: its requests wait until it returns (§1.3). */
    private volatile boolean subscribing;
    @SuppressWarnings("unused")
    private volatile long deferred;

    private static final Object COMPLETE = new Object();

    public StrictSubscriber(Subscriber<? super T> actual) {
        this.actual = Objects.requireNonNull(actual, "subscriber");
    }

    @Override
    public void onSubscribe(Subscription s) {
        if (!Subscriptions.setOnce(UPSTREAM, this, s)) {
            return;
        }
        subscribing = true;
        try {
            actual.onSubscribe(this);
        } catch (Throwable e) {
            Exceptions.throwIfFatal(e);
            done = true;
            cancel();
            Hooks.onErrorDropped(new IllegalStateException("§2.13 violated: onSubscribe threw", e));
        } finally {
            subscribing = false;
        }
        // An asynchronous upstream may signal as soon as it has demand; only now may it have some,
        // so no onNext overlaps the subscriber's onSubscribe (§1.3).
        flushDeferred();
    }

    private void flushDeferred() {
        long d = (long) DEFERRED.getAndSet(this, 0L);
        if (d > 0) {
            ((Subscription) UPSTREAM.getVolatile(this)).request(d);
        }
    }

    @Override
    public void onNext(T t) {
        Objects.requireNonNull(t, "§2.13 violated: onNext(null)");
        if (done) {
            return;
        }
        if ((int) WIP.getVolatile(this) == 0 && WIP.compareAndSet(this, 0, 1)) {
            try {
                actual.onNext(t);
            } catch (Throwable e) {
                Exceptions.throwIfFatal(e);
                done = true;
                cancel();
                Hooks.onErrorDropped(new IllegalStateException("§2.13 violated: onNext threw", e));
                return;
            }
            if ((int) WIP.getAndAdd(this, -1) != 1) {
                deliverTerminal(); // a terminal signal came in while we were in onNext
            }
        }
    }

    @Override
    public void onError(Throwable t) {
        Objects.requireNonNull(t, "§2.13 violated: onError(null)");
        terminate(t);
    }

    @Override
    public void onComplete() {
        terminate(COMPLETE);
    }

    private void terminate(Object signal) {
        if (done) {
            if (signal instanceof Throwable e) {
                Hooks.onErrorDropped(e);
            }
            return;
        }
        terminal = signal;
        if ((int) WIP.getAndAdd(this, 1) == 0) {
            deliverTerminal();
        }
    }

    private void deliverTerminal() {
        if (done) {
            return;
        }
        done = true;
        Object signal = terminal;
        try {
            if (signal instanceof Throwable e) {
                actual.onError(e);
            } else {
                actual.onComplete();
            }
        } catch (Throwable e) {
            Exceptions.throwIfFatal(e);
            if (signal instanceof Throwable original) {
                e.addSuppressed(original);
            }
            Hooks.onErrorDropped(new IllegalStateException("§2.13 violated: a terminal signal threw", e));
        }
    }

    @Override
    public void request(long n) {
        if (!Demand.isValid(n)) {
            if (UPSTREAM.getVolatile(this) == Subscriptions.CANCELLED) {
                return; // §3.6: after cancel every request is a no-op, an illegal one included
            }
            cancel();
            terminate(Demand.nonPositive(n));
            return;
        }
        if (subscribing) {
            Demand.add(DEFERRED, this, n);
            if (!subscribing) {
                flushDeferred(); // onSubscribe returned meanwhile and may have missed ours
            }
            return;
        }
        ((Subscription) UPSTREAM.getVolatile(this)).request(n);
    }

    @Override
    public void cancel() {
        Subscriptions.cancel(UPSTREAM, this);
    }
}
