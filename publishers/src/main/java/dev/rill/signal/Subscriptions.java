package dev.rill.signal;

import java.lang.invoke.VarHandle;
import java.util.Objects;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Subscription plumbing shared by every stage: the "cancelled" and "empty" singletons, set-once and
 * cancel on a {@code volatile Subscription} field through its {@link VarHandle}, and the §2.5 check
 * for a second {@code onSubscribe}.
 *
 * <p>Threading: the field variants are atomic and may race with each other from any thread.
 */
public final class Subscriptions {

    private Subscriptions() {
    }

    /** The state of a field whose subscription was cancelled; requests and cancels are no-ops. */
    public static final Subscription CANCELLED = new Subscription() {
        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }

        @Override
        public String toString() {
            return "CANCELLED";
        }
    };

    /**
     * §2.5: a subscriber that already has a subscription must cancel a second one. Returns true if
     * {@code next} is the first (accept it); otherwise cancels it, reports the violation to {@link
     * Hooks} and returns false.
     *
     * @throws NullPointerException if {@code next} is null (§2.13)
     */
    public static boolean validate(Subscription current, Subscription next) {
        Objects.requireNonNull(next, "§2.13 violated: onSubscribe with a null Subscription");
        if (current != null) {
            next.cancel();
            if (current != CANCELLED) {
                Hooks.onErrorDropped(new IllegalStateException("§2.12 violated: onSubscribe called twice"));
            }
            return false;
        }
        return true;
    }

    /**
     * Sets the field to {@code s} if it is empty. If the field was cancelled meanwhile, cancels
     * {@code s}; if it already held one, cancels {@code s} and reports §2.12.
     *
     * @return true if {@code s} was set
     */
    public static boolean setOnce(VarHandle field, Object owner, Subscription s) {
        Objects.requireNonNull(s, "§2.13 violated: onSubscribe with a null Subscription");
        if (field.compareAndSet(owner, null, s)) {
            return true;
        }
        s.cancel();
        if (field.getVolatile(owner) != CANCELLED) {
            Hooks.onErrorDropped(new IllegalStateException("§2.12 violated: onSubscribe called twice"));
        }
        return false;
    }

    /**
     * {@link #setOnce} for a subscriber that may be asked for values before its subscription comes
     * ({@link #deferredRequest}): once {@code s} is set, what was asked for meanwhile is passed on.
     *
     * @param upstream the owner's {@code Subscription} field
     * @param requested the owner's {@code long} field where early requests wait
     * @return true if {@code s} was set
     */
    public static boolean deferredSetOnce(VarHandle upstream, VarHandle requested, Object owner, Subscription s) {
        if (!setOnce(upstream, owner, s)) {
            return false;
        }
        long r = (long) requested.getAndSet(owner, 0L);
        if (r != 0L) {
            s.request(r);
        }
        return true;
    }

    /**
     * Requests {@code n} (positive) from the owner's upstream, or, if its subscription has not come
     * yet, keeps it in {@code requested} for {@link #deferredSetOnce} to pass on. An amount added
     * while the subscription arrives is passed on by whichever side looks second: both take it with
     * a getAndSet, so it goes up exactly once.
     */
    public static void deferredRequest(VarHandle upstream, VarHandle requested, Object owner, long n) {
        Subscription s = (Subscription) upstream.getVolatile(owner);
        if (s != null) {
            s.request(n);
            return;
        }
        Demand.add(requested, owner, n);
        s = (Subscription) upstream.getVolatile(owner);
        if (s != null) {
            long r = (long) requested.getAndSet(owner, 0L);
            if (r != 0L) {
                s.request(r);
            }
        }
    }

    /** Cancels whatever the field holds and leaves it {@link #CANCELLED}; true if this call did it. */
    public static boolean cancel(VarHandle field, Object owner) {
        Subscription prev = (Subscription) field.getAndSet(owner, CANCELLED);
        if (prev == CANCELLED) {
            return false;
        }
        if (prev != null) {
            prev.cancel();
        }
        return true;
    }

    /** Signals {@code onSubscribe} with a no-op subscription, then {@code onError} (§1.9). */
    public static void error(Subscriber<?> s, Throwable e) {
        s.onSubscribe(EmptySubscription.INSTANCE);
        s.onError(e);
    }

    /** Signals {@code onSubscribe} with a no-op subscription, then {@code onComplete}. */
    public static void complete(Subscriber<?> s) {
        s.onSubscribe(EmptySubscription.INSTANCE);
        s.onComplete();
    }
}
