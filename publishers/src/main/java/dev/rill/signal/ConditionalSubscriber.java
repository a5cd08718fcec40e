package dev.rill.signal;

import org.reactivestreams.Subscriber;

/**
 * A subscriber that can say whether it took a value: {@link #tryOnNext} returns false when the
 * value was dropped (a {@code filter} that rejects it), so the source can emit the next one without
 * a {@code request(1)} round trip. Sources check for it once at subscribe time.
 *
 * <p>Threading: as {@link Subscriber#onNext}: serialized calls.
 */
public interface ConditionalSubscriber<T> extends CoreSubscriber<T> {

    /**
     * Offers a value. Only values: a source fused in ASYNC mode signals "ready" with {@code
     * onNext(null)}, never here.
     *
     * @return true if it counted against demand (was passed on), false if it was dropped
     */
    boolean tryOnNext(T t);
}
