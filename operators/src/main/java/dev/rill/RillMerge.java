package dev.rill;

import java.util.Arrays;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * {@code merge(a, b, ...)} and {@code mergeWith}: a {@code flatMap} over the array of sources with
 * all of them subscribed at once. A {@code mergeWith} on a merge stage extends its sources instead
 * of nesting a stage (merging is associative, and every source is subscribed at once either way),
 * so a chain of {@code mergeWith} subscribes in constant stack.
 *
 * <p>Threading: immutable; each subscription as {@link RillFlatMap.MergeSubscriber}.
 */
final class RillMerge<T> extends RillOperator<Publisher<? extends T>, T> {

    private final Publisher<? extends T>[] sources;
    private final Rill<Publisher<? extends T>> array;

    /** {@code sources} is kept: the caller hands over an array nobody else holds. */
    RillMerge(Publisher<? extends T>[] sources) {
        this.sources = sources;
        this.array = fromArray(sources);
    }

    /** This merge and {@code other}, as one stage. */
    RillMerge<T> append(Publisher<? extends T> other) {
        Publisher<? extends T>[] all = Arrays.copyOf(sources, sources.length + 1);
        all[sources.length] = other;
        return new RillMerge<>(all);
    }

    @Override
    Rill<? extends Publisher<? extends T>> source() {
        return array;
    }

    @Override
    Subscriber<? super Publisher<? extends T>> subscribeOrReturn(Subscriber<? super T> s) {
        return new RillFlatMap.MergeSubscriber<Publisher<? extends T>, T>(s, Function.identity(),
                Math.max(1, sources.length), DEFAULT_PREFETCH, false);
    }
}
