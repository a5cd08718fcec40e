package dev.rill;

import dev.rill.engine.Scheduler;
import java.time.Duration;
import java.util.Objects;

/**
 * Hot sources fed by imperative code, with the names Reactor users know: {@code Sinks.many()},
 * {@code Sinks.one()}, {@code Sinks.empty()}. Emit with {@code tryEmit...} (a result, never an
 * exception for a refused value) or {@code emit...(value, handler)} (a retry policy); subscribe to
 * {@code asRill()}.
 *
 * <pre>{@code
 * Sinks.Many<String> events = Sinks.many().multicast().onBackpressureBuffer(256);
 * events.asRill().subscribe(System.out::println);
 * events.tryEmitNext("started");   // EmitResult.OK
 * }</pre>
 *
 * <p>Unlike Reactor's, every sink may be emitted to from several threads at once: emissions are
 * serialized inside the sink (a short critical section per emission, then one drain at a time
 * delivers), so no result is ever "not serialized" and no value is lost or duplicated. Values are
 * delivered on the emitting thread, or on the thread whose {@code request} made room, as with
 * Reactor's sinks.
 */
public final class Sinks {

    private Sinks() {
    }

    /** A sink of many values; pick unicast, multicast or replay. */
    public static ManySpec many() {
        return ManySpec.INSTANCE;
    }

    /** A sink of at most one value, then completion (or of an error), replayed to every subscriber. */
    public static <T> One<T> one() {
        return new SinkOne<>();
    }

    /** A sink of completion or an error only, replayed to every subscriber. */
    public static <T> Empty<T> empty() {
        return new SinkOne<>();
    }

    /** What a {@code tryEmit...} call did. */
    public enum EmitResult {
        /** Accepted. */
        OK,
        /** The sink had already completed or failed. */
        FAIL_TERMINATED,
        /** Nowhere to put it: a bounded buffer is full, or no subscriber has demand. */
        FAIL_OVERFLOW,
        /** The sink's subscribers all cancelled (a unicast sink's one, an auto-cancelling multicast's last). */
        FAIL_CANCELLED,
        /** A direct multicast sink has no subscriber to give it to. */
        FAIL_ZERO_SUBSCRIBER;

        /** True for {@link #OK}. */
        public boolean isSuccess() {
            return this == OK;
        }

        /** True for every result but {@link #OK}. */
        public boolean isFailure() {
            return this != OK;
        }

        /**
         * Does nothing on {@link #OK}; otherwise throws.
         *
         * @throws IllegalStateException naming this result
         */
        public void orThrow() {
            if (this != OK) {
                throw new IllegalStateException("emission failed: " + this);
            }
        }
    }

    /**
     * What {@code emit...(value, handler)} does when a try fails: return true to try again, false to
     * give up. Giving up on {@link EmitResult#FAIL_OVERFLOW} fails the sink with an overflow error
     * (its subscribers learn why); on any other result the value is dropped.
     */
    @FunctionalInterface
    public interface EmitFailureHandler {
        /** Gives up at the first failure. */
        EmitFailureHandler FAIL_FAST = result -> false;

        /** True to try the same emission again. */
        boolean onEmitFailure(EmitResult result);

    }

    /** The sinks of many values. */
    public static final class ManySpec {
        static final ManySpec INSTANCE = new ManySpec();

        private ManySpec() {
        }

        /** One subscriber only. */
        public UnicastSpec unicast() {
            return UnicastSpec.INSTANCE;
        }

        /** Every subscriber gets what is emitted after it subscribed. */
        public MulticastSpec multicast() {
            return MulticastSpec.INSTANCE;
        }

        /** Every subscriber gets the history, then what follows. */
        public ReplaySpec replay() {
            return ReplaySpec.INSTANCE;
        }
    }

    /** Sinks for exactly one subscriber; a second one gets {@code onError(IllegalStateException)}. */
    public static final class UnicastSpec {
        static final UnicastSpec INSTANCE = new UnicastSpec();

        private UnicastSpec() {
        }

        /**
         * Buffers without bound until the subscriber asks: what is emitted before it subscribes
         * waits for it. Emissions fail only once the sink ended ({@code FAIL_TERMINATED}) or the
         * subscriber cancelled ({@code FAIL_CANCELLED}).
         */
        public <T> Many<T> onBackpressureBuffer() {
            return new SinkUnicast<>();
        }
    }

    /** Sinks for many subscribers, each getting what is emitted after it subscribed. */
    public static final class MulticastSpec {
        static final MulticastSpec INSTANCE = new MulticastSpec();
        /** The buffer of {@link #onBackpressureBuffer()}, as Reactor's default. */
        public static final int DEFAULT_BUFFER = 256;

        private MulticastSpec() {
        }

        /** {@link #onBackpressureBuffer(int)} of {@value #DEFAULT_BUFFER}. */
        public <T> Many<T> onBackpressureBuffer() {
            return onBackpressureBuffer(DEFAULT_BUFFER);
        }

        /**
         * Paced by the slowest subscriber: up to {@code bufferSize} values wait for it (and, before
         * the first subscriber, for that one: the warm-up); beyond that {@code tryEmitNext} returns
         * {@code FAIL_OVERFLOW}. When the last subscriber cancels, the sink is cancelled
         * ({@code FAIL_CANCELLED} from then on).
         *
         * @throws IllegalArgumentException if {@code bufferSize} is not positive
         */
        public <T> Many<T> onBackpressureBuffer(int bufferSize) {
            if (bufferSize <= 0) {
                throw new IllegalArgumentException("bufferSize must be positive, was " + bufferSize);
            }
            return new SinkMulticast<>(bufferSize);
        }

        /**
         * No buffer: each value goes to the subscribers that have demand for it right now, and is
         * missed by the others. {@code FAIL_ZERO_SUBSCRIBER} with no subscriber, {@code FAIL_OVERFLOW}
         * if none has demand.
         */
        public <T> Many<T> directBestEffort() {
            return new SinkDirect<>();
        }
    }

    /** Sinks that replay their history to each new subscriber, then go on live. */
    public static final class ReplaySpec {
        static final ReplaySpec INSTANCE = new ReplaySpec();

        private ReplaySpec() {
        }

        /** Replays everything ever emitted (memory grows with it). */
        public <T> Many<T> all() {
            return new SinkReplay<>(Integer.MAX_VALUE, Long.MAX_VALUE, null);
        }

        /**
         * Replays the last {@code history} values.
         *
         * @throws IllegalArgumentException if {@code history} is not positive
         */
        public <T> Many<T> limit(int history) {
            if (history <= 0) {
                throw new IllegalArgumentException("history must be positive, was " + history);
            }
            return new SinkReplay<>(history, Long.MAX_VALUE, null);
        }

        /** Replays the values emitted within the last {@code maxAge}, on the default time scheduler. */
        public <T> Many<T> limit(Duration maxAge) {
            return limit(maxAge, Rill.defaultTime());
        }

        /**
         * Replays the values emitted within the last {@code maxAge}, timed by {@code clock}.
         *
         * @throws NullPointerException if an argument is null
         * @throws IllegalArgumentException if {@code maxAge} is not positive
         */
        public <T> Many<T> limit(Duration maxAge, Scheduler clock) {
            Objects.requireNonNull(maxAge, "maxAge");
            Objects.requireNonNull(clock, "clock");
            if (maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("maxAge must be positive, was " + maxAge);
            }
            return new SinkReplay<>(Integer.MAX_VALUE, dev.rill.signal.Durations.saturatedNanos(maxAge), clock);
        }
    }

    /**
     * A sink of many values.
     *
     * @param <T> the values' type
     */
    public interface Many<T> {
        /**
         * Emits {@code value}, or says why not.
         *
         * @throws NullPointerException if {@code value} is null (§2.13)
         */
        EmitResult tryEmitNext(T value);

        /** Completes the sink. */
        EmitResult tryEmitComplete();

        /**
         * Fails the sink with {@code error}.
         *
         * @throws NullPointerException if {@code error} is null
         */
        EmitResult tryEmitError(Throwable error);

        /**
         * {@link #tryEmitNext}, retried while {@code handler} says so (see {@link EmitFailureHandler}).
         *
         * @throws NullPointerException if an argument is null
         */
        default void emitNext(T value, EmitFailureHandler handler) {
            Objects.requireNonNull(handler, "handler");
            for (EmitResult r; (r = tryEmitNext(value)) != EmitResult.OK; ) {
                if (!handler.onEmitFailure(r)) {
                    gaveUp(r);
                    return;
                }
            }
        }

        /** {@link #tryEmitComplete}, retried while {@code handler} says so. */
        default void emitComplete(EmitFailureHandler handler) {
            Objects.requireNonNull(handler, "handler");
            for (EmitResult r; (r = tryEmitComplete()) != EmitResult.OK; ) {
                if (!handler.onEmitFailure(r)) {
                    return;
                }
            }
        }

        /** {@link #tryEmitError}, retried while {@code handler} says so. */
        default void emitError(Throwable error, EmitFailureHandler handler) {
            Objects.requireNonNull(handler, "handler");
            for (EmitResult r; (r = tryEmitError(error)) != EmitResult.OK; ) {
                if (!handler.onEmitFailure(r)) {
                    return;
                }
            }
        }

        /** An emission given up: an overflow fails the sink, so its subscribers learn that values were lost. */
        private void gaveUp(EmitResult r) {
            if (r == EmitResult.FAIL_OVERFLOW) {
                tryEmitError(new IllegalStateException(
                        "the sink overflowed: a value was refused and the emitter gave up (EmitFailureHandler)"));
            }
        }

        /** Subscribers now (cancelled ones no longer count). */
        int currentSubscriberCount();

        /** The stream to subscribe to. */
        Rill<T> asRill();
    }

    /**
     * A sink of completion or an error.
     *
     * @param <T> the type its stream is declared with
     */
    public interface Empty<T> {
        /** Completes the sink (once). */
        EmitResult tryEmitEmpty();

        /**
         * Fails the sink (once).
         *
         * @throws NullPointerException if {@code error} is null
         */
        EmitResult tryEmitError(Throwable error);

        /** Subscribers waiting now. */
        int currentSubscriberCount();

        /** The stream to subscribe to. */
        Rill<T> asRill();
    }

    /**
     * A sink of at most one value (then completion), or completion, or an error.
     *
     * @param <T> the value's type
     */
    public interface One<T> extends Empty<T> {
        /**
         * Emits {@code value} and completes (once).
         *
         * @throws NullPointerException if {@code value} is null (§2.13)
         */
        EmitResult tryEmitValue(T value);
    }
}
