package dev.rill;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A value with a time: what {@link Rill#elapsed()} (time since the value before, or since
 * subscription) and {@link Rill#timestamp()} (the clock's reading when it passed) emit.
 *
 * <pre>{@code rill.elapsed().map(t -> t.value() + " after " + t.time() + " " + t.unit())}</pre>
 */
public record Timed<T>(T value, long time, TimeUnit unit) {

    public Timed {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(unit, "unit");
    }
}
