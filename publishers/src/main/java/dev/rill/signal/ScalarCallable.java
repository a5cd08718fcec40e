package dev.rill.signal;

import java.util.concurrent.Callable;

/**
 * Marks a source of exactly one value computed per subscriber ({@code fromCallable}): an operator
 * may {@link #call()} it instead of subscribing (macro-fusion), so {@code flatMap(x ->
 * fromCallable(...))} needs no inner subscriber and no queue. {@code call()} returns the value or
 * throws what the subscriber would have received as {@code onError}; it never returns null.
 */
public interface ScalarCallable<T> extends Callable<T> {
}
