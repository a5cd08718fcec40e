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
 * {@code repeatWhen(factory)}: each time the source completes, the companion made by
 * {@code factory} gets the number of values of that attempt; each value the companion emits
 * subscribes to the source again; the companion's completion or error ends the stream the same
 * way, cancelling the source. Reactor's {@code Flux.repeatWhen}: the companion is made and
 * subscribed per subscriber, before the source, and asked for one value per completion.
 *
 * <p>Demand carries over to each new subscription and resubscribing is trampolined
 * ({@link SwitchingSubscriber}), so a synchronous source repeats in constant stack.
 *
 * <p>Threading: the companion may end the stream from any thread while the source emits, so the
 * signals going down are serialized ({@link HalfSerializer}); a new subscription starts on the
 * companion's thread.
 */
final class RillRepeatWhen<T> extends Rill<T> {

    private final Rill<T> source;
    private final Function<Rill<Long>, ? extends Publisher<?>> factory;
    /** The virtual time this stage was assembled under, if any, for the companions made later. */
    private final VirtualTimeScheduler virtualTime;

    RillRepeatWhen(Rill<T> source, Function<Rill<Long>, ? extends Publisher<?>> factory) {
        this.source = source;
        this.factory = Objects.requireNonNull(factory, "repeatFactory");
        this.virtualTime = VirtualTimeScheduler.assembling();
    }

    /**
     * The companion is made at each subscription, after the assembly: under the assembly's
     * virtual time (StepVerifier.withVirtualTime), so that its time operators run on it too.
     */
    private Publisher<?> companion(Rill<Long> signals) {
        Publisher<?> p = virtualTime == null ? factory.apply(signals) : virtualTime.assemble(() -> factory.apply(signals));
        return Objects.requireNonNull(p, "repeatWhen: the repeatFactory returned a null companion");
    }

    @Override
    protected void subscribeActual(Subscriber<? super T> s) {
        Sinks.Many<Long> signals = Sinks.many().unicast().onBackpressureBuffer();
        RepeatWhenSubscriber<T> main = new RepeatWhenSubscriber<>(new Serialized<>(s), source, signals);
        main.downstream.onSubscribe(main); // first, so that a companion failing at once can say so
        Publisher<?> companion;
        try {
            companion = companion(signals.asRill());
        } catch (Throwable e) {
            Exceptions.throwIfFatal(e);
            main.cancel();
            main.done(e);
            return;
        }
        companion.subscribe(main.companion);
        if (!main.isCancelled()) { // the companion may have ended the stream already
            // The first subscription is direct, as in Reactor: a companion value then runs the
            // whole next attempt of a synchronous source before the companion's next signal, so
            // repeatWhen(c -> c.take(2)) gives three attempts, not two. Later attempts run in the
            // trampoline of the companion's value, at constant stack depth.
            source.subscribe(main);
        }
    }

    static final class RepeatWhenSubscriber<T> extends SwitchingSubscriber<T> {
        private final Rill<T> source;
        private final Sinks.Many<Long> signals;
        final Companion companion = new Companion(this);

        RepeatWhenSubscriber(Subscriber<? super T> downstream, Rill<T> source, Sinks.Many<Long> signals) {
            super(downstream);
            this.source = source;
            this.signals = signals;
        }

        @Override
        public void onComplete() {
            long n = producedHere; // read before a synchronous resubscription resets it
            signals.tryEmitNext(n);
            companion.request(1);
        }

        @Override
        public void onError(Throwable t) {
            companion.cancel();
            done(t);
        }

        /** The companion completed ({@code null}) or failed: the stream ends the same way. */
        void companionEnded(Throwable e) {
            super.cancel();
            done(e);
        }

        void again() {
            switchTo(source);
        }

        @Override
        public void cancel() {
            super.cancel();
            companion.cancel();
        }
    }

    /** Subscribes to the companion; asked for one value per completion of the source. */
    static final class Companion extends SubscriptionArbiter implements CoreSubscriber<Object> {
        private final RepeatWhenSubscriber<?> main;

        Companion(RepeatWhenSubscriber<?> main) {
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
     * The downstream, told of the subscription once (here, before the source's first
     * {@code onSubscribe}), with the companion's terminal signal serialized against the source's
     * values.
     */
    static final class Serialized<T> implements CoreSubscriber<T> {
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
