package dev.rill.signal;

import java.util.function.Supplier;

/**
 * Marks a source whose single value (or emptiness) is a constant known at assembly: {@code
 * just(v)} and {@code empty()}. Operators may read it instead of subscribing (macro-fusion):
 * {@code flatMap} over {@code just(v)} needs no subscription and no queue.
 *
 * <p>{@link #get()} returns the value, or {@code null} for an empty source; it never throws and
 * never blocks.
 */
public interface ScalarSupplier<T> extends Supplier<T> {
}
