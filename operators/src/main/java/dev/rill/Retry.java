package dev.rill;

import dev.rill.engine.Scheduler;
import dev.rill.signal.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.reactivestreams.Publisher;

/**
 * A retry strategy for {@link Rill#retryWhen(Retry)}: how many times to resubscribe after an error,
 * which errors to retry, and how long to wait before each attempt. Reactor's
 * {@code reactor.util.retry.Retry} with the same names and results.
 *
 * <pre>{@code
 * rill.retryWhen(Retry.backoff(5, Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(2))
 *                     .filter(e -> e instanceof IOException)
 *                     .doBeforeRetry(s -> log.warn("retry #{}", s.totalRetries(), s.failure())))
 * }</pre>
 *
 * <p>Specs are immutable: every builder method returns a new spec, so one spec can be shared by
 * many streams. Arguments are checked when given ({@link NullPointerException} or
 * {@link IllegalArgumentException} naming the argument); that the minimum backoff is not above
 * the maximum is checked when the spec is given to {@code retryWhen}, so the two may be set in
 * either order.
 *
 * <p>Counting: a {@link RetrySignal} for the n-th error of a subscription has
 * {@code totalRetries() == n - 1}; {@code totalRetriesInARow()} counts the errors since the last
 * value. The error that would make it {@code maxAttempts} retries ends the stream with an
 * exhausted error ({@link #isRetryExhausted}: "Retries exhausted: 3/3", the last error as its
 * cause), unless {@code onRetryExhaustedThrow} says otherwise. An error the {@code filter} rejects
 * ends the stream at once, as it is.
 *
 * <p>Delays: {@link #fixedDelay} and {@link #backoff} wait on a {@link Scheduler}'s timer wheel,
 * by default {@link Rill}'s time scheduler (the shared engine, or the virtual time of
 * {@code StepVerifier.withVirtualTime}); a cancel during a delay cancels the timer. Backoff is
 * {@code minBackoff * 2^n} (or another {@code multiplier}) capped at {@code maxBackoff}, then spread by a random jitter of up to
 * {@code jitter} times itself (0.5 unless set), never below {@code minBackoff} nor above
 * {@code maxBackoff}.
 *
 * <p>Strategies of your own: {@link #from} and {@link #withThrowable} take a companion function,
 * as Reactor's do; the built-in specs need none (they decide per error, without a companion).
 *
 * <p>Threading: specs are immutable and thread-safe; the hooks and the filter run on the thread
 * of the failing subscription ({@code doAfterRetry} on the timer's thread after a delay).
 */
public abstract sealed class Retry permits Retry.RetrySpec, Retry.RetryBackoffSpec, Retry.FromCompanion {

    /** The state of a retry loop when an error arrived; user code gets an immutable copy. */
    public interface RetrySignal {

        /** Errors retried before this one in this subscription. */
        long totalRetries();

        /** Errors retried before this one since the last value. */
        long totalRetriesInARow();

        /** The error that asks for this retry. */
        Throwable failure();

        /** A snapshot of this signal, safe to keep. */
        default RetrySignal copy() {
            return new Signal(totalRetries(), totalRetriesInARow(), failure());
        }
    }

    /** The fields both specs share; each builder call makes a new one. */
    private record Common(long maxAttempts, Predicate<? super Throwable> filter, boolean transientErrors,
                          Consumer<RetrySignal> beforeRetry, Consumer<RetrySignal> afterRetry) {
    }

    private static final Consumer<RetrySignal> NO_HOOK = s -> { };
    private static final Predicate<Throwable> ANY = e -> true;
    /** Reactor's default {@code maxBackoff}, {@code Duration.ofMillis(Long.MAX_VALUE)}: no cap. */
    private static final Duration NO_CAP = Duration.ofMillis(Long.MAX_VALUE);
    private static final double DEFAULT_JITTER = 0.5;

    final Common common;

    /** The most errors this spec retries (in total, or in a row: {@link #isTransientErrors}). */
    public final long maxAttempts;
    /** Whether attempts (and the backoff) count only the errors since the last value. */
    public final boolean isTransientErrors;
    /** Which errors are retried; others end the stream as they are. */
    public final Predicate<? super Throwable> errorFilter;

    private Retry(Common common) {
        this.common = common;
        this.maxAttempts = common.maxAttempts;
        this.isTransientErrors = common.transientErrors;
        this.errorFilter = common.filter;
    }

    /** Retries up to {@code maxAttempts} errors, at once. <pre>{@code rill.retryWhen(Retry.max(3))}</pre> */
    public static RetrySpec max(long maxAttempts) {
        return new RetrySpec(new Common(attempts(maxAttempts), ANY, false, NO_HOOK, NO_HOOK), null);
    }

    /**
     * Retries up to {@code maxAttempts} errors in a row: a value resets the count.
     * <pre>{@code rill.retryWhen(Retry.maxInARow(3))}</pre>
     */
    public static RetrySpec maxInARow(long maxAttempts) {
        return new RetrySpec(new Common(attempts(maxAttempts), ANY, true, NO_HOOK, NO_HOOK), null);
    }

    /** Retries every error, forever. <pre>{@code rill.retryWhen(Retry.indefinitely().filter(e -> e instanceof IOException))}</pre> */
    public static RetrySpec indefinitely() {
        return max(Long.MAX_VALUE);
    }

    /**
     * Retries up to {@code maxAttempts} errors, each after {@code fixedDelay}: a backoff with no
     * growth and no jitter. <pre>{@code rill.retryWhen(Retry.fixedDelay(3, Duration.ofSeconds(1)))}</pre>
     */
    public static RetryBackoffSpec fixedDelay(long maxAttempts, Duration fixedDelay) {
        checkDuration("fixedDelay", fixedDelay);
        return new RetryBackoffSpec(new Common(attempts(maxAttempts), ANY, false, NO_HOOK, NO_HOOK), null,
                fixedDelay, fixedDelay, 2d, 0d, null);
    }

    /**
     * Retries up to {@code maxAttempts} errors with an exponential backoff starting at
     * {@code minBackoff}, jitter 0.5 and no cap unless set.
     * <pre>{@code rill.retryWhen(Retry.backoff(5, Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(5)))}</pre>
     */
    public static RetryBackoffSpec backoff(long maxAttempts, Duration minBackoff) {
        checkDuration("minBackoff", minBackoff);
        return new RetryBackoffSpec(new Common(attempts(maxAttempts), ANY, false, NO_HOOK, NO_HOOK), null,
                minBackoff, NO_CAP, 2d, DEFAULT_JITTER, null);
    }

    /**
     * A strategy of your own: {@code companion} gets the errors as {@link RetrySignal}s; each value
     * it emits retries, and its completion or error ends the stream the same way. Made and
     * subscribed once per subscriber.
     *
     * <pre>{@code rill.retryWhen(Retry.from(signals -> signals.take(3)))}</pre>
     */
    public static Retry from(Function<Rill<RetrySignal>, ? extends Publisher<?>> companion) {
        return new FromCompanion(Objects.requireNonNull(companion, "function"));
    }

    /**
     * {@link #from} over the errors alone. <pre>{@code rill.retryWhen(Retry.withThrowable(errors -> errors.take(3)))}</pre>
     */
    public static Retry withThrowable(Function<Rill<Throwable>, ? extends Publisher<?>> companion) {
        Objects.requireNonNull(companion, "function");
        return new FromCompanion(signals -> companion.apply(signals.map(RetrySignal::failure)));
    }

    /** Whether {@code t} is the error a spec ends with when its attempts are used up. */
    public static boolean isRetryExhausted(Throwable t) {
        return t instanceof RetryExhaustedException;
    }

    /** The count of the signal that attempts are measured by (in a row, or in total). */
    final long iteration(RetrySignal s) {
        return common.transientErrors ? s.totalRetriesInARow() : s.totalRetries();
    }

    /** The error to end with instead of retrying {@code s}, or null to retry. User code may throw. */
    final Throwable endFor(RetrySignal s) {
        Throwable failure = s.failure();
        if (!common.filter.test(failure)) {
            return failure;
        }
        if (iteration(s) >= common.maxAttempts) {
            return Objects.requireNonNull(exhausted(s), "onRetryExhaustedThrow returned null");
        }
        return null;
    }

    final void beforeRetry(RetrySignal s) {
        common.beforeRetry.accept(s);
    }

    final void afterRetry(RetrySignal s) {
        common.afterRetry.accept(s);
    }

    /** The error for a retry that would exceed the attempts. */
    abstract Throwable exhausted(RetrySignal s);

    /** How long to wait before the retry for {@code s}, in nanoseconds; 0 to resubscribe at once. */
    abstract long delayNanos(RetrySignal s);

    /** The scheduler for delays, or null for none (or for Rill's default). */
    abstract Scheduler scheduler();

    /** Checks what can be checked only on the finished spec; at {@code retryWhen} assembly. */
    abstract void validate();

    /** Reactor's default exhausted error: "Retries exhausted: 3/3", with the failure as cause. */
    final Throwable defaultExhausted(RetrySignal s) {
        String message = common.transientErrors
                ? "Retries exhausted: " + s.totalRetriesInARow() + "/" + common.maxAttempts + " in a row ("
                        + s.totalRetries() + " total)"
                : "Retries exhausted: " + s.totalRetries() + "/" + common.maxAttempts;
        return new RetryExhaustedException(message, s.failure());
    }

    private static long attempts(long maxAttempts) {
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("retry: maxAttempts must not be negative, was " + maxAttempts);
        }
        return maxAttempts;
    }

    private static void checkDuration(String argument, Duration d) {
        Durations.nonNegativeNanos("retry", argument, d);
    }

    private static Common filtered(Common c, Predicate<? super Throwable> filter) {
        return new Common(c.maxAttempts, Objects.requireNonNull(filter, "filter"), c.transientErrors,
                c.beforeRetry, c.afterRetry);
    }

    private static Common withBefore(Common c, Consumer<RetrySignal> hook) {
        Objects.requireNonNull(hook, "doBeforeRetry");
        return new Common(c.maxAttempts, c.filter, c.transientErrors, c.beforeRetry.andThen(hook), c.afterRetry);
    }

    private static Common withAfter(Common c, Consumer<RetrySignal> hook) {
        Objects.requireNonNull(hook, "doAfterRetry");
        return new Common(c.maxAttempts, c.filter, c.transientErrors, c.beforeRetry, c.afterRetry.andThen(hook));
    }

    private static Common withAttempts(Common c, long maxAttempts) {
        return new Common(attempts(maxAttempts), c.filter, c.transientErrors, c.beforeRetry, c.afterRetry);
    }

    private static Common withTransient(Common c, boolean transientErrors) {
        return new Common(c.maxAttempts, c.filter, transientErrors, c.beforeRetry, c.afterRetry);
    }

    /** Retries at once, without delay. Made by {@link #max}, {@link #maxInARow}, {@link #indefinitely}. */
    public static final class RetrySpec extends Retry {
        private final BiFunction<RetrySpec, RetrySignal, Throwable> exhaustedGenerator;

        RetrySpec(Common common, BiFunction<RetrySpec, RetrySignal, Throwable> exhaustedGenerator) {
            super(common);
            this.exhaustedGenerator = exhaustedGenerator;
        }

        /** The same spec retrying up to {@code maxAttempts} errors. */
        public RetrySpec maxAttempts(long maxAttempts) {
            return new RetrySpec(withAttempts(common, maxAttempts), exhaustedGenerator);
        }

        /** The same spec retrying only the errors {@code filter} accepts; others end the stream as they are. */
        public RetrySpec filter(Predicate<? super Throwable> filter) {
            return new RetrySpec(filtered(common, filter), exhaustedGenerator);
        }

        /** The same spec also calling {@code doBeforeRetry} before each retry (after hooks already added). */
        public RetrySpec doBeforeRetry(Consumer<RetrySignal> doBeforeRetry) {
            return new RetrySpec(withBefore(common, doBeforeRetry), exhaustedGenerator);
        }

        /** The same spec also calling {@code doAfterRetry} just before each resubscription. */
        public RetrySpec doAfterRetry(Consumer<RetrySignal> doAfterRetry) {
            return new RetrySpec(withAfter(common, doAfterRetry), exhaustedGenerator);
        }

        /** The same spec ending, when attempts are used up, with the error {@code generator} makes. */
        public RetrySpec onRetryExhaustedThrow(BiFunction<RetrySpec, RetrySignal, Throwable> generator) {
            return new RetrySpec(common, Objects.requireNonNull(generator, "retryExhaustedGenerator"));
        }

        /** The same spec counting attempts in a row ({@code true}: a value resets the count) or in total. */
        public RetrySpec transientErrors(boolean transientErrors) {
            return new RetrySpec(withTransient(common, transientErrors), exhaustedGenerator);
        }

        @Override
        Throwable exhausted(RetrySignal s) {
            return exhaustedGenerator == null ? defaultExhausted(s) : exhaustedGenerator.apply(this, s);
        }

        @Override
        long delayNanos(RetrySignal s) {
            return 0;
        }

        @Override
        Scheduler scheduler() {
            return null;
        }

        @Override
        void validate() {
            // every argument was checked when it was given
        }
    }

    /** Retries after a delay growing exponentially. Made by {@link #backoff} and {@link #fixedDelay}. */
    public static final class RetryBackoffSpec extends Retry {
        /** The first backoff. */
        public final Duration minBackoff;
        /** The longest backoff. */
        public final Duration maxBackoff;
        /** How much each backoff grows over the one before: 2 unless set. */
        public final double multiplier;
        /** The random spread of each backoff, as a fraction of it: 0.5 unless set, 0 for {@link #fixedDelay}. */
        public final double jitterFactor;
        private final BiFunction<RetryBackoffSpec, RetrySignal, Throwable> exhaustedGenerator;
        private final long minNanos;
        private final long maxNanos;
        private final Scheduler backoffScheduler;

        RetryBackoffSpec(Common common, BiFunction<RetryBackoffSpec, RetrySignal, Throwable> exhaustedGenerator,
                         Duration minBackoff, Duration maxBackoff, double multiplier, double jitterFactor,
                         Scheduler backoffScheduler) {
            super(common);
            this.exhaustedGenerator = exhaustedGenerator;
            this.minBackoff = minBackoff;
            this.maxBackoff = maxBackoff;
            this.minNanos = Durations.saturatedNanos(minBackoff);
            this.maxNanos = Durations.saturatedNanos(maxBackoff);
            this.multiplier = multiplier;
            this.jitterFactor = jitterFactor;
            this.backoffScheduler = backoffScheduler;
        }

        private RetryBackoffSpec with(Common c) {
            return new RetryBackoffSpec(c, exhaustedGenerator, minBackoff, maxBackoff, multiplier, jitterFactor,
                    backoffScheduler);
        }

        /** The same spec retrying up to {@code maxAttempts} errors. */
        public RetryBackoffSpec maxAttempts(long maxAttempts) {
            return with(withAttempts(common, maxAttempts));
        }

        /** The same spec retrying only the errors {@code filter} accepts; others end the stream as they are. */
        public RetryBackoffSpec filter(Predicate<? super Throwable> filter) {
            return with(filtered(common, filter));
        }

        /** The same spec also calling {@code doBeforeRetry} before each retry's delay (after hooks already added). */
        public RetryBackoffSpec doBeforeRetry(Consumer<RetrySignal> doBeforeRetry) {
            return with(withBefore(common, doBeforeRetry));
        }

        /** The same spec also calling {@code doAfterRetry} after each delay, just before resubscribing. */
        public RetryBackoffSpec doAfterRetry(Consumer<RetrySignal> doAfterRetry) {
            return with(withAfter(common, doAfterRetry));
        }

        /** The same spec counting attempts, and growing the backoff, in a row ({@code true}) or in total. */
        public RetryBackoffSpec transientErrors(boolean transientErrors) {
            return with(withTransient(common, transientErrors));
        }

        /** The same spec ending, when attempts are used up, with the error {@code generator} makes. */
        public RetryBackoffSpec onRetryExhaustedThrow(BiFunction<RetryBackoffSpec, RetrySignal, Throwable> generator) {
            return new RetryBackoffSpec(common, Objects.requireNonNull(generator, "retryExhaustedGenerator"),
                    minBackoff, maxBackoff, multiplier, jitterFactor, backoffScheduler);
        }

        /** The same spec with the first backoff {@code minBackoff}. */
        public RetryBackoffSpec minBackoff(Duration minBackoff) {
            checkDuration("minBackoff", minBackoff);
            return new RetryBackoffSpec(common, exhaustedGenerator, minBackoff, maxBackoff, multiplier, jitterFactor,
                    backoffScheduler);
        }

        /** The same spec never waiting longer than {@code maxBackoff}. */
        public RetryBackoffSpec maxBackoff(Duration maxBackoff) {
            checkDuration("maxBackoff", maxBackoff);
            return new RetryBackoffSpec(common, exhaustedGenerator, minBackoff, maxBackoff, multiplier, jitterFactor,
                    backoffScheduler);
        }

        /** The same spec with a random spread of up to {@code jitterFactor} (0 to 1) of each backoff. */
        public RetryBackoffSpec jitter(double jitterFactor) {
            if (!(jitterFactor >= 0d && jitterFactor <= 1d)) {
                throw new IllegalArgumentException("retry: jitterFactor must be between 0 and 1, was " + jitterFactor);
            }
            return new RetryBackoffSpec(common, exhaustedGenerator, minBackoff, maxBackoff, multiplier, jitterFactor,
                    backoffScheduler);
        }

        /**
         * The same spec growing each backoff {@code multiplier} times over the one before; below 1
         * it is taken as 1 (a constant backoff), as Reactor does.
         */
        public RetryBackoffSpec multiplier(double multiplier) {
            if (Double.isNaN(multiplier)) {
                throw new IllegalArgumentException("retry: multiplier must be a number, was NaN");
            }
            return new RetryBackoffSpec(common, exhaustedGenerator, minBackoff, maxBackoff, Math.max(1d, multiplier),
                    jitterFactor, backoffScheduler);
        }

        /** The same spec waiting on {@code backoffScheduler}; {@code null} for Rill's default time scheduler. */
        public RetryBackoffSpec scheduler(Scheduler backoffScheduler) {
            return new RetryBackoffSpec(common, exhaustedGenerator, minBackoff, maxBackoff, multiplier, jitterFactor,
                    backoffScheduler);
        }

        @Override
        Throwable exhausted(RetrySignal s) {
            return exhaustedGenerator == null ? defaultExhausted(s) : exhaustedGenerator.apply(this, s);
        }

        @Override
        long delayNanos(RetrySignal s) {
            long next = grown(iteration(s));
            if (next == 0) {
                return 0;
            }
            // The jitter moves the delay by up to jitterFactor of itself, but never out of
            // [minBackoff, maxBackoff]; both bounds stay in range since 0 <= min <= next <= max.
            long offset = (long) (next * jitterFactor);
            long low = Math.max(minNanos - next, -offset);
            long high = Math.min(maxNanos - next, offset);
            long jitter = low >= high ? low : ThreadLocalRandom.current().nextLong(low, high);
            return next + jitter;
        }

        /** {@code minBackoff * multiplier^iteration}, capped at {@code maxBackoff} (and at overflow). */
        private long grown(long iteration) {
            long next;
            if (multiplier == 2d) { // exact, in integers
                next = iteration < 63 && minNanos <= (Long.MAX_VALUE >> iteration) ? minNanos << iteration : Long.MAX_VALUE;
            } else {
                next = (long) (minNanos * Math.pow(multiplier, iteration)); // saturates at Long.MAX_VALUE
            }
            return Math.min(next, maxNanos);
        }

        @Override
        Scheduler scheduler() {
            return backoffScheduler;
        }

        @Override
        void validate() {
            if (minBackoff.compareTo(maxBackoff) > 0) {
                throw new IllegalArgumentException("retry: maxBackoff must not be below minBackoff, was "
                        + maxBackoff + " < " + minBackoff);
            }
        }
    }

    /** {@link #from}: the companion decides; the spec's own counting is not used. */
    static final class FromCompanion extends Retry {
        final Function<Rill<RetrySignal>, ? extends Publisher<?>> companion;

        FromCompanion(Function<Rill<RetrySignal>, ? extends Publisher<?>> companion) {
            super(new Common(Long.MAX_VALUE, ANY, false, NO_HOOK, NO_HOOK));
            this.companion = companion;
        }

        @Override
        Throwable exhausted(RetrySignal s) {
            return defaultExhausted(s);
        }

        @Override
        long delayNanos(RetrySignal s) {
            return 0;
        }

        @Override
        Scheduler scheduler() {
            return null;
        }

        @Override
        void validate() {
            // the companion is checked when it is made, at subscription
        }
    }

    /** The immutable signal user code sees. */
    record Signal(long totalRetries, long totalRetriesInARow, Throwable failure) implements RetrySignal {
        @Override
        public RetrySignal copy() {
            return this;
        }
    }

    /** The error a spec ends with when its attempts are used up; the last failure is its cause. */
    private static final class RetryExhaustedException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        RetryExhaustedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
