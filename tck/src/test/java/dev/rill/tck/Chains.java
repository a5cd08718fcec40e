package dev.rill.tck;

import dev.rill.Retry;
import dev.rill.Rill;
import dev.rill.Sinks;
import dev.rill.publishers.ArrayPublisher;
import dev.rill.publishers.CallablePublisher;
import dev.rill.publishers.CompletionStagePublisher;
import dev.rill.publishers.CreatePublisher;
import dev.rill.publishers.DeferPublisher;
import dev.rill.publishers.Emitter;
import dev.rill.publishers.EmptyPublisher;
import dev.rill.publishers.GeneratePublisher;
import dev.rill.publishers.IterablePublisher;
import dev.rill.publishers.JustPublisher;
import dev.rill.publishers.LongRangePublisher;
import dev.rill.publishers.RangePublisher;
import dev.rill.publishers.StreamPublisher;
import dev.rill.publishers.TimerPublisher;
import dev.rill.publishers.UsingPublisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.reactivestreams.Publisher;

/**
 * The table behind {@link ChainTckTest}: every source and operator, as TCK publisher verifications: sources directly (they are plain
 * publishers), operators on top of a source, each both fused and with {@code hide()} between the
 * stages. Unbounded sources also run the §3.17 tests (up to {@code Integer.MAX_VALUE} elements).
 */
final class Chains {

    static final long UNBOUNDED = Long.MAX_VALUE - 1;

    static Object[][] all() {
        List<Object[]> out = new ArrayList<>();
        // Sources, as plain publishers.
        source(out, "range", UNBOUNDED, n -> new LongRangePublisher(0, n));
        source(out, "range(int)", Integer.MAX_VALUE, n -> new RangePublisher(0, (int) Math.min(n, Integer.MAX_VALUE)));
        source(out, "fromArray", 1024, n -> new ArrayPublisher<>(boxed(n)));
        source(out, "fromIterable", 1024, n -> new IterablePublisher<>(List.of(boxed(n))));
        source(out, "fromStream", 1024, n -> new StreamPublisher<>(LongStream.range(0, n).boxed()));
        source(out, "just", 1, n -> n == 0 ? EmptyPublisher.instance() : new JustPublisher<>(1L));
        source(out, "empty", 0, n -> EmptyPublisher.instance());
        source(out, "fromCallable", 1, n -> n == 0 ? EmptyPublisher.instance() : new CallablePublisher<>(() -> 7L));
        source(out, "fromCompletionStage", 1,
                n -> new CompletionStagePublisher<>(CompletableFuture.completedFuture(n == 0 ? null : 1L)));
        source(out, "fromCompletionStage(async)", 1, n -> new CompletionStagePublisher<>(
                CompletableFuture.supplyAsync(() -> n == 0 ? null : 1L)));
        source(out, "defer", 1024, n -> new DeferPublisher<>(() -> new LongRangePublisher(0, n)));
        // Hot sources, filled before the subscriber comes (a direct sink keeps nothing for it: no row).
        source(out, "Sinks.many().unicast()", 1024, n -> filled(Sinks.many().unicast().onBackpressureBuffer(), n));
        source(out, "Sinks.many().multicast()", 1024,
                n -> filled(Sinks.many().multicast().onBackpressureBuffer((int) Math.max(1, n)), n));
        source(out, "Sinks.many().replay().all()", 1024, n -> filled(Sinks.many().replay().all(), n));
        source(out, "Sinks.many().replay().limit(n)", 1024,
                n -> filled(Sinks.many().replay().limit((int) Math.max(1, n)), n));
        source(out, "Sinks.one()", 1, n -> {
            Sinks.One<Long> one = Sinks.one();
            (n == 0 ? one.tryEmitEmpty() : one.tryEmitValue(1L)).orThrow();
            return one.asRill();
        });
        source(out, "Sinks.empty()", 0, n -> {
            Sinks.Empty<Long> empty = Sinks.empty();
            empty.tryEmitEmpty().orThrow();
            return empty.asRill();
        });

        source(out, "generate", UNBOUNDED, n -> new GeneratePublisher<Long, Long>(() -> 0L, (i, sink) -> {
            if (i == n) {
                sink.complete();
            } else {
                sink.next(i);
            }
            return i + 1;
        }, i -> { }));
        for (Emitter.Overflow o : Emitter.Overflow.values()) {
            // Pushes only what was requested, as a well-behaved producer does; the strategies differ
            // only beyond demand (unit tests cover that).
            source(out, "create(" + o + ")", 1024, n -> new CreatePublisher<Long>(e -> {
                long[] sent = {0};
                Runnable pump = () -> {
                    while (sent[0] < n && e.requested() > 0 && !e.isCancelled()) {
                        e.next(sent[0]++);
                    }
                    if (sent[0] == n) {
                        e.complete();
                    }
                };
                e.onRequest(x -> pump.run());
                pump.run();
            }, o));
        }
        source(out, "timer", 1, n -> n == 0 ? EmptyPublisher.instance() : new TimerPublisher(Duration.ofMillis(1), ENGINE));
        source(out, "using", 1024, n -> new UsingPublisher<Long, String>(() -> "resource",
                r -> new LongRangePublisher(0, n), r -> { }));

        // Operators over range, fused and hidden.
        op(out, "map", UNBOUNDED, (n, h) -> r(n, h).map(x -> x + 1));
        op(out, "filter", UNBOUNDED, (n, h) -> r(n * 2, h).filter(x -> x % 2 == 0));
        op(out, "take", UNBOUNDED, (n, h) -> r(n + 10, h).take(n));
        op(out, "skip", UNBOUNDED, (n, h) -> r(n + 5, h).skip(5));
        op(out, "takeWhile", UNBOUNDED, (n, h) -> r(n + 10, h).takeWhile(x -> x < n));
        op(out, "skipWhile", UNBOUNDED, (n, h) -> r(n + 3, h).skipWhile(x -> x < 3));
        op(out, "distinct", 1024, (n, h) -> r(n, h).distinct());
        op(out, "distinctUntilChanged", UNBOUNDED, (n, h) -> r(n, h).distinctUntilChanged());
        op(out, "scan", UNBOUNDED, (n, h) -> r(n, h).scan(Long::sum));
        op(out, "reduce", 1, (n, h) -> n == 0 ? Rill.empty() : r(10, h).reduce(Long::sum));
        op(out, "reduce(seed)", 1, (n, h) -> n == 0 ? Rill.empty() : r(10, h).reduce(0L, Long::sum));
        op(out, "collectList", 1, (n, h) -> n == 0 ? Rill.empty() : r(10, h).collectList());
        op(out, "count", 1, (n, h) -> n == 0 ? Rill.empty() : r(10, h).count());
        op(out, "any", 1, (n, h) -> n == 0 ? Rill.empty() : r(10, h).any(x -> x == 5));
        op(out, "all", 1, (n, h) -> n == 0 ? Rill.empty() : r(10, h).all(x -> x < 50));
        op(out, "first", 1, (n, h) -> r(n == 0 ? 0 : 10, h).first());
        op(out, "last", 1, (n, h) -> r(n == 0 ? 0 : 10, h).last());
        op(out, "elementAt", 1, (n, h) -> n == 0 ? Rill.empty() : r(10, h).elementAt(3));
        op(out, "defaultIfEmpty", 1, (n, h) -> n == 0 ? Rill.empty() : r(0, h).defaultIfEmpty(9L));
        op(out, "switchIfEmpty", UNBOUNDED, (n, h) -> r(0, h).switchIfEmpty(r(n, h)));
        op(out, "startWith", UNBOUNDED, (n, h) -> n == 0 ? r(0, h) : r(n - 1, h).startWith(-1L));
        op(out, "concatWith", UNBOUNDED, (n, h) -> r(n / 2, h).concatWith(r(n - n / 2, h)));
        op(out, "doOnNext+doOnComplete+doOnError", UNBOUNDED,
                (n, h) -> r(n, h).doOnNext(x -> { }).doOnComplete(() -> { }).doOnError(e -> { }));
        op(out, "doOnSubscribe+doOnRequest+doOnCancel", UNBOUNDED,
                (n, h) -> r(n, h).doOnSubscribe(s -> { }).doOnRequest(x -> { }).doOnCancel(() -> { }));
        op(out, "onErrorReturn", 1024, (n, h) -> n == 0 ? Rill.empty()
                : r(n - 1, h).concatWith(Rill.error(new IllegalStateException("x"))).onErrorReturn(-1L));
        op(out, "onErrorResume", 1024, (n, h) -> r(n / 2, h)
                .concatWith(Rill.error(new IllegalStateException("x"))).onErrorResume(e -> r(n - n / 2, h)));
        op(out, "onErrorMap", UNBOUNDED, (n, h) -> r(n, h).onErrorMap(IllegalStateException::new));
        op(out, "retry", 1024, (n, h) -> r(n, h).retry(2));
        op(out, "repeat", 1024, (n, h) -> n == 0 ? Rill.empty() : Rill.just(1L).repeat(n - 1));
        op(out, "retryWhen(Retry.max(3))", 1024, (n, h) -> failingOnce(n, h, r -> r.retryWhen(Retry.max(3))));
        op(out, "retryWhen(Retry.fixedDelay(engine))", 1024, (n, h) -> failingOnce(n, h,
                r -> r.retryWhen(Retry.fixedDelay(3, Duration.ofMillis(1)).scheduler(ENGINE))));
        op(out, "retryWhen(Retry.from)", 1024, (n, h) -> failingOnce(n, h, r -> r.retryWhen(Retry.from(s -> s))));
        op(out, "retry(times, predicate)", 1024, (n, h) -> failingOnce(n, h, r -> r.retry(3, e -> true)));
        op(out, "repeat(times, predicate)", 1024,
                (n, h) -> n == 0 ? Rill.empty() : Rill.just(1L).repeat(n - 1, () -> true));
        op(out, "repeat(predicate)", 1024, (n, h) -> n == 0 ? Rill.empty() : Rill.defer(() -> {
            long[] left = {n - 1};
            return Rill.just(1L).repeat(() -> left[0]-- > 0);
        }));
        // repeats while the attempts so far gave fewer than n values (one per attempt)
        op(out, "repeatWhen", 1024, (n, h) -> n == 0 ? Rill.empty()
                : Rill.just(1L).repeatWhen(c -> c.scan(Long::sum).takeWhile(total -> total < n)));
        op(out, "hide", UNBOUNDED, (n, h) -> r(n, h).hide());
        op(out, "doFinally", UNBOUNDED, (n, h) -> r(n, h).doFinally(() -> { }));
        op(out, "publishOn(engine)", UNBOUNDED, (n, h) -> r(n, h).publishOn(ENGINE));
        op(out, "publishOn(engine, prefetch 4)", 1024, (n, h) -> r(n, h).map(x -> x).publishOn(ENGINE, 4));
        op(out, "subscribeOn(engine)", UNBOUNDED, (n, h) -> r(n, h).subscribeOn(ENGINE));
        op(out, "subscribeOn(engine, direct requests)", UNBOUNDED, (n, h) -> r(n, h).subscribeOn(ENGINE, false));
        op(out, "subscribeOn+publishOn", UNBOUNDED, (n, h) -> r(n, h).subscribeOn(ENGINE).publishOn(ENGINE, 16));
        op(out, "flatMap(just)", UNBOUNDED, (n, h) -> r(n, h).flatMap(Rill::just));
        op(out, "flatMap(range(1).hide(), 4)", UNBOUNDED, (n, h) -> r(n, h).flatMap(x -> Rill.range(x, 1L).hide(), 4, 2));
        op(out, "flatMap(range(4))", UNBOUNDED, (n, h) -> r((n + 3) / 4, h).flatMap(x -> Rill.range(x * 4, 4L)).take(n));
        op(out, "flatMap(async inner, 8)", 1024, (n, h) -> r(n, h).flatMap(x -> Rill.just(x).subscribeOn(ENGINE), 8, 4));
        op(out, "flatMapDelayError", UNBOUNDED, (n, h) -> r(n, h).flatMapDelayError(x -> Rill.range(x, 1L).hide(), 4, 4));
        op(out, "flatMapIterable", UNBOUNDED, (n, h) -> r(n, h).flatMapIterable(List::of));
        op(out, "concatMap(just)", UNBOUNDED, (n, h) -> r(n, h).concatMap(Rill::just));
        op(out, "concatMap(range(2).hide())", UNBOUNDED, (n, h) -> r((n + 1) / 2, h)
                .concatMap(x -> Rill.range(x * 2, 2L).hide(), 4).take(n));
        op(out, "concatMap(async inner)", 1024, (n, h) -> r(n, h).concatMap(x -> Rill.just(x).publishOn(ENGINE), 4));
        op(out, "concatMapDelayError", UNBOUNDED, (n, h) -> r(n, h).concatMapDelayError(x -> Rill.range(x, 1L)));
        op(out, "switchMap", UNBOUNDED, (n, h) -> Rill.just(0L).switchMap(x -> r(n, h)));
        op(out, "switchMap(async inner)", 1024, (n, h) -> Rill.just(0L).switchMap(x -> r(n, h).publishOn(ENGINE, 8), 4));
        op(out, "mergeWith", UNBOUNDED, (n, h) -> r(n / 2, h).mergeWith(r(n - n / 2, h)));
        op(out, "merge", UNBOUNDED, (n, h) -> Rill.merge(r(n / 3, h), r(n / 3, h), r(n - 2 * (n / 3), h)));
        op(out, "concat", UNBOUNDED, (n, h) -> Rill.concat(r(n / 2, h), r(n - n / 2, h)));
        op(out, "zip", UNBOUNDED, (n, h) -> Rill.zip(r(n, h), r(n + 5, h), (a, b) -> a + b));
        op(out, "zipWith(async)", 1024, (n, h) -> r(n, h).zipWith(r(n, h).publishOn(ENGINE, 8), (a, b) -> a));
        op(out, "combineLatest", UNBOUNDED, (n, h) -> Rill.combineLatest(Rill.just(0L), r(n, h), (a, b) -> b));
        op(out, "parallel(2).sequential()", UNBOUNDED, (n, h) -> r(n, h).parallel(2).sequential());
        op(out, "parallel(2).runOn(engine).map.sequential()", 1024, (n, h) -> r(n, h).parallel(2).runOn(ENGINE)
                .map(x -> x + 1).sequential());
        op(out, "parallel(3, 4).runOn(engine, 2).filter.sequential(2)", 1024, (n, h) -> r(n * 2, h).parallel(3, 4)
                .runOn(ENGINE, 2).filter(x -> x % 2 == 0).sequential(2));
        op(out, "parallel(2).runOn(engine).flatMap.sequential()", 1024, (n, h) -> r(n, h).parallel(2).runOn(ENGINE)
                .flatMap(Rill::just).sequential());
        op(out, "parallel(2).ordered()", 1024, (n, h) -> r(n, h).parallel(2).ordered(Long::compare));
        op(out, "parallel(2).runOn(engine).ordered()", 1024, (n, h) -> r(n, h).parallel(2).runOn(ENGINE)
                .ordered(Long::compare, 4));
        op(out, "parallel(2).reduce", 1, (n, h) -> n == 0 ? Rill.empty() : r(10, h).parallel(2).runOn(ENGINE)
                .reduce(Long::sum));
        op(out, "parallel(2).collectSortedList", 1, (n, h) -> n == 0 ? Rill.empty() : r(10, h).parallel(2)
                .collectSortedList(Long::compare));
        op(out, "onBackpressureBuffer", 1024, (n, h) -> r(n, h).onBackpressureBuffer());
        op(out, "onBackpressureBuffer(capacity, DROP_OLDEST)", 1024,
                (n, h) -> r(n, h).onBackpressureBuffer(Integer.MAX_VALUE, dev.rill.BufferOverflow.DROP_OLDEST));
        op(out, "interval.onBackpressureBuffer", 32, (n, h) -> Rill.interval(Duration.ZERO, Duration.ofMillis(1), ENGINE)
                .onBackpressureBuffer().take(n));
        source(out, "onBackpressureDrop (paced)", 1024, n -> Rill.from(Paced.of(n, r -> r.onBackpressureDrop())));
        source(out, "onBackpressureLatest (paced)", 1024, n -> Rill.from(Paced.of(n, r -> r.onBackpressureLatest())));
        op(out, "limitRate", UNBOUNDED, (n, h) -> r(n, h).limitRate(8));
        op(out, "timeout", 1024, (n, h) -> r(n, h).timeout(Duration.ofSeconds(30), ENGINE));
        op(out, "timeout(fallback)", 1024, (n, h) -> Rill.<Long>never().timeout(Duration.ofMillis(1), r(n, h), ENGINE));
        op(out, "delayElements", 16, (n, h) -> r(n, h).delayElements(Duration.ofMillis(1), ENGINE));
        op(out, "delaySubscription", 1024, (n, h) -> r(n, h).delaySubscription(Duration.ofMillis(1), ENGINE));
        op(out, "take(Duration)", UNBOUNDED, (n, h) -> r(n, h).take(Duration.ofHours(1), ENGINE));
        op(out, "elapsed", UNBOUNDED, (n, h) -> r(n, h).elapsed(ENGINE));
        op(out, "timestamp", UNBOUNDED, (n, h) -> r(n, h).timestamp());
        // Clock-paced operators: with a period longer than the test, what they emit is what the
        // source's completion leaves behind (one value, or one list), which waits for demand.
        op(out, "sample", 1, (n, h) -> r(n, h).sample(Duration.ofHours(1), ENGINE));
        op(out, "debounce", 1, (n, h) -> r(n, h).debounce(Duration.ofHours(1), ENGINE));
        op(out, "buffer(Duration)", 1, (n, h) -> r(n * 3, h).buffer(Duration.ofHours(1), ENGINE));
        // throttleFirst honours backpressure: an endless source, one value per window that opens.
        op(out, "throttleFirst", 16, (n, h) -> r(Long.MAX_VALUE, h).throttleFirst(Duration.ofNanos(1), ENGINE).take(n));
        op(out, "buffer(3)", 1024, (n, h) -> r(n * 3, h).buffer(3));
        op(out, "window(2)", 1024, (n, h) -> r(n * 2, h).window(2));
        // A window itself: the one window of a source with n values (unicast: one subscriber).
        op(out, "window (inner)", 1024, (n, h) -> n == 0 ? Rill.<Long>empty()
                : r(n, h).window(Integer.MAX_VALUE).blockFirst());
        op(out, "groupBy(x % 4).flatMap(g -> g)", 1024, (n, h) -> r(n, h).groupBy(x -> x % 4).flatMap(g -> g));
        // A group itself: the one group of a source with n values (unicast: one subscriber); the
        // main stream is cancelled once it has it, and the group goes on.
        op(out, "groupBy (inner)", 1024, (n, h) -> n == 0 ? Rill.<Long>empty()
                : r(n, h).groupBy(x -> 0L).blockFirst());
        op(out, "bufferUntil", 1024, (n, h) -> r(n * 2, h).bufferUntil(x -> x % 2 == 1));
        op(out, "bufferUntil(cutBefore)", 1024, (n, h) -> r(n * 2, h).bufferUntil(x -> x % 2 == 0, true));
        op(out, "bufferWhile", 1024, (n, h) -> r(n * 3, h).bufferWhile(x -> x % 3 != 2));
        op(out, "bufferTimeout", 1024, (n, h) -> r(n * 3, h).bufferTimeout(3, Duration.ofHours(1), ENGINE));
        // A boundary that never signals: one list, what the source's completion leaves behind.
        op(out, "buffer(Publisher)", 1, (n, h) -> r(n * 3, h).buffer(Rill.never()));
        op(out, "windowUntil", 1024, (n, h) -> r(n * 2, h).windowUntil(x -> x % 2 == 1));
        op(out, "windowUntil(cutBefore)", 1024, (n, h) -> r(n * 2, h).windowUntil(x -> x % 2 == 0, true));
        // Timed windows: one window is always open, so the source's end leaves one. A full window
        // opens the next at once and fails without demand for it (as Reactor's), so the TCK's
        // one-at-a-time requests get one window that does not fill.
        op(out, "window(Duration)", 1, (n, h) -> n == 0 ? Rill.<Rill<Long>>empty()
                : r(3, h).window(Duration.ofHours(1), ENGINE));
        op(out, "windowTimeout", 1, (n, h) -> n == 0 ? Rill.<Rill<Long>>empty()
                : r(3, h).windowTimeout(4, Duration.ofHours(1), ENGINE));
        op(out, "windowUntil (inner)", 1024, (n, h) -> n == 0 ? Rill.<Long>empty()
                : r(n, h).windowUntil(x -> false).blockFirst());
        op(out, "window(Duration) (inner)", 1024, (n, h) -> n == 0 ? Rill.<Long>empty()
                : r(n, h).window(Duration.ofHours(1), ENGINE).blockFirst());
        op(out, "windowTimeout (inner)", 1024, (n, h) -> n == 0 ? Rill.<Long>empty()
                : r(n, h).windowTimeout(Integer.MAX_VALUE, Duration.ofHours(1), ENGINE).blockFirst());
        op(out, "log", 16, (n, h) -> r(n, h).log("dev.rill.tck.quiet"));
        op(out, "publish().autoConnect()", UNBOUNDED, (n, h) -> r(n, h).publish().autoConnect());
        op(out, "publish(4).autoConnect()", UNBOUNDED, (n, h) -> r(n, h).publish(4).autoConnect());
        op(out, "share()", UNBOUNDED, (n, h) -> r(n, h).share());
        op(out, "publish(p -> p.map(...))", UNBOUNDED, (n, h) -> r(n, h).publish(p -> p.map(x -> x + 1)));
        // Unbounded history: the §3.17 run would keep every value it sends.
        op(out, "replay().autoConnect()", 1024, (n, h) -> r(n, h).replay().autoConnect());
        op(out, "replay(4).autoConnect()", UNBOUNDED, (n, h) -> r(n, h).replay(4).autoConnect());
        // A cache that was filled before this subscriber came: everything from the history.
        op(out, "cache() (filled)", 1024, (n, h) -> {
            Rill<Long> c = r(n, h).cache();
            c.blockLast();
            return c;
        });
        // The daily catalogue (part 1).
        op(out, "takeUntil", UNBOUNDED, (n, h) -> n == 0 ? r(0, h) : r(n + 10, h).takeUntil(x -> x == n - 1));
        op(out, "takeUntilOther", UNBOUNDED, (n, h) -> r(n, h).takeUntilOther(Rill.never()));
        op(out, "skipUntil", UNBOUNDED, (n, h) -> r(n + 3, h).skipUntil(x -> x == 3));
        op(out, "skipUntilOther", UNBOUNDED, (n, h) -> r(n, h).skipUntilOther(Rill.just(0)));
        op(out, "then", 0, (n, h) -> r(10, h).then());
        op(out, "then(Publisher)", 1, (n, h) -> r(10, h).then(n == 0 ? Rill.empty() : Rill.just(1L)));
        op(out, "thenMany", UNBOUNDED, (n, h) -> r(10, h).thenMany(r(n, h)));
        op(out, "ignoreElements", 0, (n, h) -> r(10, h).ignoreElements());
        op(out, "collectMap", 1, (n, h) -> n == 0 ? Rill.empty() : r(10, h).collectMap(x -> x % 3));
        op(out, "collectMultimap", 1, (n, h) -> n == 0 ? Rill.empty() : r(10, h).collectMultimap(x -> x % 3));
        op(out, "collectSortedList", 1, (n, h) -> n == 0 ? Rill.empty() : r(10, h).collectSortedList());
        op(out, "sort", 1024, (n, h) -> r(n, h).map(x -> n - x).sort());
        op(out, "distinct(keySelector)", 1024, (n, h) -> r(n, h).distinct(x -> x));
        op(out, "cast", UNBOUNDED, (n, h) -> r(n, h).cast(Long.class));
        op(out, "ofType", UNBOUNDED, (n, h) -> r(n, h).ofType(Long.class));
        op(out, "handle", UNBOUNDED, (n, h) -> r(n * 2, h).<Long>handle((x, sink) -> {
            if (x % 2 == 0) {
                sink.next(x);
            }
        }));
        op(out, "handle(complete)", UNBOUNDED, (n, h) -> n == 0 ? r(0, h) : r(n + 10, h).<Long>handle((x, sink) -> {
            sink.next(x);
            if (x == n - 1) {
                sink.complete();
            }
        }));
        op(out, "onErrorComplete", 1024, (n, h) -> r(n, h).concatWith(Rill.error(new IllegalStateException("x")))
                .onErrorComplete());
        op(out, "index", UNBOUNDED, (n, h) -> r(n, h).index());
        // the daily catalogue (part 2)
        op(out, "flatMapSequential(just)", UNBOUNDED, (n, h) -> r(n, h).flatMapSequential(Rill::just));
        op(out, "flatMapSequential(range(2).hide(), 4, 2)", UNBOUNDED, (n, h) -> r((n + 1) / 2, h)
                .flatMapSequential(x -> Rill.range(x * 2, 2L).hide(), 4, 2).take(n));
        op(out, "flatMapSequential(async inner, 8)", 1024,
                (n, h) -> r(n, h).flatMapSequential(x -> Rill.just(x).subscribeOn(ENGINE), 8, 4));
        op(out, "expand", 1024, (n, h) -> r(n == 0 ? 0 : 1, h).expand(x -> x < n - 1 ? Rill.just(x + 1) : Rill.empty()));
        op(out, "expand(tree)", 1024, (n, h) -> r(Math.min(n, 2), h)
                .expand(x -> 2 * x + 2 < n ? Rill.range(2 * x + 2, Math.min(2, n - 2 * x - 2)).hide() : Rill.empty()));
        op(out, "expandDeep", 1024, (n, h) -> r(n == 0 ? 0 : 1, h).expandDeep(x -> x < n - 1 ? Rill.just(x + 1) : Rill.empty()));
        op(out, "expandDeep(tree)", 1024, (n, h) -> r(Math.min(n, 2), h)
                .expandDeep(x -> 2 * x + 2 < n ? Rill.range(2 * x + 2, Math.min(2, n - 2 * x - 2)).hide() : Rill.empty()));
        op(out, "materialize", UNBOUNDED, (n, h) -> n == 0 ? Rill.empty() : r(n - 1, h).materialize());
        op(out, "materialize().dematerialize()", UNBOUNDED, (n, h) -> r(n, h).materialize().<Long>dematerialize());
        op(out, "switchOnFirst", UNBOUNDED, (n, h) -> r(n, h).switchOnFirst((s, all) -> all));
        op(out, "switchOnFirst(skip first)", UNBOUNDED, (n, h) -> r(n + 1, h).switchOnFirst((s, all) -> all.skip(1)));
        op(out, "firstWithValue", UNBOUNDED, (n, h) -> n == 0 ? Rill.empty()
                : Rill.firstWithValue(Rill.<Long>empty(), r(n, h), Rill.<Long>never()));
        op(out, "firstWithSignal", UNBOUNDED, (n, h) -> Rill.firstWithSignal(r(n, h), Rill.<Long>never()));
        op(out, "delaySequence", 1024, (n, h) -> r(n, h).delaySequence(Duration.ofNanos(1), ENGINE));
        op(out, "fromFlow(toFlow)", UNBOUNDED, (n, h) -> {
            java.util.concurrent.Flow.Publisher<Long> flow = s -> r(n, h).toFlow().subscribe(s); // not the adapter itself
            return Rill.fromFlow(flow);
        });
        // -Drill.tck.only=<regex> runs the matching rows only (for working on one operator).
        String only = System.getProperty("rill.tck.only");
        if (only != null && !only.isBlank()) {
            java.util.regex.Pattern p = java.util.regex.Pattern.compile(only);
            out.removeIf(row -> !p.matcher((String) row[0]).find());
        }
        return out.toArray(new Object[0][]);
    }

    static final dev.rill.engine.Engine ENGINE = dev.rill.engine.Engine.builder().workers(2).name("tck").build();

    private static Rill<Long> r(long n, boolean hidden) {
        Rill<Long> r = Rill.range(0L, n);
        return hidden ? r.hide() : r;
    }

    /**
     * {@code retry} over a source that fails once per subscriber: {@code n} values over two
     * attempts, the first emitting half of them, then failing.
     */
    private static Rill<Long> failingOnce(long n, boolean hidden, Function<Rill<Long>, Rill<Long>> retry) {
        return Rill.defer(() -> {
            boolean[] failed = {false};
            return retry.apply(Rill.defer(() -> {
                if (failed[0]) {
                    return r(n - n / 2, hidden);
                }
                failed[0] = true;
                return r(n / 2, hidden).concatWith(Rill.error(new IllegalStateException("once")));
            }));
        });
    }

    private static Publisher<Long> filled(Sinks.Many<Long> sink, long n) {
        for (long i = 0; i < n; i++) {
            sink.tryEmitNext(i).orThrow();
        }
        sink.tryEmitComplete().orThrow();
        return sink.asRill();
    }

    private static Long[] boxed(long n) {
        return LongStream.range(0, n).boxed().toArray(Long[]::new);
    }

    private static void source(List<Object[]> out, String name, long max, Function<Long, Publisher<?>> make) {
        BiFunction<Long, Boolean, Publisher<?>> f = (n, hidden) -> make.apply(n);
        out.add(new Object[] {name, max, false, f});
    }

    private static void op(List<Object[]> out, String name, long max, BiFunction<Long, Boolean, Publisher<?>> make) {
        BiFunction<Long, Boolean, Publisher<?>> hidden = (n, h) -> ((Rill<?>) make.apply(n, true)).hide();
        out.add(new Object[] {name, max, false, make});
        out.add(new Object[] {name, max, true, hidden});
    }
}
