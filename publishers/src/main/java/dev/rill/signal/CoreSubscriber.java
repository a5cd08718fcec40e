package dev.rill.signal;

import org.reactivestreams.Subscriber;

/**
 * Marks Rill's own subscribers: they follow the Reactive Streams rules by construction (they never
 * call {@code request(n <= 0)}, never signal after cancelling, never throw from {@code onXxx}), so
 * Rill hands them to sources as they are. Any other {@link Subscriber} is wrapped in a
 * {@link StrictSubscriber} that enforces the rules at its boundary.
 */
public interface CoreSubscriber<T> extends Subscriber<T> {
}
