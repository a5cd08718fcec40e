package dev.rill;

import dev.rill.engine.Cancellable;
import dev.rill.engine.Scheduler;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link Rill} that shares one subscription to its source among all its subscribers, once
 * connected: {@code Rill.publish()} gives one, as Reactor's {@code ConnectableFlux}. Subscribers
 * that come before {@link #connect()} wait for it; the slowest subscriber paces the source (a
 * bounded prefetch), and one that cancels stops counting.
 *
 * <pre>{@code
 * ConnectableRill<Tick> ticks = feed.publish();
 * ticks.subscribe(chart);
 * ticks.subscribe(log);
 * Cancellable connection = ticks.connect();   // both see the same values from here on
 * }</pre>
 *
 * <p>Threading: connect and subscribe from any thread.
 *
 * @param <T> the values' type
 */
public abstract class ConnectableRill<T> extends Rill<T> {

    ConnectableRill() {
    }

    /**
     * Subscribes to the source once for all current and later subscribers (no-op if connected).
     * Cancelling the returned handle cancels that subscription; subscribers still listening then
     * end with {@code onError(CancellationException)}, never left waiting.
     */
    public abstract Cancellable connect();

    /** If the connection ended, the next subscribers start a fresh one (for {@link #refCount}). */
    abstract void reset();

    /** Connects when the first subscriber comes. */
    public final Rill<T> autoConnect() {
        return autoConnect(1);
    }

    /**
     * Connects when the {@code n}th subscriber comes (at once if {@code n} is 0), and only then;
     * the connection is never cancelled by subscribers leaving.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public final Rill<T> autoConnect(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative, was " + n);
        }
        if (n == 0) {
            connect();
            return this;
        }
        return new RillAutoConnect<>(this, n);
    }

    /** {@link #refCount(int)} of 1: what {@link Rill#share()} is. */
    public final Rill<T> refCount() {
        return refCount(1);
    }

    /**
     * Connects when {@code n} subscribers are there, and cancels the connection when the last one
     * leaves; a later subscriber connects again (a fresh subscription to the source).
     *
     * @throws IllegalArgumentException if {@code n} is not positive
     */
    public final Rill<T> refCount(int n) {
        return new RillRefCount<>(this, checkPositive(n), 0, null);
    }

    /**
     * {@link #refCount(int)} that waits {@code grace} after the last subscriber left before it
     * cancels the connection, on the default time scheduler; a subscriber that comes meanwhile
     * keeps it.
     *
     * @throws NullPointerException if {@code grace} is null
     * @throws IllegalArgumentException if {@code n} is not positive or {@code grace} negative
     */
    public final Rill<T> refCount(int n, Duration grace) {
        return refCount(n, grace, defaultTime());
    }

    /** {@link #refCount(int, Duration)} timed on {@code scheduler}. */
    public final Rill<T> refCount(int n, Duration grace, Scheduler scheduler) {
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(scheduler, "scheduler");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, was " + grace);
        }
        return new RillRefCount<>(this, checkPositive(n), grace.toNanos(), scheduler);
    }

    private static int checkPositive(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive, was " + n);
        }
        return n;
    }
}
