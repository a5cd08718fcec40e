package dev.rill.signal;

import java.lang.invoke.VarHandle;

/**
 * Error helpers shared by every stage: which throwables must never be swallowed, and the one
 * wording for a null where a value was required.
 */
public final class Exceptions {

    /**
     * What an error field holds once its error was taken for delivery: later errors can no longer
     * join it and go to {@link Hooks#onErrorDropped} instead.
     */
    public static final Throwable TERMINATED = new Throwable("terminated", null, false, false) {
        private static final long serialVersionUID = 1L;
    };

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

    /**
     * Adds {@code t} to the error collected in {@code field} (a {@code volatile Throwable}): the
     * first error is kept as it is, later ones make a {@link CompositeException}.
     *
     * @return false if the field was already {@link #TERMINATED}; the caller should drop {@code t}
     */
    public static boolean addThrowable(VarHandle field, Object owner, Throwable t) {
        for (;;) {
            Throwable cur = (Throwable) field.getVolatile(owner);
            if (cur == TERMINATED) {
                return false;
            }
            Throwable next = cur == null ? t : CompositeException.combine(cur, t);
            if (field.compareAndSet(owner, cur, next)) {
                return true;
            }
        }
    }

    /** Takes the collected error (or null) and closes the field to further errors. */
    public static Throwable terminate(VarHandle field, Object owner) {
        Throwable cur = (Throwable) field.getVolatile(owner);
        return cur == TERMINATED ? cur : (Throwable) field.getAndSet(owner, TERMINATED);
    }
}
