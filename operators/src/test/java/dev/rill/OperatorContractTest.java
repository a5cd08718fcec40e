package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.VirtualTimeScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The contract every operator of the first batch keeps, checked for each one over plain sources
 * that are not fusable (so every stage runs its signal path, not its queue path):
 * <ul>
 *   <li>demand: a subscriber that requests one value at a time never gets more than it asked, and
 *       gets the same values and the same completion as one that requests everything;</li>
 *   <li>an upstream error reaches the subscriber once, unless the operator handles errors or has
 *       its answer before the error;</li>
 *   <li>a cancel from the subscriber reaches the source, and nothing is signalled after it, not
 *       even for an illegal request made after it (§3.6 before §3.9);</li>
 *   <li>a user function that throws: on values, that error and the source cancelled; in an error
 *       handler, its error with the original attached; in a signal callback, the stream fails, or
 *       the error reaches the dropped-error hook once the outcome is settled.</li>
 * </ul>
 * Behaviour particular to each operator (its values, early completion, nulls from user functions)
 * is in {@code RillOperatorsTest}, {@code RillTest} and {@code BadInputTest}.
 */
class OperatorContractTest {

    @RegisterExtension
    final DroppedErrors dropped = DroppedErrors.noneAllowed();

    static Stream<Arguments> operators() {
        List<Arguments> ops = new ArrayList<>();
        add(ops, "map", r -> r.map(x -> x * 10));
        add(ops, "filter", r -> r.filter(x -> x % 2 == 0));
        add(ops, "take", r -> r.take(3));
        add(ops, "skip", r -> r.skip(2));
        add(ops, "takeWhile", r -> r.takeWhile(x -> x < 4));
        add(ops, "skipWhile", r -> r.skipWhile(x -> x < 3));
        add(ops, "distinct", r -> r.map(x -> x % 3).distinct());
        add(ops, "distinctUntilChanged", r -> r.map(x -> x / 2).distinctUntilChanged());
        add(ops, "reduce", r -> r.reduce(Integer::sum));
        add(ops, "reduce(seed)", r -> r.reduce(100, (a, x) -> a + x));
        add(ops, "scan", r -> r.scan(Integer::sum));
        add(ops, "collectList", Rill::collectList);
        add(ops, "collect", r -> r.collect(Collectors.toList()));
        add(ops, "count", Rill::count);
        add(ops, "any", r -> r.any(x -> x > 100));
        add(ops, "all", r -> r.all(x -> x > 0));
        add(ops, "first", Rill::first);
        add(ops, "last", Rill::last);
        add(ops, "elementAt", r -> r.elementAt(2));
        add(ops, "defaultIfEmpty", r -> r.defaultIfEmpty(-1));
        add(ops, "switchIfEmpty", r -> r.switchIfEmpty(Rill.just(-1)));
        add(ops, "startWith", r -> r.startWith(-2, -1));
        add(ops, "concatWith", r -> r.concatWith(Rill.just(99)));
        add(ops, "doOnNext", r -> r.doOnNext(x -> { }));
        add(ops, "doOnError", r -> r.doOnError(e -> { }));
        add(ops, "doOnComplete", r -> r.doOnComplete(() -> { }));
        add(ops, "doOnSubscribe", r -> r.doOnSubscribe(s -> { }));
        add(ops, "doOnRequest", r -> r.doOnRequest(n -> { }));
        add(ops, "doOnCancel", r -> r.doOnCancel(() -> { }));
        add(ops, "doFinally", r -> r.doFinally(() -> { }));
        add(ops, "onErrorReturn", r -> r.onErrorReturn(-1));
        add(ops, "onErrorResume", r -> r.onErrorResume(e -> Rill.just(-1, -2)));
        add(ops, "onErrorMap", r -> r.onErrorMap(e -> new IllegalArgumentException("mapped", e)));
        add(ops, "retry", r -> r.retry(1));
        add(ops, "repeat", r -> r.repeat(1));
        add(ops, "retryWhen", r -> r.retryWhen(Retry.max(1)));
        add(ops, "retryWhen(fixedDelay zero)", r -> r.retryWhen(Retry.fixedDelay(1, java.time.Duration.ZERO)));
        add(ops, "retry(times, predicate)", r -> r.retry(1, e -> true));
        // retries the first error; the second ends the companion, so the stream completes
        add(ops, "retryWhen(Retry.from)", r -> r.retryWhen(Retry.from(s -> s.takeWhile(x -> x.totalRetries() < 1))));
        add(ops, "repeat(times, predicate)", r -> r.repeat(1, () -> true));
        add(ops, "repeat(predicate)", r -> r.repeat(new java.util.function.BooleanSupplier() {
            private int asked;

            @Override
            public boolean getAsBoolean() {
                return asked++ < 1;
            }
        }));
        // repeats while the attempts so far gave fewer than 10 values: twice over 5 values
        add(ops, "repeatWhen", r -> r.repeatWhen(c -> c.scan((a, n) -> a + n).takeWhile(total -> total < 10)));
        add(ops, "hide", Rill::hide);
        add(ops, "log", r -> r.log("contract"));
        add(ops, "limitRate", r -> r.limitRate(2));
        add(ops, "publish(2).autoConnect()", r -> r.publish(2).autoConnect());
        add(ops, "share()", Rill::share);
        add(ops, "publish(selector)", r -> r.publish(p -> p.map(x -> x * 10)));
        add(ops, "replay().autoConnect()", r -> r.replay().autoConnect());
        add(ops, "replay(2).autoConnect()", r -> r.replay(2).autoConnect());
        add(ops, "cache()", Rill::cache);
        add(ops, "takeUntil", r -> r.takeUntil(x -> x > 100));
        add(ops, "takeUntilOther", r -> r.takeUntilOther(Rill.never()));
        add(ops, "skipUntil", r -> r.skipUntil(x -> x >= 2));
        add(ops, "skipUntilOther", r -> r.skipUntilOther(Rill.empty()));
        add(ops, "then", Rill::then);
        add(ops, "thenMany", r -> r.thenMany(Rill.just(7, 8)));
        add(ops, "ignoreElements", Rill::ignoreElements);
        add(ops, "collectMap", r -> r.collectMap(x -> x % 2));
        add(ops, "collectMultimap", r -> r.collectMultimap(x -> x % 2));
        add(ops, "collectSortedList", r -> r.collectSortedList(java.util.Comparator.reverseOrder()));
        add(ops, "sort", r -> r.sort(java.util.Comparator.reverseOrder()));
        add(ops, "distinct(keySelector)", r -> r.distinct(x -> x / 2));
        add(ops, "cast", r -> r.cast(Integer.class));
        add(ops, "ofType", r -> r.ofType(Integer.class));
        add(ops, "handle", r -> r.<Integer>handle((x, sink) -> {
            if (x % 2 == 1) {
                sink.next(x);
            }
        }));
        add(ops, "onErrorComplete", Rill::onErrorComplete);
        add(ops, "index", r -> r.index((i, x) -> i * 100 + x));
        // the daily catalogue (part 2)
        add(ops, "flatMapSequential", r -> r.flatMapSequential(x -> Rill.just(x, x * 10)));
        add(ops, "flatMapSequential(hidden inner)", r -> r.flatMapSequential(x -> Rill.range(x, 2).hide(), 2, 1));
        add(ops, "expand", r -> r.expand(x -> x < 3 ? Rill.just(x + 10) : Rill.empty()));
        add(ops, "expandDeep", r -> r.expandDeep(x -> x < 3 ? Rill.just(x + 10).hide() : Rill.empty()));
        add(ops, "materialize", Rill::materialize);
        add(ops, "materialize().dematerialize()", r -> r.materialize().<Integer>dematerialize());
        add(ops, "switchOnFirst", r -> r.switchOnFirst((s, all) -> all.map(x -> x * 10)));
        add(ops, "firstWithValue", r -> Rill.firstWithValue(Rill.<Integer>empty(), r));
        add(ops, "firstWithSignal", r -> Rill.firstWithSignal(r, Rill.<Integer>never()));
        add(ops, "delaySequence(zero)", r -> r.delaySequence(Duration.ZERO, VirtualTimeScheduler.create()));
        add(ops, "fromFlow", r -> Rill.fromFlow((java.util.concurrent.Flow.Publisher<Integer>) s -> r.toFlow().subscribe(s)));
        add(ops, "groupBy.flatMap", r -> r.groupBy(x -> x % 2).flatMap(g -> g.map(x -> g.key() + ":" + x)));
        add(ops, "parallel(2).sequential()", r -> r.parallel(2).map(x -> x * 10).sequential());
        add(ops, "parallel(2).ordered()", r -> r.parallel(2).ordered(java.util.Comparator.naturalOrder()));
        add(ops, "parallel(2).reduce", r -> r.parallel(2).reduce(Integer::sum));
        add(ops, "parallel(2).collectSortedList", r -> r.parallel(2).collectSortedList(java.util.Comparator.reverseOrder()));
        add(ops, "bufferUntil", r -> r.bufferUntil(x -> x % 2 == 0));
        add(ops, "bufferUntil(cutBefore)", r -> r.bufferUntil(x -> x % 2 == 0, true));
        add(ops, "bufferWhile", r -> r.bufferWhile(x -> x != 3));
        add(ops, "bufferTimeout", r -> r.bufferTimeout(2, Duration.ofHours(1)));
        add(ops, "buffer(Publisher)", r -> r.buffer(Rill.never()));
        add(ops, "windowUntil", r -> r.windowUntil(x -> x % 2 == 0).concatMap(Rill::collectList));
        add(ops, "windowUntil(cutBefore)", r -> r.windowUntil(x -> x % 2 == 0, true).concatMap(Rill::collectList));
        add(ops, "window(Duration)", r -> r.window(Duration.ofHours(1)).concatMap(Rill::collectList));
        add(ops, "windowTimeout", r -> r.windowTimeout(2, Duration.ofHours(1)).concatMap(Rill::collectList));
        return ops.stream();
    }

    private static void add(List<Arguments> ops, String name, Function<Rill<Integer>, Rill<?>> op) {
        ops.add(Arguments.of(name, op));
    }

    /** The error operators see the source's error as input, not as something to pass on. */
    private static boolean handlesErrors(String name) {
        return name.startsWith("onError") || name.startsWith("retry") || name.equals("materialize");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operators")
    void deliversNoMoreThanRequestedAndTheSameAsUnbounded(String name, Function<Rill<Integer>, Rill<?>> op) {
        Finite all = new Finite(5, null);
        TestSubscriber<Object> unbounded = TestSubscriber.unbounded();
        op.apply(all.rill()).subscribe(unbounded);
        assertThat(unbounded.completions).as("completes").isEqualTo(1);

        Finite one = new Finite(5, null);
        OneAtATime stepwise = new OneAtATime();
        op.apply(one.rill()).subscribe(stepwise);
        assertThat(stepwise.overflow).as("values beyond demand").isZero();
        assertThat(stepwise.values).as("same values one at a time").isEqualTo(unbounded.values);
        assertThat(stepwise.completions).as("completes once").isEqualTo(1);
        assertThat(stepwise.errors).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operators")
    void anUpstreamErrorArrivesOnceOrIsHandled(String name, Function<Rill<Integer>, Rill<?>> op) {
        IllegalStateException boom = new IllegalStateException("boom");
        Finite src = new Finite(3, boom);
        TestSubscriber<Object> ts = TestSubscriber.unbounded();
        op.apply(src.rill()).subscribe(ts);
        if (name.equals("retry") || name.equals("retry(times, predicate)")) {
            assertThat(ts.values).as("subscribed twice").hasSize(6);
            assertThat(ts.errors).as("the second error").containsExactly(boom);
        } else if (name.equals("retryWhen") || name.startsWith("retryWhen(fixedDelay")) {
            assertThat(ts.values).as("subscribed twice").hasSize(6);
            assertThat(ts.errors).singleElement().satisfies(e -> assertThat(e)
                    .hasMessage("Retries exhausted: 1/1").hasCause(boom));
        } else if (name.equals("onErrorMap")) {
            assertThat(ts.errors).singleElement().satisfies(e -> assertThat(e.getCause()).isSameAs(boom));
        } else if (name.equals("retryWhen(Retry.from)")) {
            assertThat(ts.values).as("subscribed twice").hasSize(6);
            assertThat(ts.errors).isEmpty();
            assertThat(ts.completions).isEqualTo(1);
        } else if (handlesErrors(name) || FINISH_BEFORE_THE_ERROR.contains(name)) {
            assertThat(ts.errors).isEmpty();
            assertThat(ts.completions).isEqualTo(1);
        } else {
            assertThat(ts.errors).as("the source's error").containsExactly(boom);
            assertThat(ts.completions).isZero();
        }
    }

    /** Operators that have their answer from the values before the source's error. */
    private static final List<String> FINISH_BEFORE_THE_ERROR = List.of("take", "first", "elementAt");

    @ParameterizedTest(name = "{0}")
    @MethodSource("operators")
    void aCancelReachesTheSourceAndEndsTheSignals(String name, Function<Rill<Integer>, Rill<?>> op) {
        Push<Integer> push = new Push<>();
        TestSubscriber<Object> ts = TestSubscriber.unbounded();
        op.apply(push.rill).subscribe(ts);
        push.next(1).next(2);
        ts.subscription.cancel();
        int values = ts.values.size();
        int completions = ts.completions;
        ts.subscription.request(0); // §3.6: after cancel even an illegal request is a no-op (no §3.9 error)
        ts.subscription.request(-1);
        push.next(3).next(4);
        push.complete();
        assertThat(push.cancelled()).as("source cancelled").isTrue();
        assertThat(ts.values).as("no values after cancel").hasSize(values);
        assertThat(ts.completions).as("no completion after cancel").isEqualTo(completions);
        assertThat(ts.errors).isEmpty();
    }

    static Stream<Arguments> valueFunctions() {
        List<Arguments> ops = new ArrayList<>();
        add(ops, "map", r -> r.map(x -> boom(x)));
        add(ops, "filter", r -> r.filter(x -> boom(x) > 0));
        add(ops, "bufferUntil", r -> r.bufferUntil(x -> boom(x) > 5));
        add(ops, "bufferWhile", r -> r.bufferWhile(x -> boom(x) > 0));
        add(ops, "takeWhile", r -> r.takeWhile(x -> boom(x) > 0));
        add(ops, "skipWhile", r -> r.skipWhile(x -> boom(x) > 0));
        add(ops, "distinct(key)", r -> r.map(x -> boom(x)).distinct());
        add(ops, "scan", r -> r.scan((a, x) -> boom(x)));
        add(ops, "reduce", r -> r.reduce((a, x) -> boom(x)));
        add(ops, "reduce(seed)", r -> r.reduce(0, (a, x) -> boom(x)));
        add(ops, "collect", r -> r.collect(java.util.stream.Collector.of(ArrayList::new,
                (List<Integer> l, Integer x) -> l.add(boom(x)), (a, b) -> a)));
        add(ops, "any", r -> r.any(x -> boom(x) < 0));
        add(ops, "all", r -> r.all(x -> boom(x) > 0));
        add(ops, "doOnNext", r -> r.doOnNext(x -> boom(x)));
        add(ops, "takeUntil", r -> r.takeUntil(x -> boom(x) < 0));
        add(ops, "skipUntil", r -> r.skipUntil(x -> boom(x) < 0));
        add(ops, "collectMap", r -> r.collectMap(x -> boom(x)));
        add(ops, "collectMap(value)", r -> r.collectMap(x -> x, x -> boom(x)));
        add(ops, "collectMultimap", r -> r.collectMultimap(x -> boom(x)));
        add(ops, "distinct(keySelector)", r -> r.distinct(x -> boom(x)));
        add(ops, "handle", r -> r.<Integer>handle((x, sink) -> sink.next(boom(x))));
        add(ops, "index", r -> r.index((i, x) -> boom(x)));
        add(ops, "groupBy(key)", r -> r.groupBy(x -> boom(x)).flatMap(g -> g));
        add(ops, "groupBy(key, value)", r -> r.groupBy(x -> 0, x -> boom(x)).flatMap(g -> g));
        add(ops, "parallel(2).map", r -> r.parallel(2).map(x -> boom(x)).sequential());
        add(ops, "parallel(2).filter", r -> r.parallel(2).filter(x -> boom(x) > 0).sequential());
        add(ops, "parallel(2).doOnNext", r -> r.parallel(2).doOnNext(x -> boom(x)).ordered(Integer::compare));
        return ops.stream();
    }

    private static int boom(int x) {
        if (x == 2) {
            throw new IllegalStateException("boom at 2");
        }
        return x;
    }

    /** The user's function throws on the second value: that error, the source cancelled, nothing more. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("valueFunctions")
    void aThrowingFunctionFailsTheStreamWithItsErrorAndCancelsTheSource(String name, Function<Rill<Integer>, Rill<?>> op) {
        Push<Integer> push = new Push<>();
        TestSubscriber<Object> ts = TestSubscriber.unbounded();
        op.apply(push.rill).subscribe(ts);
        push.next(1).next(2);
        assertThat(ts.errors).singleElement().satisfies(e -> assertThat(e).hasMessage("boom at 2"));
        assertThat(push.cancelled()).as("source cancelled").isTrue();
        int values = ts.values.size();
        push.next(3);
        push.complete();
        assertThat(ts.values).as("nothing after the error").hasSize(values);
        assertThat(ts.completions).isZero();
    }

    /**
     * Callbacks on signals other than values: one that can still change the outcome fails the
     * stream (completion, subscription) or keeps the first error with its own attached; one that
     * runs when the outcome is settled (request, cancel, finally) goes to the dropped-error hook.
     */
    @Test
    void throwingSignalCallbacksFailTheStreamOrReachTheHookNeverVanish() {
        IllegalStateException orig = new IllegalStateException("orig");

        TestSubscriber<Object> complete = run(Rill.range(1, 3).doOnComplete(OperatorContractTest::fail));
        assertThat(complete.values).containsExactly(1, 2, 3);
        assertThat(complete.errors).singleElement().satisfies(e -> assertThat(e).hasMessage("callback"));
        assertThat(complete.completions).isZero();

        Push<Integer> push = new Push<>();
        TestSubscriber<Object> subscribe = run(push.rill.doOnSubscribe(s -> fail()));
        assertThat(subscribe.errors).singleElement().satisfies(e -> assertThat(e).hasMessage("callback"));
        assertThat(push.cancelled()).as("source cancelled").isTrue();

        TestSubscriber<Object> error = run(Rill.<Integer>error(orig).doOnError(e -> fail()));
        assertThat(error.errors).singleElement().satisfies(e -> {
            assertThat(e).isSameAs(orig);
            assertThat(e.getSuppressed()).singleElement().satisfies(x -> assertThat(x).hasMessage("callback"));
        });

        for (Function<Rill<Integer>, Rill<?>> settled : List.<Function<Rill<Integer>, Rill<?>>>of(
                r -> r.doOnRequest(n -> fail()),
                r -> r.doOnCancel(OperatorContractTest::fail).take(1),
                r -> r.doFinally(OperatorContractTest::fail))) {
            dropped.errors.clear();
            TestSubscriber<Object> ts = run(settled.apply(Rill.range(1, 3)));
            assertThat(ts.completions).isEqualTo(1);
            assertThat(ts.errors).isEmpty();
            assertThat(dropped.errors).singleElement().satisfies(e -> assertThat(e).hasMessage("callback"));
            dropped.errors.clear();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errorFunctions")
    void aThrowingErrorHandlerFailsWithItsOwnErrorAndKeepsTheOriginal(String name, Function<Rill<Integer>, Rill<?>> op) {
        IllegalStateException orig = new IllegalStateException("orig");
        TestSubscriber<Object> ts = run(op.apply(Rill.range(1, 2).concatWith(Rill.error(orig))));
        assertThat(ts.values).containsExactly(1, 2);
        assertThat(ts.errors).singleElement().satisfies(e -> {
            assertThat(e).hasMessage("callback");
            assertThat(e.getSuppressed()).containsExactly(orig);
        });
    }

    static Stream<Arguments> errorFunctions() {
        List<Arguments> ops = new ArrayList<>();
        add(ops, "onErrorMap", r -> r.onErrorMap(e -> fail()));
        add(ops, "onErrorResume", r -> r.onErrorResume(e -> fail()));
        add(ops, "onErrorReturn(fn)", r -> r.onErrorReturn(e -> fail()));
        add(ops, "onErrorComplete(predicate)", r -> r.onErrorComplete(e -> fail()));
        return ops.stream();
    }

    private static <T> T fail() {
        throw new IllegalStateException("callback");
    }

    private static TestSubscriber<Object> run(Rill<?> r) {
        TestSubscriber<Object> ts = TestSubscriber.unbounded();
        r.subscribe(ts);
        return ts;
    }

    /**
     * A plain, non-fusable source of {@code 1..count}, honouring demand, then completing or failing
     * with {@code error}; each subscription starts again from 1.
     */
    static final class Finite implements Publisher<Integer> {
        private final long count;
        private final Throwable error;
        Finite(long count, Throwable error) {
            this.count = count;
            this.error = error;
        }

        Rill<Integer> rill() {
            return Rill.from(this);
        }

        @Override
        public void subscribe(Subscriber<? super Integer> s) {
            s.onSubscribe(new Subscription() {
                private long requested;
                private long emitted;
                private volatile boolean cancelled;
                private boolean emitting;
                private boolean done;

                @Override
                public void request(long n) {
                    requested = requested + n < 0 ? Long.MAX_VALUE : requested + n;
                    if (emitting) {
                        return; // the loop below picks it up (no recursion)
                    }
                    emitting = true;
                    while (!done && !cancelled && emitted < requested) {
                        if (emitted == count) {
                            break;
                        }
                        emitted++;
                        s.onNext((int) emitted);
                    }
                    if (!done && !cancelled && emitted == count) {
                        done = true;
                        if (error != null) {
                            s.onError(error);
                        } else {
                            s.onComplete();
                        }
                    }
                    emitting = false;
                }

                @Override
                public void cancel() {
                    cancelled = true;
                }
            });
        }
    }

    /** Requests one value, and the next only after the previous one arrived. */
    static final class OneAtATime extends TestSubscriber<Object> {
        long outstanding;
        long overflow;

        OneAtATime() {
            super(0);
        }

        @Override
        public void onSubscribe(Subscription s) {
            super.onSubscribe(s);
            outstanding = 1;
            s.request(1);
        }

        @Override
        void onValue(Object t) {
            if (--outstanding < 0) {
                overflow++;
                outstanding = 0;
            }
            outstanding++;
            subscription.request(1);
        }
    }
}
