package dev.rill.publishers;

import dev.rill.signal.Exceptions;
import dev.rill.signal.Subscriptions;
import java.util.Objects;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * Fails at once: {@code onSubscribe}, then {@code onError} (§1.9). The error is a value shared by
 * every subscriber, or made per subscriber by a supplier (a supplier that throws or returns null
 * signals that failure instead).
 *
 * <pre>{@code new ErrorPublisher<String>(() -> new IOException("down")).subscribe(s);}</pre>
 */
public final class ErrorPublisher<T> implements Publisher<T> {

    private final Supplier<? extends Throwable> errors;

    /** @throws NullPointerException if {@code error} is null */
    public ErrorPublisher(Throwable error) {
        Objects.requireNonNull(error, "error");
        this.errors = () -> error;
    }

    /** @throws NullPointerException if {@code errors} is null */
    public ErrorPublisher(Supplier<? extends Throwable> errors) {
        this.errors = Objects.requireNonNull(errors, "errorSupplier");
    }

    @Override
    public void subscribe(Subscriber<? super T> s) {
        Objects.requireNonNull(s, "§1.9: subscriber must not be null");
        Throwable e;
        try {
            e = Exceptions.requireNonNull(errors.get(), "error: the error supplier");
        } catch (Throwable failed) {
            Exceptions.throwIfFatal(failed);
            e = failed;
        }
        Subscriptions.error(s, e);
    }
}
