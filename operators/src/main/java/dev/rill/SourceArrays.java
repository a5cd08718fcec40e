package dev.rill;

import java.util.Objects;
import org.reactivestreams.Publisher;

/**
 * The array of sources a varargs factory ({@code merge}, {@code concat}, {@code zip},
 * {@code combineLatest}) was given, checked at assembly: a null array or a null source fails there,
 * naming the factory and the index, instead of failing the stream later with an internal message.
 *
 * <p>Threading: stateless.
 */
final class SourceArrays {

    private SourceArrays() {
    }

    /** A copy of {@code sources} (the caller may reuse its array), each checked non-null. */
    static <P extends Publisher<?>> P[] checked(String factory, P[] sources) {
        Objects.requireNonNull(sources, () -> factory + ": sources is null");
        P[] copy = sources.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] == null) {
                throw new NullPointerException(factory + ": sources[" + i + "] is null");
            }
        }
        return copy;
    }
}
