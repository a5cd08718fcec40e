package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.rill.engine.Engine;
import dev.rill.engine.Scheduler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reactivestreams.Publisher;

/**
 * Every argument check names the argument the caller got wrong, by its parameter name, at
 * assembly: one row per entry point and argument, the bad value, the exception and the name. The
 * two that named the wrong one: {@code interval(null)} said {@code initialDelay}, and {@code
 * scheduleWithFixedDelay(task, 0, 0, ms)} said {@code period}.
 */
class ArgumentNamesTest {

    private static final Engine ENGINE = Engine.builder().workers(1).name("argument-names").build();
    private static final Duration D = Duration.ofMillis(1);
    private static final Rill<Integer> R = Rill.just(1);
    private static final Runnable TASK = () -> { };

    @AfterAll
    static void close() {
        ENGINE.close();
    }

    static Stream<Arguments> checks() {
        return Stream.of(
                npe("interval(period)", () -> Rill.interval(null), "period"),
                npe("interval(period, scheduler)", () -> Rill.interval(null, ENGINE), "period"),
                npe("interval(period, scheduler) scheduler", () -> Rill.interval(D, (Scheduler) null), "scheduler"),
                npe("interval(initialDelay, ...)", () -> Rill.interval(null, D, ENGINE), "initialDelay"),
                npe("interval(..., period, ...)", () -> Rill.interval(D, null, ENGINE), "period"),
                npe("timer", () -> Rill.timer(null), "delay"),
                npe("timer scheduler", () -> Rill.timer(D, null), "scheduler"),
                npe("fromIterable", () -> Rill.fromIterable(null), "iterable"),
                npe("fromStream", () -> Rill.fromStream(null), "stream"),
                npe("fromCallable", () -> Rill.fromCallable(null), "callable"),
                npe("defer", () -> Rill.defer(null), "supplier"),
                npe("create", () -> Rill.create(null), "emitter"),
                npe("map", () -> R.map(null), "mapper"),
                npe("filter", () -> R.filter(null), "predicate"),
                npe("reduce", () -> R.reduce(null), "accumulator"),
                npe("scan", () -> R.scan(null), "accumulator"),
                npe("flatMap", () -> R.flatMap(null), "mapper"),
                npe("concatMap", () -> R.concatMap(null), "mapper"),
                npe("zipWith other", () -> R.zipWith(null, (a, b) -> a), "other"),
                npe("zipWith zipper", () -> R.zipWith(R, null), "zipper"),
                npe("publishOn", () -> R.publishOn(null), "scheduler"),
                npe("parallel runOn", () -> R.parallel(2).runOn(null), "scheduler"),
                npe("parallel map", () -> R.parallel(2).map(null), "mapper"),
                npe("parallel ordered", () -> R.parallel(2).ordered(null), "comparator"),
                npe("parallel reduce", () -> R.parallel(2).reduce(null), "reducer"),
                npe("parallel collectSortedList", () -> R.parallel(2).collectSortedList(null), "comparator"),
                npe("subscribeOn", () -> R.subscribeOn(null), "scheduler"),
                npe("timeout", () -> R.timeout(null), "timeout"),
                npe("timeout scheduler", () -> R.timeout(D, (Scheduler) null), "scheduler"),
                npe("timeout fallback", () -> R.timeout(D, (Publisher<Integer>) null, ENGINE), "fallback"),
                npe("delayElements", () -> R.delayElements(null), "delay"),
                npe("take(Duration)", () -> R.take((Duration) null), "duration"),
                npe("sample", () -> R.sample(null), "period"),
                npe("debounce", () -> R.debounce(null), "timeout"),
                npe("throttleFirst", () -> R.throttleFirst(null), "window"),
                npe("buffer(Duration)", () -> R.buffer((Duration) null), "period"),
                npe("takeUntil", () -> R.takeUntil(null), "predicate"),
                npe("takeUntilOther", () -> R.takeUntilOther(null), "other"),
                npe("skipUntil", () -> R.skipUntil(null), "predicate"),
                npe("skipUntilOther", () -> R.skipUntilOther(null), "other"),
                npe("then(Publisher)", () -> R.then(null), "other"),
                npe("thenMany", () -> R.thenMany(null), "other"),
                npe("collectMap keySelector", () -> R.collectMap(null), "keySelector"),
                npe("collectMap valueSelector", () -> R.collectMap(x -> x, null), "valueSelector"),
                npe("collectMap mapSupplier", () -> R.collectMap(x -> x, x -> x, null), "mapSupplier"),
                npe("collectMultimap keySelector", () -> R.collectMultimap(null), "keySelector"),
                npe("collectMultimap valueSelector", () -> R.collectMultimap(x -> x, null), "valueSelector"),
                npe("distinct(keySelector)", () -> R.distinct(null), "keySelector"),
                npe("cast", () -> R.cast(null), "type"),
                npe("ofType", () -> R.ofType(null), "type"),
                npe("handle", () -> R.handle(null), "handler"),
                npe("onErrorComplete(predicate)", () -> R.onErrorComplete((java.util.function.Predicate<Throwable>) null),
                        "predicate"),
                npe("onErrorComplete(type)", () -> R.onErrorComplete((Class<Throwable>) null), "type"),
                npe("index", () -> R.index(null), "indexMapper"),
                npe("flatMapSequential", () -> R.flatMapSequential(null), "mapper"),
                npe("expand", () -> R.expand(null), "expander"),
                npe("expandDeep", () -> R.expandDeep(null), "expander"),
                npe("switchOnFirst", () -> R.switchOnFirst(null), "transformer"),
                npe("delaySequence", () -> R.delaySequence(null), "delay"),
                npe("delaySequence scheduler", () -> R.delaySequence(D, null), "scheduler"),
                npe("fromFlow", () -> Rill.fromFlow(null), "source"),
                npe("firstWithValue", () -> Rill.firstWithValue((Publisher<Integer>[]) null), "sources"),
                npe("firstWithSignal", () -> Rill.firstWithSignal((Publisher<Integer>[]) null), "sources"),
                iae("flatMapSequential maxConcurrency", () -> R.flatMapSequential(Rill::just, 0), "maxConcurrency"),
                iae("flatMapSequential prefetch", () -> R.flatMapSequential(Rill::just, 1, 0), "prefetch"),
                iae("delaySequence negative", () -> R.delaySequence(D.negated()), "delay"),
                npe("groupBy key", () -> R.groupBy(null), "key"),
                npe("groupBy value", () -> R.groupBy(x -> x, null), "value"),
                npe("bufferTimeout", () -> R.bufferTimeout(2, null), "maxTime"),
                npe("bufferTimeout scheduler", () -> R.bufferTimeout(2, D, null), "scheduler"),
                npe("buffer(Publisher)", () -> R.buffer((Publisher<?>) null), "boundary"),
                npe("bufferUntil", () -> R.bufferUntil(null), "predicate"),
                npe("bufferUntil(cutBefore)", () -> R.bufferUntil(null, true), "predicate"),
                npe("bufferWhile", () -> R.bufferWhile(null), "predicate"),
                npe("window(Duration)", () -> R.window((Duration) null), "period"),
                npe("window(Duration) scheduler", () -> R.window(D, null), "scheduler"),
                npe("windowTimeout", () -> R.windowTimeout(2, null), "maxTime"),
                npe("windowTimeout scheduler", () -> R.windowTimeout(2, D, null), "scheduler"),
                npe("windowUntil", () -> R.windowUntil(null), "predicate"),
                npe("windowUntil(cutBefore)", () -> R.windowUntil(null, true), "predicate"),
                iae("range count", () -> Rill.range(0, -1), "count"),
                iae("take(n)", () -> R.take(-1), "n"),
                iae("skip(n)", () -> R.skip(-1), "n"),
                iae("elementAt", () -> R.elementAt(-1), "index"),
                iae("retry", () -> R.retry(-1), "times"),
                iae("repeat", () -> R.repeat(-1), "times"),
                npe("retryWhen", () -> R.retryWhen(null), "retrySpec"),
                iae("retryWhen maxBackoff below minBackoff",
                        () -> R.retryWhen(Retry.backoff(1, D).maxBackoff(Duration.ZERO)), "maxBackoff"),
                iae("retry(times, predicate) times", () -> R.retry(-1, e -> true), "times"),
                npe("retry(times, predicate) predicate", () -> R.retry(1, null), "predicate"),
                npe("repeatWhen", () -> R.repeatWhen(null), "repeatFactory"),
                iae("repeat(times, predicate) times", () -> R.repeat(-1, () -> true), "times"),
                npe("repeat(times, predicate) predicate", () -> R.repeat(1, null), "predicate"),
                npe("repeat(predicate)", () -> R.repeat((java.util.function.BooleanSupplier) null), "predicate"),
                iae("Retry.max", () -> Retry.max(-1), "maxAttempts"),
                iae("Retry.maxInARow", () -> Retry.maxInARow(-1), "maxAttempts"),
                iae("Retry.fixedDelay maxAttempts", () -> Retry.fixedDelay(-1, D), "maxAttempts"),
                npe("Retry.fixedDelay", () -> Retry.fixedDelay(1, null), "fixedDelay"),
                iae("Retry.fixedDelay negative", () -> Retry.fixedDelay(1, D.negated()), "fixedDelay"),
                iae("Retry.backoff maxAttempts", () -> Retry.backoff(-1, D), "maxAttempts"),
                npe("Retry.backoff", () -> Retry.backoff(1, null), "minBackoff"),
                iae("Retry.backoff negative", () -> Retry.backoff(1, D.negated()), "minBackoff"),
                npe("RetryBackoffSpec.maxBackoff", () -> Retry.backoff(1, D).maxBackoff(null), "maxBackoff"),
                iae("RetryBackoffSpec.maxBackoff negative", () -> Retry.backoff(1, D).maxBackoff(D.negated()),
                        "maxBackoff"),
                iae("RetryBackoffSpec.jitter", () -> Retry.backoff(1, D).jitter(1.5), "jitterFactor"),
                npe("Retry.from", () -> Retry.from(null), "function"),
                npe("Retry.withThrowable", () -> Retry.withThrowable(null), "function"),
                iae("RetryBackoffSpec.multiplier", () -> Retry.backoff(1, D).multiplier(Double.NaN), "multiplier"),
                npe("RetrySpec.filter", () -> Retry.max(1).filter(null), "filter"),
                npe("RetrySpec.doBeforeRetry", () -> Retry.max(1).doBeforeRetry(null), "doBeforeRetry"),
                npe("RetrySpec.doAfterRetry", () -> Retry.max(1).doAfterRetry(null), "doAfterRetry"),
                iae("buffer(size)", () -> R.buffer(0), "size"),
                iae("window(size)", () -> R.window(0), "size"),
                iae("groupBy prefetch", () -> R.groupBy(x -> x, 0), "prefetch"),
                iae("groupBy(key, value, prefetch)", () -> R.groupBy(x -> x, x -> x, -1), "prefetch"),
                iae("publishOn prefetch", () -> R.publishOn(ENGINE, 0), "prefetch"),
                iae("parallel rails", () -> R.parallel(0), "rails"),
                iae("parallel prefetch", () -> R.parallel(2, 0), "prefetch"),
                iae("parallel runOn prefetch", () -> R.parallel(2).runOn(ENGINE, 0), "prefetch"),
                iae("parallel sequential prefetch", () -> R.parallel(2).sequential(0), "prefetch"),
                iae("parallel ordered prefetch", () -> R.parallel(2).ordered(Integer::compare, 0), "prefetch"),
                iae("flatMap maxConcurrency", () -> R.flatMap(Rill::just, 0), "maxConcurrency"),
                iae("concatMap prefetch", () -> R.concatMap(Rill::just, 0), "prefetch"),
                iae("limitRate", () -> R.limitRate(0), "prefetch"),
                iae("onBackpressureBuffer", () -> R.onBackpressureBuffer(0), "capacity"),
                iae("timeout negative", () -> R.timeout(D.negated()), "timeout"),
                iae("take(Duration) negative", () -> R.take(D.negated()), "duration"),
                iae("sample zero", () -> R.sample(Duration.ZERO), "period"),
                iae("debounce zero", () -> R.debounce(Duration.ZERO), "timeout"),
                iae("throttleFirst zero", () -> R.throttleFirst(Duration.ZERO), "window"),
                iae("buffer(Duration) zero", () -> R.buffer(Duration.ZERO), "period"),
                iae("bufferTimeout maxSize", () -> R.bufferTimeout(0, D), "maxSize"),
                iae("bufferTimeout zero", () -> R.bufferTimeout(2, Duration.ZERO), "maxTime"),
                iae("window(Duration) zero", () -> R.window(Duration.ZERO), "period"),
                iae("windowTimeout maxSize", () -> R.windowTimeout(0, D), "maxSize"),
                iae("windowTimeout zero", () -> R.windowTimeout(2, Duration.ZERO), "maxTime"),
                iae("interval period zero", () -> Rill.interval(Duration.ZERO, ENGINE), "period"),
                iae("replay(history)", () -> R.replay(0), "history"),
                iae("replay(maxAge) negative", () -> R.replay(D.negated()), "maxAge"),
                npe("replay(maxAge)", () -> R.replay((Duration) null), "maxAge"),
                npe("replay(maxAge, scheduler)", () -> R.replay(D, null), "scheduler"),
                iae("cache(history)", () -> R.cache(0), "history"),
                npe("schedule task", () -> ENGINE.schedule((Runnable) null), "task"),
                npe("schedule unit", () -> ENGINE.schedule(TASK, 1, null), "unit"),
                iae("schedulePeriodically period", () -> ENGINE.schedulePeriodically(TASK, 0, 0, TimeUnit.MILLISECONDS),
                        "period"),
                iae("scheduleAtFixedRate period", () -> ENGINE.scheduleAtFixedRate(TASK, 0, 0, TimeUnit.MILLISECONDS),
                        "period"),
                iae("scheduleWithFixedDelay delay", () -> ENGINE.scheduleWithFixedDelay(TASK, 0, 0, TimeUnit.MILLISECONDS),
                        "delay"),
                iae("Engine.builder().workers", () -> Engine.builder().workers(0), "workers"));
    }

    private static Arguments npe(String entry, ThrowingCallable call, String argument) {
        return Arguments.of(entry, call, NullPointerException.class, argument);
    }

    private static Arguments iae(String entry, ThrowingCallable call, String argument) {
        return Arguments.of(entry, call, IllegalArgumentException.class, argument);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void theMessageNamesTheArgument(String entry, ThrowingCallable call, Class<? extends Throwable> type,
                                    String argument) {
        Throwable t = catchThrowable(call);
        assertThat(t).as(entry).isInstanceOf(type);
        assertThat(t.getMessage()).as(entry).containsPattern("\\b" + argument + "\\b");
    }

}
