package dev.rill.signal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Several errors delivered as one, by the {@code DelayError} operators: each error is kept
 * unchanged (and attached as suppressed, so stack-trace printing shows them all). Immutable.
 */
public final class CompositeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<Throwable> exceptions;

    private CompositeException(List<Throwable> exceptions) {
        super(exceptions.size() + " errors", null, false, true);
        this.exceptions = Collections.unmodifiableList(exceptions);
        for (Throwable t : exceptions) {
            addSuppressed(t);
        }
    }

    /** The errors, in the order they happened. */
    public List<Throwable> exceptions() {
        return exceptions;
    }

    /** {@code first} and {@code next} as one error; a composite {@code first} is flattened. */
    static Throwable combine(Throwable first, Throwable next) {
        List<Throwable> all = new ArrayList<>();
        if (first instanceof CompositeException c) {
            all.addAll(c.exceptions);
        } else {
            all.add(first);
        }
        all.add(next);
        return new CompositeException(all);
    }
}
