package dev.rill.test;

import dev.rill.engine.VirtualTimeScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;

/**
 * Tests a publisher step by step, the way reactor-test's {@code StepVerifier} does: a script of
 * expectations about the signals to come, and actions (requests, cancels, moving virtual time)
 * between them, run by {@link #verify()} against a fresh subscription.
 *
 * <pre>{@code
 * StepVerifier.create(Rill.range(1, 5).map(i -> i * 2), 2)
 *         .expectNext(2, 4)
 *         .thenRequest(3)
 *         .expectNextCount(2)
 *         .expectNextMatches(v -> v == 10)
 *         .expectComplete()
 *         .verify(Duration.ofSeconds(5));
 *
 * StepVerifier.withVirtualTime(() -> Rill.interval(Duration.ofHours(1)).take(2))
 *         .expectSubscription()
 *         .expectNoEvent(Duration.ofMinutes(59))
 *         .thenAwait(Duration.ofMinutes(1))
 *         .expectNext(0L)
 *         .thenAwait(Duration.ofHours(1))
 *         .expectNext(1L)
 *         .verifyComplete();
 * }</pre>
 *
 * <p>A script subscribes once per {@code verify}, requests {@code Long.MAX_VALUE} as it is subscribed
 * unless given an initial request, and fails with an {@link AssertionError} that names the step
 * (its number and expectation), what arrived instead, and the signals before it. It also fails if
 * the publisher breaks the protocol: a value beyond demand (§1.1), a signal after the terminal one
 * (§1.7), a second {@code onSubscribe} (§2.5). Every wait is bounded: {@link #verify()} gives the
 * whole script {@link #DEFAULT_TIMEOUT}.
 *
 * <p>With {@link #withVirtualTime}, the publisher is assembled when {@code verify} runs, under a new
 * {@link VirtualTimeScheduler} that stands in for the default scheduler of time operators
 * ({@link VirtualTimeScheduler#assemble}); {@code thenAwait} and {@code expectNoEvent} then move that
 * clock instead of waiting.
 *
 * <p>Threading: a script is built and verified on one thread; the publisher may signal from any
 * thread. A built verifier may be verified again (each time a new subscription).
 */
public final class StepVerifier {

    /** How long {@link #verify()} lets the whole script take. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Supplier<? extends Publisher<?>> source;
    private final boolean virtualTime;
    private final long initialRequest;
    private final List<ScriptStep> steps;

    private StepVerifier(Supplier<? extends Publisher<?>> source, boolean virtualTime, long initialRequest,
                         List<ScriptStep> steps) {
        this.source = source;
        this.virtualTime = virtualTime;
        this.initialRequest = initialRequest;
        this.steps = List.copyOf(steps);
    }

    /** A script for {@code publisher}, requesting everything as it is subscribed. */
    public static <T> Step<T> create(Publisher<? extends T> publisher) {
        return create(publisher, Long.MAX_VALUE);
    }

    /**
     * A script for {@code publisher}, requesting {@code initialRequest} as it is subscribed (0: none).
     *
     * @throws NullPointerException if {@code publisher} is null
     * @throws IllegalArgumentException if {@code initialRequest} is negative
     */
    public static <T> Step<T> create(Publisher<? extends T> publisher, long initialRequest) {
        Objects.requireNonNull(publisher, "publisher");
        return new Step<>(() -> publisher, false, checkRequest(initialRequest));
    }

    /** A script in virtual time: {@code assembly} builds the publisher under a new virtual clock. */
    public static <T> Step<T> withVirtualTime(Supplier<? extends Publisher<? extends T>> assembly) {
        return withVirtualTime(assembly, Long.MAX_VALUE);
    }

    /**
     * {@link #withVirtualTime(Supplier)} with an initial request.
     *
     * @throws NullPointerException if {@code assembly} is null
     * @throws IllegalArgumentException if {@code initialRequest} is negative
     */
    public static <T> Step<T> withVirtualTime(Supplier<? extends Publisher<? extends T>> assembly,
                                              long initialRequest) {
        Objects.requireNonNull(assembly, "assembly");
        return new Step<>(assembly, true, checkRequest(initialRequest));
    }

    /**
     * Runs the script within {@link #DEFAULT_TIMEOUT}.
     *
     * @return how long it took
     * @throws AssertionError at the first expectation not met
     */
    public Duration verify() {
        return verify(DEFAULT_TIMEOUT);
    }

    /**
     * Runs the script: subscribes, then takes the steps in order, all within {@code timeout}.
     *
     * @return how long it took
     * @throws AssertionError at the first expectation not met, or when {@code timeout} runs out
     */
    public Duration verify(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        long start = System.nanoTime();
        VirtualTimeScheduler vts = virtualTime ? VirtualTimeScheduler.create() : null;
        Verification run = new Verification(initialRequest, vts, start + Math.max(0, timeout.toNanos()), steps.size());
        try {
            Publisher<?> p = vts != null ? vts.assemble(source::get) : source.get();
            Objects.requireNonNull(p, "the assembly returned a null publisher");
            p.subscribe(run.subscriber());
            for (int i = 0; i < steps.size(); i++) {
                run.at(i + 1, steps.get(i).description);
                steps.get(i).action.accept(run);
            }
            run.finish();
        } finally {
            run.cancel();
            if (vts != null) {
                vts.close();
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static long checkRequest(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("initialRequest must not be negative, was " + n);
        }
        return n;
    }

    /** One step of a script: what a failure calls it, and what it does. */
    private static final class ScriptStep {
        final String description;
        final Consumer<Verification> action;

        ScriptStep(String description, Consumer<Verification> action) {
            this.description = description;
            this.action = action;
        }
    }

    /**
     * A script being written: expectations and actions in the order they must happen. Ends with a
     * terminal expectation ({@link #expectComplete()}, {@code expectError...}) or {@link
     * #thenCancel()}, which give the {@link StepVerifier} to verify.
     *
     * @param <T> the values' type
     */
    public static final class Step<T> {
        private final Supplier<? extends Publisher<?>> source;
        private final boolean virtualTime;
        private final long initialRequest;
        private final List<ScriptStep> steps = new ArrayList<>();

        private Step(Supplier<? extends Publisher<?>> source, boolean virtualTime, long initialRequest) {
            this.source = source;
            this.virtualTime = virtualTime;
            this.initialRequest = initialRequest;
        }

        /** Expects {@code onSubscribe} (implied when a script does not start with it). */
        public Step<T> expectSubscription() {
            return add("expectSubscription()", Verification::expectSubscription);
        }

        /** Expects these values next, in this order. */
        @SafeVarargs
        public final Step<T> expectNext(T... values) {
            List<T> expected = new ArrayList<>(values.length);
            for (T v : values) {
                expected.add(Objects.requireNonNull(v, "expectNext: a Reactive Streams value is never null"));
            }
            return add("expectNext(" + String.join(", ", expected.stream().map(String::valueOf).toList()) + ")",
                    r -> r.expectValues(expected));
        }

        /** Expects {@code count} values next, whatever they are. */
        public Step<T> expectNextCount(long count) {
            if (count < 0) {
                throw new IllegalArgumentException("count must not be negative, was " + count);
            }
            return add("expectNextCount(" + count + ")", r -> r.expectCount(count));
        }

        /** Expects a value that {@code predicate} accepts next. */
        @SuppressWarnings("unchecked")
        public Step<T> expectNextMatches(Predicate<? super T> predicate) {
            Objects.requireNonNull(predicate, "predicate");
            return add("expectNextMatches(...)", r -> {
                Object v = r.nextValue();
                if (!predicate.test((T) v)) {
                    throw r.failure("the predicate rejected onNext(" + v + ")");
                }
            });
        }

        /** Expects a value next and runs {@code assertion} on it (its failure names this step). */
        @SuppressWarnings("unchecked")
        public Step<T> assertNext(Consumer<? super T> assertion) {
            Objects.requireNonNull(assertion, "assertion");
            return add("assertNext(...)", r -> {
                Object v = r.nextValue();
                try {
                    assertion.accept((T) v);
                } catch (AssertionError e) {
                    throw r.failure("the assertion failed on onNext(" + v + "): " + e.getMessage(), e);
                }
            });
        }

        /** Requests {@code n} more values. */
        public Step<T> thenRequest(long n) {
            return add("thenRequest(" + n + ")", r -> r.request(n));
        }

        /** Runs {@code action} at this point of the script (emit into a sink, say). */
        public Step<T> then(Runnable action) {
            Objects.requireNonNull(action, "action");
            return add("then(...)", r -> action.run());
        }

        /** Lets {@code d} pass: moves virtual time by it, or waits it out in real time. */
        public Step<T> thenAwait(Duration d) {
            checkDuration(d);
            return add("thenAwait(" + d + ")", r -> r.await(d));
        }

        /** Expects no signal at all while {@code d} passes (virtual or real time). */
        public Step<T> expectNoEvent(Duration d) {
            checkDuration(d);
            return add("expectNoEvent(" + d + ")", r -> r.expectNoEvent(d));
        }

        /** Expects {@code onComplete} next. */
        public StepVerifier expectComplete() {
            add("expectComplete()", Verification::expectComplete);
            return build();
        }

        /** Expects {@code onError} next, any error. */
        public StepVerifier expectError() {
            return expectErrorMatches("expectError()", e -> true);
        }

        /** Expects {@code onError} next with an instance of {@code type}. */
        public StepVerifier expectError(Class<? extends Throwable> type) {
            Objects.requireNonNull(type, "type");
            return expectErrorMatches("expectError(" + type.getSimpleName() + ")", type::isInstance);
        }

        /** Expects {@code onError} next with exactly this message. */
        public StepVerifier expectErrorMessage(String message) {
            return expectErrorMatches("expectErrorMessage(\"" + message + "\")",
                    e -> Objects.equals(message, e.getMessage()));
        }

        /** Expects {@code onError} next with an error {@code predicate} accepts. */
        public StepVerifier expectErrorMatches(Predicate<Throwable> predicate) {
            Objects.requireNonNull(predicate, "predicate");
            return expectErrorMatches("expectErrorMatches(...)", predicate);
        }

        /** Cancels the subscription: the script ends here. */
        public StepVerifier thenCancel() {
            add("thenCancel()", Verification::cancel);
            return build();
        }

        /** {@link #expectComplete()}, verified within {@link #DEFAULT_TIMEOUT}. */
        public Duration verifyComplete() {
            return expectComplete().verify();
        }

        /** {@link #expectError(Class)}, verified within {@link #DEFAULT_TIMEOUT}. */
        public Duration verifyError(Class<? extends Throwable> type) {
            return expectError(type).verify();
        }

        private StepVerifier expectErrorMatches(String description, Predicate<Throwable> predicate) {
            add(description, r -> r.expectError(predicate));
            return build();
        }

        private Step<T> add(String description, Consumer<Verification> action) {
            if (steps.isEmpty() && !description.equals("expectSubscription()")) {
                steps.add(new ScriptStep("expectSubscription() (implied)", Verification::expectSubscription));
            }
            steps.add(new ScriptStep(description, action));
            return this;
        }

        private StepVerifier build() {
            return new StepVerifier(source, virtualTime, initialRequest, steps);
        }

        private static void checkDuration(Duration d) {
            Objects.requireNonNull(d, "duration");
            if (d.isNegative()) {
                throw new IllegalArgumentException("duration must not be negative, was " + d);
            }
        }
    }
}
