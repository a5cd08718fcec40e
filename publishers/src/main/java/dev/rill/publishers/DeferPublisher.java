package dev.rill.publishers;

import dev.rill.signal.Exceptions;
import dev.rill.signal.Subscriptions;
import java.util.Objects;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * Asks a supplier for a fresh {@link Publisher} for every subscriber and subscribes to it. A
 * supplier that throws or returns null signals that as {@code onError}.
 *
 * <pre>{@code new DeferPublisher<>(() -> new JustPublisher<>(Instant.now())).subscribe(s);}</pre>
 */
public final class DeferPublisher<T> implements Publisher<T> {

    private final Supplier<? extends Publisher<? extends T>> supplier;

    /** @throws NullPointerException if {@code supplier} is null */
    public DeferPublisher(Supplier<? extends Publisher<? extends T>> supplier) {
        this.supplier = Objects.requireNonNull(supplier, "supplier");
    }

    @Override
    public void subscribe(Subscriber<? super T> s) {
        Objects.requireNonNull(s, "§1.9: subscriber must not be null");
        Publisher<? extends T> p;
        try {
            p = Exceptions.requireNonNull(supplier.get(), "defer: the supplier");
        } catch (Throwable e) {
            Exceptions.throwIfFatal(e);
            Subscriptions.error(s, e);
            return;
        }
        p.subscribe(s);
    }
}
