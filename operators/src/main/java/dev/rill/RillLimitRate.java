package dev.rill;

import dev.rill.engine.Budget;
import org.reactivestreams.Subscriber;

/**
 * {@code limitRate}: reshapes the downstream's demand into requests of {@code prefetch} ahead,
 * then batches of {@code prefetch - prefetch/4}, whatever the downstream asks for, through the
 * prefetch queue of {@link PrefetchDrainSubscriber}. No thread hand-off: the drain runs on
 * whichever thread signals or requests, spends no budget (there is no worker of its own to yield),
 * and fuses with the upstream without the thread-boundary flag.
 *
 * <p>Threading: as {@link PrefetchDrainSubscriber}.
 */
final class RillLimitRate<T> extends RillOperator<T, T> {

    private final Rill<? extends T> source;
    private final int prefetch;

    RillLimitRate(Rill<? extends T> source, int prefetch) {
        if (prefetch <= 0) {
            throw new IllegalArgumentException("limitRate: prefetch must be positive, was " + prefetch);
        }
        this.source = source;
        this.prefetch = prefetch;
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super T> s) {
        return new LimitRateSubscriber<>(s, prefetch);
    }

    static final class LimitRateSubscriber<T> extends PrefetchDrainSubscriber<T> {

        LimitRateSubscriber(Subscriber<? super T> downstream, int prefetch) {
            super(downstream, prefetch, false);
        }

        @Override
        void schedule() {
            drain(); // no hand-off
        }

        @Override
        int claim(long demand) {
            return (int) Math.min(demand, Budget.PER_RUN);
        }

        @Override
        String name() {
            return "limitRate";
        }
    }
}
