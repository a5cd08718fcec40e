package dev.rill;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * A stage with one upstream {@code Rill} that subscribes to it with a subscriber of its own. It
 * does not call {@code source.subscribe} itself: it returns that subscriber from
 * {@link #subscribeOrReturn} and {@link Rill#subscribe} walks the chain in a loop, so subscribing
 * a chain of a thousand stages costs the same stack as one (the signals still pass every stage).
 *
 * <p>Threading: as {@link Rill}: assembled once, subscribed from any thread.
 */
abstract class RillOperator<I, O> extends Rill<O> {

    /** The stage this one subscribes to. */
    abstract Rill<? extends I> source();

    /**
     * The publisher that this stage is for the subscription being made, when it is one of its
     * own (a concatMap over a constant is its mapper's result), or null (the default) to go on
     * with {@link #subscribeOrReturn}. Called once per subscription, before it.
     */
    Publisher<? extends O> instead() {
        return null;
    }

    /**
     * The subscriber to subscribe to {@link #source()} on behalf of {@code s}, or {@code null} if
     * this stage has taken care of {@code s} itself (a shortcut: {@code s} is subscribed or
     * terminated, and the source is not subscribed).
     */
    abstract Subscriber<? super I> subscribeOrReturn(Subscriber<? super O> s);

    @Override
    protected final void subscribeActual(Subscriber<? super O> s) {
        subscribeChain(this, s);
    }
}
