package dev.rill.signal;

import java.lang.invoke.VarHandle;
import org.reactivestreams.Subscriber;

/**
 * Serializes {@code onNext} calls that come from one thread at a time with terminal signals that
 * may come from any other thread (§1.3): an operator whose values come from one inner at a time
 * but whose errors may come from the upstream ({@code concatMap}, {@code switchMap}). A terminal
 * signal that arrives while an {@code onNext} runs is parked in the error field and delivered by
 * that {@code onNext} when it returns.
 *
 * <p>The operator owns a {@code volatile int} counter and a {@code volatile Throwable} field and
 * passes their handles. Memory ordering: the counter's atomic increment by the terminal side
 * happens after it stored the error (or the completion mark), and the {@code onNext} side's
 * atomic decrement reads it, so whoever leaves the counter non-zero sees the signal to deliver.
 *
 * <pre>{@code HalfSerializer.onNext(downstream, v, WIP, ERROR, this);}</pre>
 */
public final class HalfSerializer {

    private HalfSerializer() {
    }

    /** Delivers {@code t} unless a terminal signal got there first. */
    public static <T> void onNext(Subscriber<? super T> a, T t, VarHandle wip, VarHandle error, Object owner) {
        if (tryEnter(wip, owner)) {
            a.onNext(t);
            exit(a, wip, error, owner);
        }
    }

    /**
     * {@link #onNext} in two halves, for a caller that calls {@code onNext} from its own frame (a
     * frame fewer per stage in deep chains): true if the value may go down now; then call
     * {@link #exit} after it.
     */
    public static boolean tryEnter(VarHandle wip, Object owner) {
        return (int) wip.getVolatile(owner) == 0 && wip.compareAndSet(owner, 0, 1);
    }

    /** After an {@code onNext} let through by {@link #tryEnter}: delivers a terminal signal that came meanwhile. */
    public static void exit(Subscriber<?> a, VarHandle wip, VarHandle error, Object owner) {
        if ((int) wip.getAndAdd(owner, -1) != 1) {
            deliverTerminal(a, error, owner);
        }
    }

    /** Delivers {@code e} now, or after the running {@code onNext}; a second terminal is dropped. */
    public static void onError(Subscriber<?> a, Throwable e, VarHandle wip, VarHandle error, Object owner) {
        if (!Exceptions.addThrowable(error, owner, e)) {
            Hooks.onErrorDropped(e);
            return;
        }
        if ((int) wip.getAndAdd(owner, 1) == 0) {
            deliverTerminal(a, error, owner);
        }
    }

    /** Completes now, or after the running {@code onNext} (an error collected meanwhile wins). */
    public static void onComplete(Subscriber<?> a, VarHandle wip, VarHandle error, Object owner) {
        if ((int) wip.getAndAdd(owner, 1) == 0) {
            deliverTerminal(a, error, owner);
        }
    }

    /**
     * {@link #onComplete} for a caller that signals from its own frame: null to complete now, an
     * error (collected meanwhile) to deliver now, or {@link Exceptions#TERMINATED} for nothing to
     * do (the running {@code onNext} delivers it, or it was delivered).
     */
    public static Throwable completion(VarHandle wip, VarHandle error, Object owner) {
        if ((int) wip.getAndAdd(owner, 1) != 0) {
            return Exceptions.TERMINATED;
        }
        return Exceptions.terminate(error, owner);
    }

    private static void deliverTerminal(Subscriber<?> a, VarHandle error, Object owner) {
        Throwable ex = Exceptions.terminate(error, owner);
        if (ex == Exceptions.TERMINATED) {
            return; // delivered already
        }
        if (ex != null) {
            a.onError(ex);
        } else {
            a.onComplete();
        }
    }
}
