package dev.rill;

import dev.rill.signal.Exceptions;
import dev.rill.signal.Subscriptions;
import org.reactivestreams.Subscriber;

/**
 * A stage over the rails of a {@link ParallelRill} that puts one subscriber of its own in front
 * of each rail's subscriber ({@code map}, {@code filter}, {@code runOn}, ...): rail {@code i} of
 * this stage is rail {@code i} of its source, through {@link #subscribeRail}. If making one of
 * them throws, every rail gets the error and the source is not subscribed.
 *
 * <p>Threading: immutable; each rail's subscriber as its own operator's.
 */
abstract class ParallelOperator<I, O> extends ParallelRill<O> {

    final ParallelRill<I> source;

    ParallelOperator(ParallelRill<I> source) {
        this.source = source;
    }

    @Override
    public final int parallelism() {
        return source.parallelism();
    }

    /** The subscriber to put on the source's rail for {@code rail}. */
    abstract Subscriber<? super I> subscribeRail(Subscriber<? super O> rail);

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array
    void subscribeRails(Subscriber<? super O>[] rails) {
        Subscriber<? super I>[] parents = new Subscriber[rails.length];
        for (int i = 0; i < rails.length; i++) {
            try {
                parents[i] = subscribeRail(rails[i]);
            } catch (Throwable e) {
                Exceptions.throwIfFatal(e);
                for (Subscriber<? super O> s : rails) {
                    Subscriptions.error(s, e);
                }
                return;
            }
        }
        source.subscribeRails(parents);
    }
}
