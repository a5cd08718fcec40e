package dev.rill;

import org.reactivestreams.Subscriber;

/**
 * {@code ignoreElements} and {@code then()}: requests everything, drops every value, and passes on
 * only the completion or the error.
 */
final class RillIgnoreElements<T> extends RillOperator<T, T> {

    private final Rill<? extends T> source;

    RillIgnoreElements(Rill<? extends T> source) {
        this.source = source;
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super T> s) {
        return new IgnoreSubscriber<>(s);
    }

    /** A one-value stage that never has a value: its request and cancel handling come with the base. */
    static final class IgnoreSubscriber<T> extends ScalarResultSubscriber<T, T> {
        IgnoreSubscriber(Subscriber<? super T> downstream) {
            super(downstream);
        }

        @Override
        void accept(T t) {
            // dropped
        }

        @Override
        T result() {
            return null; // complete empty
        }
    }
}
