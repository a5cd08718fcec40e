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
