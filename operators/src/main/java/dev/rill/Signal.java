package dev.rill;

import java.util.Objects;
import org.reactivestreams.Subscriber;

/**
 * One Reactive Streams signal as a value: a value ({@code onNext}), an error or the completion.
 * What {@link Rill#materialize()} emits and {@link Rill#dematerialize()} turns back into signals;
 * also the first signal {@link Rill#switchOnFirst} hands its function. Shaped as Reactor's
 * {@code Signal}: {@link #getType()}, {@link #get()}, {@link #getThrowable()}, the {@code isOn...}
 * tests and the factories {@link #next}, {@link #error}, {@link #complete}.
 *
 * <pre>{@code rill.materialize().filter(Signal::isOnNext).map(Signal::get)}</pre>
 *
 * <p>Immutable; equal when of the same type with equal value or error (errors compare as their
 * own {@code equals}, usually identity).
 *
 * @param <T> the type of the value
 */
public final class Signal<T> {

    /** The kind of a signal. */
    public enum Type {
        /** A value. */
        ON_NEXT,
        /** An error, the end of the stream. */
        ON_ERROR,
        /** The completion, the end of the stream. */
        ON_COMPLETE
    }

    private static final Signal<?> COMPLETE = new Signal<>(Type.ON_COMPLETE, null, null);

    private final Type type;
    private final T value;
    private final Throwable throwable;

    private Signal(Type type, T value, Throwable throwable) {
        this.type = type;
        this.value = value;
        this.throwable = throwable;
    }

    /** A value signal. <pre>{@code Signal.next("a")}</pre> */
    public static <T> Signal<T> next(T value) {
        return new Signal<>(Type.ON_NEXT, Objects.requireNonNull(value, "value"), null);
    }

    /** An error signal. <pre>{@code Signal.error(new IOException("down"))}</pre> */
    public static <T> Signal<T> error(Throwable error) {
        return new Signal<>(Type.ON_ERROR, null, Objects.requireNonNull(error, "error"));
    }

    /** The completion signal (one shared instance). <pre>{@code Signal.complete()}</pre> */
    @SuppressWarnings("unchecked") // it holds no value
    public static <T> Signal<T> complete() {
        return (Signal<T>) COMPLETE;
    }

    /** Whether {@code o} is a completion signal. */
    public static boolean isComplete(Object o) {
        return o instanceof Signal<?> s && s.isOnComplete();
    }

    /** Whether {@code o} is an error signal. */
    public static boolean isError(Object o) {
        return o instanceof Signal<?> s && s.isOnError();
    }

    /** The kind of this signal. */
    public Type getType() {
        return type;
    }

    /** The value of an {@code onNext} signal; null for the others. */
    public T get() {
        return value;
    }

    /** The error of an {@code onError} signal; null for the others. */
    public Throwable getThrowable() {
        return throwable;
    }

    /** Whether this is a value. */
    public boolean isOnNext() {
        return type == Type.ON_NEXT;
    }

    /** Whether this is an error. */
    public boolean isOnError() {
        return type == Type.ON_ERROR;
    }

    /** Whether this is the completion. */
    public boolean isOnComplete() {
        return type == Type.ON_COMPLETE;
    }

    /** Whether it carries a value ({@code onNext}). */
    public boolean hasValue() {
        return value != null;
    }

    /** Whether it carries an error ({@code onError}). */
    public boolean hasError() {
        return throwable != null;
    }

    /** Delivers this signal to {@code subscriber}: {@code onNext}, {@code onError} or {@code onComplete}. */
    public void accept(Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        switch (type) {
            case ON_NEXT -> subscriber.onNext(value);
            case ON_ERROR -> subscriber.onError(throwable);
            default -> subscriber.onComplete();
        }
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Signal<?> s && type == s.type && Objects.equals(value, s.value)
                && Objects.equals(throwable, s.throwable);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, value, throwable);
    }

    @Override
    public String toString() {
        return switch (type) {
            case ON_NEXT -> "onNext(" + value + ")";
            case ON_ERROR -> "onError(" + throwable + ")";
            default -> "onComplete()";
        };
    }
}
