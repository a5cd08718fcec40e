package dev.rill.publishers;

import dev.rill.signal.ConditionalSubscriber;
import java.util.Objects;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * Emits {@code count} consecutive ints from {@code start}, then completes. Cold, SYNC-fusable.
 *
 * <pre>{@code new RangePublisher(1, 10).subscribe(s); // 1..10}</pre>
 */
public final class RangePublisher implements Publisher<Integer> {

    private final int start;
    private final long end;

    /**
     * @throws IllegalArgumentException if {@code count} is negative or the range passes
     *         {@link Integer#MAX_VALUE}
     */
    public RangePublisher(int start, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("range: count must not be negative, was " + count);
        }
        if ((long) start + count - 1 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("range: start + count overflows int: " + start + " + " + count);
        }
        this.start = start;
        this.end = (long) start + count;
    }

    @Override
    public void subscribe(Subscriber<? super Integer> s) {
        Objects.requireNonNull(s, "§1.9: subscriber must not be null");
        s.onSubscribe(new RangeSubscription(s, start, end));
    }

    static final class RangeSubscription extends CursorSubscription<Integer> {
        private final long end;
        private long index;

        RangeSubscription(Subscriber<? super Integer> s, int start, long end) {
            super(s);
            this.index = start;
            this.end = end;
        }

        @Override
        Integer produce() {
            long i = index;
            if (i == end) {
                return null;
            }
            index = i + 1;
            return (int) i;
        }

        /**
         * A counted loop that boxes at the call, as RxJava's range does, instead of the inherited
         * loop over {@code produce()}: there the box merges with produce's {@code null} ("ended")
         * and is null-checked, a use C2 cannot remove, so JDK 25 keeps every box even when all
         * the stages below only unbox it. Here the box's only uses are the stages' unboxing, and
         * JDK 25's C2 removes it (JDK 17's cannot either way). {@code index} is written back only
         * when the loop stops; nothing reads it meanwhile (poll/isEmpty are for fusion, which
         * never runs this loop).
         */
        @Override
        void fastPath() {
            Subscriber<? super Integer> a = downstream;
            ConditionalSubscriber<? super Integer> c = conditional;
            long e = end;
            long i = index;
            for (; i != e; i++) {
                if (halted()) {
                    break;
                }
                if (c != null) {
                    c.tryOnNext((int) i);
                } else {
                    a.onNext((int) i);
                }
            }
            index = i;
            super.fastPath(); // delivers the cancel, the §3.9 error or the completion
        }

        @Override
        boolean exhausted() {
            return index == end;
        }
    }
}
