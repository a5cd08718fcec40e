package dev.rill;

/**
 * What {@link Rill#onBackpressureBuffer(int, BufferOverflow)} does with a value that arrives when
 * its buffer is full.
 */
public enum BufferOverflow {
    /** Cancel the upstream and fail with an {@link IllegalStateException} (after the buffered values). */
    ERROR,
    /** Drop the value that just arrived. */
    DROP_LATEST,
    /** Drop the oldest buffered value to make room. */
    DROP_OLDEST
}
