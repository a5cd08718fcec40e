package dev.rill;

import dev.rill.signal.FuseableSubscriber;
import org.reactivestreams.Subscriber;

/**
 * A one-to-one stage that must see every signal itself ({@code take} counts, {@code scan}
 * accumulates, {@code doFinally} watches the end), so it never fuses: it answers NONE to every
 * fusion request and is never polled.
 */
abstract class UnfusedSubscriber<T, R> extends FuseableSubscriber<T, R> {

    UnfusedSubscriber(Subscriber<? super R> downstream) {
        super(downstream);
    }

    @Override
    public final int requestFusion(int mode) {
        return NONE;
    }

    @Override
    public final R poll() {
        return null; // never called: fusion is refused
    }
}
