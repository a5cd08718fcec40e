package dev.rill.engine.signal;

/**
 * Error helpers shared by every stage: which throwables must never be swallowed, and the one
 * wording for a null where a value was required.
 */
public final class Exceptions {

    private Exceptions() {
    }

    /** Rethrows errors no stream should turn into an {@code onError}: the JVM is in trouble. */
    public static void throwIfFatal(Throwable t) {
        if (t instanceof VirtualMachineError vme) {
            throw vme;
        }
        if (t instanceof LinkageError le) {
            throw le;
        }
    }

    /** Returns {@code value}, or throws the NPE a stage reports when {@code what} produced a null. */
    public static <T> T requireNonNull(T value, String what) {
        if (value == null) {
            throw new NullPointerException(what + " returned null");
        }
        return value;
    }

    /** Sneaky rethrow, for checked exceptions from a {@code Callable} passed through unchanged. */
    @SuppressWarnings("unchecked")
    public static <E extends Throwable> RuntimeException propagate(Throwable t) throws E {
        throw (E) t;
    }
}
