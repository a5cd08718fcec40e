package dev.rill;

import dev.rill.engine.VirtualTimeScheduler;
import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Exceptions;
import dev.rill.signal.HalfSerializer;
import dev.rill.signal.Handles;
import dev.rill.signal.SubscriptionArbiter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The base of operators that resubscribe when a companion publisher says so: {@code repeatWhen}
 * and {@code retryWhen(Retry.from(...))}. The subclass feeds the companion a signal per
 * completion or per error ({@link #signal}); each value of the companion subscribes to the source
 * again; its completion or error ends the stream the same way, cancelling the source. As in
 * Reactor, the companion is made and subscribed per subscriber, before the source, and asked for
 * one value per signal.
 *
 * <p>Demand carries over to each new subscription and resubscribing is trampolined
 * ({@link SwitchingSubscriber}).
 *
 * <p>Threading: the companion may end the stream from any thread while the source emits, so the
 * signals going down are serialized ({@link Serialized}); a new subscription starts on the
 * companion's thread.
 */
abstract class CompanionSubscriber<T, S> extends SwitchingSubscriber<T> {

    private final Rill<T> source;
    private final Sinks.Many<S> signals = Sinks.many().unicast().onBackpressureBuffer();
    private final Companion companion = new Companion(this);

    CompanionSubscriber(Subscriber<? super T> downstream, Rill<T> source) {
        super(new Serialized<>(downstream));
        this.source = source;
    }

    /**
     * Makes the companion with {@code factory} (under the assembly's virtual time, if any, so that
     * its time operators run on it too), subscribes it, then the source.
     */
    final void start(Function<Rill<S>, ? extends Publisher<?>> factory, VirtualTimeScheduler virtualTime,
                     String function) {
        downstream.onSubscribe(this); // first, so that a companion failing at once can say so
        Publisher<?> p;
        try {
            Rill<S> in = signals.asRill();
            p = virtualTime == null ? factory.apply(in) : virtualTime.assemble(() -> factory.apply(in));
            Objects.requireNonNull(p, function + " returned a null companion");
        } catch (Throwable e) {
            Exceptions.throwIfFatal(e);
            cancel();
            done(e);
            return;
        }
        p.subscribe(companion);
        if (!isCancelled()) { // the companion may have ended the stream already
            // The first subscription is direct, as in Reactor: a companion value then runs the
            // whole next attempt of a synchronous source before the companion's next signal, so
            // repeatWhen(c -> c.take(2)) gives three attempts, not two. Later attempts run in the
            // trampoline of the companion's value, at constant stack depth.
            source.subscribe(this);
        }
    }

    /** Tells the companion; its next value resubscribes. */
    final void signal(S s) {
        signals.tryEmitNext(s);
        companion.request(1);
    }

    private void again() {
        switchTo(source);
    }

    /** Ends the stream with the source's own terminal signal ({@code null}: completion). */
    final void end(Throwable e) {
        companion.cancel();
        done(e);
    }

    /** The companion completed ({@code null}) or failed: the stream ends the same way. */
    private void companionEnded(Throwable e) {
        super.cancel();
        done(e);
    }

    @Override
    public final void cancel() {
        super.cancel();
        companion.cancel();
    }

    /** Subscribes to the companion; asked for one value per signal. */
    private static final class Companion extends SubscriptionArbiter implements CoreSubscriber<Object> {
        private final CompanionSubscriber<?, ?> main;

        Companion(CompanionSubscriber<?, ?> main) {
            this.main = main;
        }

        @Override
        public void onSubscribe(Subscription s) {
            setSubscription(Objects.requireNonNull(s, "§2.13 violated: onSubscribe with a null Subscription"));
        }

        @Override
        public void onNext(Object trigger) {
            main.again();
        }

        @Override
        public void onError(Throwable t) {
            main.companionEnded(t);
        }

        @Override
        public void onComplete() {
            main.companionEnded(null);
        }
    }

    /**
     * The downstream, told of the subscription once (by {@link #start}, before the source's first
     * {@code onSubscribe}), with the companion's terminal signal serialized against the source's
     * values.
     */
    private static final class Serialized<T> implements CoreSubscriber<T> {
        private static final VarHandle WIP = Handles.field(MethodHandles.lookup(), "wip", int.class);
        private static final VarHandle ERROR = Handles.field(MethodHandles.lookup(), "error", Throwable.class);

        private final Subscriber<? super T> actual;
        private boolean subscribed;
        @SuppressWarnings("unused")
        private volatile int wip;
        @SuppressWarnings("unused")
        private volatile Throwable error;

        Serialized(Subscriber<? super T> actual) {
            this.actual = actual;
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (!subscribed) {
                subscribed = true;
                actual.onSubscribe(s);
            }
        }

        @Override
        public void onNext(T t) {
            HalfSerializer.onNext(actual, t, WIP, ERROR, this);
        }

        @Override
        public void onError(Throwable t) {
            HalfSerializer.onError(actual, t, WIP, ERROR, this);
        }

        @Override
        public void onComplete() {
            HalfSerializer.onComplete(actual, WIP, ERROR, this);
        }
    }
}
