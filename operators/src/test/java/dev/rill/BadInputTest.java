package dev.rill;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Every factory and operator rejects null arguments and bad counts at assembly, naming the problem. */
class BadInputTest {

    private static final Rill<Integer> R = Rill.range(0, 3);

    @Test
    void nullArgumentsThrowAtAssembly() {
        Map<String, ThrowingCallable> nulls = Map.ofEntries(
                Map.entry("from", () -> Rill.from(null)),
                Map.entry("just", () -> Rill.just((Integer) null)),
                Map.entry("fromArray", () -> Rill.fromArray(null)),
                Map.entry("error", () -> Rill.error((Throwable) null)),
                Map.entry("errorSupplier", () -> Rill.error((Supplier<Throwable>) null)),
                Map.entry("fromIterable", () -> Rill.fromIterable(null)),
                Map.entry("fromStream", () -> Rill.fromStream(null)),
                Map.entry("fromCallable", () -> Rill.fromCallable(null)),
                Map.entry("fromCompletionStage", () -> Rill.fromCompletionStage(null)),
                Map.entry("defer", () -> Rill.defer(null)),
                Map.entry("generate", () -> Rill.generate(null, (s, k) -> s, s -> { })),
                Map.entry("create", () -> Rill.create(null)),
                Map.entry("createOverflow", () -> Rill.create(e -> { }, null)),
                Map.entry("interval", () -> Rill.interval(null)),
                Map.entry("timer", () -> Rill.timer(null)),
                Map.entry("using", () -> Rill.using(() -> 1, null, x -> { })),
                Map.entry("map", () -> R.map(null)),
                Map.entry("filter", () -> R.filter(null)),
                Map.entry("takeWhile", () -> R.takeWhile(null)),
                Map.entry("skipWhile", () -> R.skipWhile(null)),
                Map.entry("reduce", () -> R.reduce(null)),
                Map.entry("reduceSeed", () -> R.reduce(null, (a, b) -> a)),
                Map.entry("scan", () -> R.scan(null)),
                Map.entry("collect", () -> R.collect(null)),
                Map.entry("any", () -> R.any(null)),
                Map.entry("all", () -> R.all(null)),
                Map.entry("defaultIfEmpty", () -> R.defaultIfEmpty(null)),
                Map.entry("switchIfEmpty", () -> R.switchIfEmpty(null)),
                Map.entry("concatWith", () -> R.concatWith(null)),
                Map.entry("doOnNext", () -> R.doOnNext(null)),
                Map.entry("doOnError", () -> R.doOnError(null)),
                Map.entry("doOnComplete", () -> R.doOnComplete(null)),
                Map.entry("doOnSubscribe", () -> R.doOnSubscribe(null)),
                Map.entry("doOnRequest", () -> R.doOnRequest(null)),
                Map.entry("doOnCancel", () -> R.doOnCancel(null)),
                Map.entry("doFinally", () -> R.doFinally(null)),
                Map.entry("onErrorReturn", () -> R.onErrorReturn((Integer) null)),
                Map.entry("onErrorResume", () -> R.onErrorResume(null)),
                Map.entry("onErrorMap", () -> R.onErrorMap(null)),
                Map.entry("log", () -> R.log(null)),
                Map.entry("groupBy", () -> R.groupBy(null)),
                Map.entry("groupByValue", () -> R.groupBy(x -> x, null)),
                Map.entry("blockFirstTimeout", () -> R.blockFirst(null)),
                Map.entry("blockLastTimeout", () -> R.blockLast(null)),
                Map.entry("parallel runOn", () -> R.parallel(2).runOn(null)),
                Map.entry("parallel flatMap", () -> R.parallel(2).flatMap(null)),
                Map.entry("parallel doOnNext", () -> R.parallel(2).doOnNext(null)),
                Map.entry("parallel filter", () -> R.parallel(2).filter(null)),
                Map.entry("parallel reduceInitial", () -> R.parallel(2).reduce(null, (a, b) -> a)),
                Map.entry("parallel ordered", () -> R.parallel(2).ordered(null)));
        nulls.forEach((name, call) -> assertThatThrownBy(call).as(name).isInstanceOf(NullPointerException.class));
    }

    @Test
    void badCountsThrowAtAssemblyNamingTheValue() {
        List<ThrowingCallable> bad = List.of(
                () -> Rill.range(0, -5),
                () -> Rill.range(0L, -5L),
                () -> R.take(-5),
                () -> R.skip(-5),
                () -> R.elementAt(-5),
                () -> R.retry(-5),
                () -> R.repeat(-5),
                () -> R.groupBy(x -> x, -5),
                () -> R.parallel(-5),
                () -> R.parallel(2, -5),
                () -> R.parallel(2).runOn(dev.rill.engine.Engine.common(), -5),
                () -> R.parallel(2).sequential(-5),
                () -> R.parallel(2).flatMap(Rill::just, -5, 1),
                () -> R.retry(-5, e -> true),
                () -> R.repeat(-5, () -> true),
                () -> Retry.max(-5),
                () -> Retry.backoff(-5, Duration.ZERO),
                () -> Rill.interval(Duration.ZERO, Duration.ofSeconds(-5), dev.rill.engine.Engine.common()));
        for (ThrowingCallable c : bad) {
            assertThatThrownBy(c).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-5");
        }
    }
}
