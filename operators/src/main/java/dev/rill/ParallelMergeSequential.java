package dev.rill;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * {@code ParallelRill.sequential}: merges the rails back into one stream, each rail's values as
 * they come. Merging rails is merging {@code n} sources subscribed at once, so this is {@code
 * merge}'s drain ({@link RillFlatMap.MergeSubscriber}, {@code n} concurrent inners, {@code prefetch}
 * each) over {@code n} stand-in publishers, one per rail: the merge subscribes each; the last one
 * subscribed subscribes the rails, all together as a {@link ParallelRill} must be. An error on a
 * rail cancels the others; cancelling cancels them all.
 *
 * <p>Threading: immutable; each subscription as {@link RillFlatMap.MergeSubscriber}, the rails
 * signalling from their own threads.
 */
final class ParallelMergeSequential<T> extends Rill<T> {

    private final ParallelRill<? extends T> source;
    private final int prefetch;

    ParallelMergeSequential(ParallelRill<? extends T> source, int prefetch) {
        if (prefetch <= 0) {
            throw new IllegalArgumentException("sequential: prefetch must be positive, was " + prefetch);
        }
        this.source = source;
        this.prefetch = prefetch;
    }

    @Override
    protected void subscribeActual(Subscriber<? super T> s) {
        int n = source.parallelism();
        RillFlatMap.MergeSubscriber<Publisher<? extends T>, T> merge =
                new RillFlatMap.MergeSubscriber<>(s, Function.identity(), n, prefetch, false);
        fromArray(new RailGathering<T>(source, n).standIns).subscribe(merge);
    }

    /** The {@code n} stand-ins of one subscription, and the rail subscribers they gather. */
    static final class RailGathering<T> {
        private final ParallelRill<? extends T> source;
        private final Subscriber<? super T>[] rails;
        private final AtomicInteger gathered = new AtomicInteger();
        final Publisher<T>[] standIns;

        @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array
        RailGathering(ParallelRill<? extends T> source, int n) {
            this.source = source;
            this.rails = new Subscriber[n];
            this.standIns = new Publisher[n];
            for (int i = 0; i < n; i++) {
                int index = i;
                standIns[i] = s -> gather(index, s);
            }
        }

        /** The merge subscribed rail {@code index}'s stand-in; with the last one, subscribes the rails. */
        private void gather(int index, Subscriber<? super T> s) {
            rails[index] = s;
            if (gathered.incrementAndGet() == rails.length) {
                source.subscribeRails(rails);
            }
        }
    }
}
