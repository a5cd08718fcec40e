package dev.rill.publishers;

import java.util.Objects;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * Emits {@code count} consecutive longs from {@code start}, then completes. Cold, SYNC-fusable.
 * Values are made as they are requested, so {@code new LongRangePublisher(0, Long.MAX_VALUE)} is
 * a practically endless source.
 *
 * <pre>{@code new LongRangePublisher(0, 1_000_000_000_000L).subscribe(s);}</pre>
 */
public final class LongRangePublisher implements Publisher<Long> {

    private final long start;
    private final long count;

    /**
     * @throws IllegalArgumentException if {@code count} is negative or the range passes
     *         {@link Long#MAX_VALUE}
     */
    public LongRangePublisher(long start, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("range: count must not be negative, was " + count);
        }
        if (count > 0 && start > Long.MAX_VALUE - (count - 1)) {
            throw new IllegalArgumentException("range: start + count overflows long: " + start + " + " + count);
        }
        this.start = start;
        this.count = count;
    }

    @Override
    public void subscribe(Subscriber<? super Long> s) {
        Objects.requireNonNull(s, "§1.9: subscriber must not be null");
        s.onSubscribe(new LongRangeSubscription(s, start, count));
    }

    static final class LongRangeSubscription extends CursorSubscription<Long> {
        private long next;
        private long left;

        LongRangeSubscription(Subscriber<? super Long> s, long start, long count) {
            super(s);
            this.next = start;
            this.left = count;
        }

        @Override
        Long produce() {
            if (left == 0) {
                return null;
            }
            left--;
            return next++;
        }

        @Override
        boolean exhausted() {
            return left == 0;
        }
    }
}
