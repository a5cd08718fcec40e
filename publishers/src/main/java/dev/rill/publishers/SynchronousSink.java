package dev.rill.publishers;

/**
 * What a {@code generate} function signals through, once per call: at most one {@link #next},
 * and/or one of {@link #complete} or {@link #error}.
 *
 * <pre>{@code (state, sink) -> { if (state == 10) sink.complete(); else sink.next(state); return state + 1; }}</pre>
 *
 * <p>Threading: only on the thread and within the call that received it.
 */
public interface SynchronousSink<T> {

    /** Emits a value; a second call in the same round fails the stream. */
    void next(T value);

    void complete();

    void error(Throwable e);
}
