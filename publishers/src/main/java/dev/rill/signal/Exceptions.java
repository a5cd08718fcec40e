package dev.rill.signal;

import dev.rill.engine.Engine;
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

    /**
     * Rethrows errors no stream should turn into an {@code onError}: the JVM is in trouble.
     *
     * <p>Not a {@link StackOverflowError}: by the time a stage catches one, the stack has unwound
     * to it, so the stage can still end its stream with {@code onError} (a stream stuck for ever
     * would be worse than the overflow). On an engine worker it is also reported to the engine's
     * error handler (the worker's uncaught-exception handler), as an error that escaped a task is.
     */
    public static void throwIfFatal(Throwable t) {
        if (t instanceof StackOverflowError overflow) {
            reportOnWorker(overflow);
            return;
        }
        if (t instanceof VirtualMachineError vme) {
            throw vme;
        }
        if (t instanceof LinkageError le) {
            throw le;
        }
    }

    private static void reportOnWorker(StackOverflowError overflow) {
        if (Engine.current() != null) {
            Thread worker = Thread.currentThread();
            worker.getUncaughtExceptionHandler().uncaughtException(worker, overflow);
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
