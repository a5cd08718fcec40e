package dev.rill.signal;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where errors go that can no longer be delivered: an error after a terminal signal, an error from
 * a stage that was cancelled, an exception thrown by a subscriber's {@code onError}. Nothing is
 * dropped silently; by default they are printed to stderr.
 *
 * <pre>{@code Hooks.setOnErrorDropped(e -> log.warn("dropped", e));}</pre>
 *
 * <p>Threading: any thread; the hook must be thread-safe.
 */
public final class Hooks {

    private static final Consumer<Throwable> DEFAULT = e -> {
        System.err.println("[rill] an error could not be delivered (the stream was already terminated or cancelled):");
        e.printStackTrace();
    };

    private static volatile Consumer<? super Throwable> onErrorDropped = DEFAULT;

    private Hooks() {
    }

    /** Routes an undeliverable error to the hook. A hook that throws is reported to stderr. */
    public static void onErrorDropped(Throwable error) {
        try {
            onErrorDropped.accept(error);
        } catch (Throwable hookFailed) {
            hookFailed.addSuppressed(error);
            DEFAULT.accept(hookFailed);
        }
    }

    /** Replaces the hook for the whole JVM. */
    public static void setOnErrorDropped(Consumer<? super Throwable> hook) {
        onErrorDropped = Objects.requireNonNull(hook, "hook");
    }

    /** Restores the default hook (print to stderr). */
    public static void resetOnErrorDropped() {
        onErrorDropped = DEFAULT;
    }
}
