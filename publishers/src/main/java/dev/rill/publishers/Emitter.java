package dev.rill.publishers;

import java.util.function.LongConsumer;

/**
 * What a {@code create} callback pushes values through, from any thread (calls are serialized for
 * the subscriber). Values beyond the subscriber's demand are handled by the {@link Overflow}
 * strategy chosen at creation.
 *
 * <pre>{@code emitter -> { listener = v -> emitter.next(v); emitter.onDispose(() -> unregister(listener)); }}</pre>
 */
public interface Emitter<T> {

    /** Emits a value (null is an error). Ignored after a terminal signal or a cancel. */
    void next(T value);

    void complete();

    void error(Throwable e);

    /** How many values the subscriber can take right now (racy; for producers that can pause). */
    long requested();

    /** True once the subscriber cancelled; producers should stop. */
    boolean isCancelled();

    /**
     * Calls {@code consumer} with each request amount as it arrives (on the requesting thread), for
     * producers that emit on demand. Requests made before this call are not replayed; read
     * {@link #requested()} for them.
     */
    void onRequest(LongConsumer consumer);

    /** Runs {@code action} once if the subscriber cancels. */
    void onCancel(Runnable action);

    /** Runs {@code action} once when the stream ends for any reason: cancel, complete or error. */
    void onDispose(Runnable action);

    /** What happens to values pushed beyond demand. */
    enum Overflow {
        /** Keep them all (unbounded) until requested. */
        BUFFER,
        /** Drop the ones that find no demand. */
        DROP,
        /** Keep only the most recent one that found no demand. */
        LATEST,
        /** Fail the stream with an {@link IllegalStateException}. */
        ERROR
    }
}
