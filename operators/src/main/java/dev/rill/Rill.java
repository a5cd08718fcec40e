package dev.rill;

import dev.rill.engine.Cancellable;
import dev.rill.engine.Engine;
import dev.rill.engine.Scheduler;
import dev.rill.engine.VirtualTimeScheduler;
import dev.rill.publishers.ArrayPublisher;
import dev.rill.publishers.CallablePublisher;
import dev.rill.publishers.CompletionStagePublisher;
import dev.rill.publishers.CreatePublisher;
import dev.rill.publishers.DeferPublisher;
import dev.rill.publishers.Emitter;
import dev.rill.publishers.EmptyPublisher;
import dev.rill.publishers.ErrorPublisher;
import dev.rill.publishers.GeneratePublisher;
import dev.rill.publishers.IntervalPublisher;
import dev.rill.publishers.IterablePublisher;
import dev.rill.publishers.JustPublisher;
import dev.rill.publishers.LongRangePublisher;
import dev.rill.publishers.NeverPublisher;
import dev.rill.publishers.RangePublisher;
import dev.rill.publishers.StreamPublisher;
import dev.rill.publishers.SynchronousSink;
import dev.rill.publishers.TimerPublisher;
import dev.rill.publishers.UsingPublisher;
import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.ScalarCallable;
import dev.rill.signal.ScalarSupplier;
import dev.rill.signal.StrictSubscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Spliterators;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collector;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A stream of values delivered on demand: Rill's fluent {@link Publisher}. Static factories make
 * sources; instance methods add operators; nothing happens until a subscriber subscribes.
 *
 * <pre>{@code
 * long sum = Rill.range(1, 1_000_000).map(i -> i * 2).filter(i -> i % 3 == 0)
 *                .reduce(0L, (acc, i) -> acc + i).blockLast();
 * }</pre>
 *
 * <p>Single-value results ({@code reduce}, {@code count}, {@code collectList}, ...) are a
 * {@code Rill} with one element. Adjacent stages fuse where safe ({@code map} and {@code filter}
 * over {@code range}, arrays and iterables run as one loop), and user functions never cross a
 * thread boundary through fusion.
 *
 * <p>Bad input: null arguments throw {@link NullPointerException} at assembly, negative counts
 * {@link IllegalArgumentException}; nulls from user functions fail the stream with a
 * {@link NullPointerException} naming the operator; errors that can no longer be delivered go to
 * {@link dev.rill.signal.Hooks#onErrorDropped}.
 *
 * <p>Threading: assembling is thread-safe (every operator returns a new immutable stage);
 * signals follow the Reactive Streams rules.
 */
public abstract class Rill<T> implements Publisher<T> {

    /** Values an async stage asks its upstream for ahead of demand, unless told otherwise. */
    static final int DEFAULT_PREFETCH = 256;
    /** Inners {@code flatMap} subscribes to at once, unless told otherwise. */
    static final int DEFAULT_CONCURRENCY = 256;
    /** Prefetch of the one-at-a-time operators ({@code concatMap}, {@code switchMap}, {@code zip}). */
    static final int DEFAULT_CONCAT_PREFETCH = 32;

    /** Only this package's stages extend {@code Rill}: a user's publisher enters with {@link #from}. */
    Rill() {
    }

    /**
     * The scheduler of time operators given none: {@link Engine#common()}, or the virtual-time
     * scheduler an assembly on this thread runs under ({@link VirtualTimeScheduler#assemble}).
     */
    static Scheduler defaultTime() {
        VirtualTimeScheduler v = VirtualTimeScheduler.assembling();
        return v != null ? v : Engine.common();
    }

    /**
     * Subscribes. A plain {@link Subscriber} gets full Reactive Streams behaviour at its boundary
     * ({@link StrictSubscriber}); Rill's own stages are passed as they are.
     *
     * @throws NullPointerException if {@code s} is null (§1.9)
     */
    @Override
    public final void subscribe(Subscriber<? super T> s) {
        Objects.requireNonNull(s, "§1.9: subscriber must not be null");
        subscribeChain(this, s instanceof CoreSubscriber ? s : new StrictSubscriber<>(s));
    }

    /**
     * Subscribes {@code s} to {@code stage} walking up the operators in a loop, not a recursion:
     * each {@link RillOperator} hands back the subscriber for its source, and only the first stage
     * that is not an operator subscribes for real. The stack stays flat however long the chain.
     */
    @SuppressWarnings({"unchecked", "rawtypes"}) // each operator's output type is its downstream's input type
    static void subscribeChain(Rill<?> stage, Subscriber<?> s) {
        Publisher<?> p = stage;
        Subscriber sub = s;
        while (p instanceof RillOperator<?, ?> op) {
            Publisher<?> instead = op.instead();
            if (instead != null) {
                p = instead;
                continue;
            }
            sub = op.subscribeOrReturn(sub);
            if (sub == null) {
                return;
            }
            p = op.source();
        }
        if (p instanceof Rill<?> r) {
            r.subscribeActual(sub);
        } else {
            p.subscribe(sub); // a foreign publisher a stage stood for: sub is one of ours
        }
    }

    /** Wires the trusted subscriber {@code s} to this stage. */
    protected abstract void subscribeActual(Subscriber<? super T> s);

    // ------------------------------------------------------------------ sources

    /** Wraps any publisher. <pre>{@code Rill.from(flux)}</pre> */
    @SuppressWarnings("unchecked")
    public static <T> Rill<T> from(Publisher<? extends T> source) {
        Objects.requireNonNull(source, "source");
        if (source instanceof Rill) {
            return (Rill<T>) source;
        }
        return new Source<>(source);
    }

    /** One value. <pre>{@code Rill.just("a")}</pre> */
    public static <T> Rill<T> just(T value) {
        return new ScalarSource<>(new JustPublisher<>(value));
    }

    /** The given values in order. <pre>{@code Rill.just(1, 2, 3)}</pre> */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only read, never handed out as a T[]
    public static <T> Rill<T> just(T... values) {
        return fromArray(values);
    }

    /** The elements of an array. <pre>{@code Rill.fromArray(names)}</pre> */
    public static <T> Rill<T> fromArray(T[] values) {
        return new Source<>(new ArrayPublisher<>(values));
    }

    /** Nothing, then completion. <pre>{@code Rill.empty()}</pre> */
    public static <T> Rill<T> empty() {
        return new ScalarSource<>(EmptyPublisher.instance());
    }

    /** An error. <pre>{@code Rill.error(new IOException("down"))}</pre> */
    public static <T> Rill<T> error(Throwable error) {
        return new Source<>(new ErrorPublisher<>(error));
    }

    /** An error made per subscriber. <pre>{@code Rill.error(() -> new IOException("down"))}</pre> */
    public static <T> Rill<T> error(Supplier<? extends Throwable> errors) {
        return new Source<>(new ErrorPublisher<>(errors));
    }

    /** No signal at all after subscription. <pre>{@code Rill.never()}</pre> */
    public static <T> Rill<T> never() {
        return new Source<>(NeverPublisher.instance());
    }

    /** {@code count} ints from {@code start}. <pre>{@code Rill.range(1, 10)}</pre> */
    public static Rill<Integer> range(int start, int count) {
        return new Source<>(new RangePublisher(start, count));
    }

    /** {@code count} longs from {@code start}. <pre>{@code Rill.range(0L, 1L << 40)}</pre> */
    public static Rill<Long> range(long start, long count) {
        return new Source<>(new LongRangePublisher(start, count));
    }

    /** The elements of an iterable (a fresh iterator per subscriber). <pre>{@code Rill.fromIterable(list)}</pre> */
    public static <T> Rill<T> fromIterable(Iterable<? extends T> iterable) {
        return new Source<>(new IterablePublisher<>(iterable));
    }

    /** The elements of a stream, for the first subscriber only. <pre>{@code Rill.fromStream(lines)}</pre> */
    public static <T> Rill<T> fromStream(Stream<? extends T> stream) {
        return new Source<>(new StreamPublisher<>(stream));
    }

    /** The result of a callable, called per subscriber. <pre>{@code Rill.fromCallable(() -> load())}</pre> */
    public static <T> Rill<T> fromCallable(Callable<? extends T> callable) {
        return new CallableSource<>(new CallablePublisher<>(callable));
    }

    /** The value of a completion stage. <pre>{@code Rill.fromCompletionStage(future)}</pre> */
    public static <T> Rill<T> fromCompletionStage(CompletionStage<? extends T> stage) {
        return new Source<>(new CompletionStagePublisher<>(stage));
    }

    /** A publisher made per subscriber. <pre>{@code Rill.defer(() -> Rill.just(Instant.now()))}</pre> */
    public static <T> Rill<T> defer(Supplier<? extends Publisher<? extends T>> supplier) {
        return new Source<>(new DeferPublisher<>(supplier));
    }

    /**
     * A synchronous state machine, one signal per call.
     *
     * <pre>{@code Rill.generate(() -> 0, (i, sink) -> { sink.next(i); return i + 1; }, i -> { })}</pre>
     */
    public static <T, S> Rill<T> generate(Callable<S> initialState, BiFunction<S, SynchronousSink<T>, S> generator,
                                          Consumer<? super S> disposeState) {
        return new Source<>(new GeneratePublisher<>(initialState, generator, disposeState));
    }

    /** {@link #generate(Callable, BiFunction, Consumer)} with no state. <pre>{@code Rill.generate(sink -> sink.next(read()))}</pre> */
    public static <T> Rill<T> generate(Consumer<SynchronousSink<T>> generator) {
        Objects.requireNonNull(generator, "generator");
        return generate(() -> Boolean.TRUE, (s, sink) -> {
            generator.accept(sink);
            return s;
        }, s -> { });
    }

    /**
     * Values pushed from callbacks, any thread, buffered without bound until requested.
     *
     * <pre>{@code Rill.create(e -> { button.onClick(e::next); e.onDispose(button::clearListener); })}</pre>
     */
    public static <T> Rill<T> create(Consumer<? super Emitter<T>> emitter) {
        return create(emitter, Emitter.Overflow.BUFFER);
    }

    /** {@link #create(Consumer)} with a strategy for values beyond demand: BUFFER, DROP, LATEST or ERROR. */
    public static <T> Rill<T> create(Consumer<? super Emitter<T>> emitter, Emitter.Overflow overflow) {
        return new Source<>(new CreatePublisher<>(emitter, overflow));
    }

    /** 0, 1, 2, ... every {@code period} on {@link Engine#common()}. <pre>{@code Rill.interval(Duration.ofMillis(100))}</pre> */
    public static Rill<Long> interval(Duration period) {
        return interval(period, defaultTime());
    }

    /** 0, 1, 2, ... every {@code period} on {@code scheduler}. <pre>{@code Rill.interval(Duration.ofMillis(1), engine)}</pre> */
    public static Rill<Long> interval(Duration period, Scheduler scheduler) {
        Objects.requireNonNull(period, "period"); // checked here: the user passed no initialDelay
        return interval(period, period, scheduler);
    }

    /** 0, 1, 2, ... after {@code initialDelay}, then every {@code period}, on {@code scheduler}. */
    public static Rill<Long> interval(Duration initialDelay, Duration period, Scheduler scheduler) {
        return new Source<>(new IntervalPublisher(initialDelay, period, scheduler));
    }

    /** {@code 0L} after {@code delay} on {@link Engine#common()}. <pre>{@code Rill.timer(Duration.ofSeconds(1))}</pre> */
    public static Rill<Long> timer(Duration delay) {
        return timer(delay, defaultTime());
    }

    /** {@code 0L} after {@code delay} on {@code scheduler}. */
    public static Rill<Long> timer(Duration delay, Scheduler scheduler) {
        return new Source<>(new TimerPublisher(delay, scheduler));
    }

    /**
     * A resource per subscriber, cleaned up on every terminal path.
     *
     * <pre>{@code Rill.using(() -> open(path), Rill::fromLines, Reader::close)}</pre>
     */
    public static <T, R> Rill<T> using(Callable<? extends R> resource,
                                       Function<? super R, ? extends Publisher<? extends T>> factory,
                                       Consumer<? super R> cleanup) {
        return new Source<>(new UsingPublisher<>(resource, factory, cleanup));
    }

    /**
     * The values of all {@code sources}, merged as they come.
     *
     * <pre>{@code Rill.merge(fast, slow)}</pre>
     */
    @SafeVarargs
    @SuppressWarnings("varargs") // copied, then only read
    public static <T> Rill<T> merge(Publisher<? extends T>... sources) {
        return new RillMerge<>(SourceArrays.checked("merge", sources));
    }

    /** The values of the inner publishers, merged, at most {@code maxConcurrency} subscribed at once. */
    public static <T> Rill<T> merge(Publisher<? extends Publisher<? extends T>> sources, int maxConcurrency) {
        return Rill.<Publisher<? extends T>>from(sources).flatMap(p -> p, maxConcurrency, DEFAULT_PREFETCH);
    }

    /**
     * The values of each source in turn: the next is subscribed when the one before completes.
     *
     * <pre>{@code Rill.concat(cache, network)}</pre>
     */
    @SafeVarargs
    @SuppressWarnings("varargs") // copied, then only read
    public static <T> Rill<T> concat(Publisher<? extends T>... sources) {
        return new RillConcat<>(SourceArrays.checked("concat", sources));
    }

    /**
     * The values of the inner publishers, one publisher after the other, {@code prefetch} of them
     * requested ahead. (No one-argument form: {@code Publisher} is a functional interface, so it
     * would be ambiguous with {@link #concat(Publisher[])} for a lambda.)
     *
     * <pre>{@code Rill.concat(pages, 2)}</pre>
     */
    public static <T> Rill<T> concat(Publisher<? extends Publisher<? extends T>> sources, int prefetch) {
        return Rill.<Publisher<? extends T>>from(sources).concatMap(p -> p, prefetch);
    }

    /**
     * Pairs the n-th values of two sources; ends with the shorter.
     *
     * <pre>{@code Rill.zip(names, ages, Person::new)}</pre>
     */
    @SuppressWarnings("unchecked")
    public static <A, B, R> Rill<R> zip(Publisher<? extends A> a, Publisher<? extends B> b,
                                        BiFunction<? super A, ? super B, ? extends R> zipper) {
        Objects.requireNonNull(zipper, "zipper");
        return new RillZip<Object, R>(new Publisher<?>[] {Objects.requireNonNull(a, "a"), Objects.requireNonNull(b, "b")},
                row -> zipper.apply((A) row[0], (B) row[1]), DEFAULT_CONCAT_PREFETCH);
    }

    /** Combines the n-th values of all {@code sources} with {@code zipper} (a fresh array per row). */
    @SafeVarargs
    @SuppressWarnings("varargs") // copied by the stage, then only read
    public static <T, R> Rill<R> zip(Function<? super Object[], ? extends R> zipper, Publisher<? extends T>... sources) {
        Objects.requireNonNull(zipper, "zipper");
        return new RillZip<>(SourceArrays.checked("zip", sources), zipper, DEFAULT_CONCAT_PREFETCH);
    }

    /**
     * Combines the latest values of two sources whenever either produces one (once both have).
     *
     * <pre>{@code Rill.combineLatest(price, quantity, (p, q) -> p * q)}</pre>
     */
    @SuppressWarnings("unchecked")
    public static <A, B, R> Rill<R> combineLatest(Publisher<? extends A> a, Publisher<? extends B> b,
                                                  BiFunction<? super A, ? super B, ? extends R> combiner) {
        Objects.requireNonNull(combiner, "combiner");
        return new RillCombineLatest<Object, R>(new Publisher<?>[] {Objects.requireNonNull(a, "a"), Objects.requireNonNull(b, "b")},
                row -> combiner.apply((A) row[0], (B) row[1]), DEFAULT_CONCAT_PREFETCH);
    }

    /** Combines the latest values of all {@code sources} with {@code combiner} (a fresh array each time). */
    @SafeVarargs
    @SuppressWarnings("varargs") // copied by the stage, then only read
    public static <T, R> Rill<R> combineLatest(Function<? super Object[], ? extends R> combiner,
                                               Publisher<? extends T>... sources) {
        Objects.requireNonNull(combiner, "combiner");
        return new RillCombineLatest<>(SourceArrays.checked("combineLatest", sources), combiner, DEFAULT_CONCAT_PREFETCH);
    }

    // ------------------------------------------------------------------ operators

    /** Applies {@code mapper} to each value. <pre>{@code rill.map(String::length)}</pre> */
    public final <R> Rill<R> map(Function<? super T, ? extends R> mapper) {
        return new RillMap<>(this, mapper);
    }

    /** Keeps the values {@code predicate} accepts. <pre>{@code rill.filter(s -> !s.isEmpty())}</pre> */
    public final Rill<T> filter(Predicate<? super T> predicate) {
        return new RillFilter<>(this, predicate);
    }

    /** The first {@code n} values. <pre>{@code rill.take(10)}</pre> */
    public final Rill<T> take(long n) {
        return new RillTake<>(this, n);
    }

    /** All but the first {@code n} values. <pre>{@code rill.skip(1)}</pre> */
    public final Rill<T> skip(long n) {
        return new RillSkip<>(this, n);
    }

    /** Values while {@code predicate} holds. <pre>{@code rill.takeWhile(x -> x < 100)}</pre> */
    public final Rill<T> takeWhile(Predicate<? super T> predicate) {
        return new RillTakeWhile<>(this, predicate);
    }

    /** Values from the first one {@code predicate} rejects. <pre>{@code rill.skipWhile(String::isBlank)}</pre> */
    public final Rill<T> skipWhile(Predicate<? super T> predicate) {
        return new RillSkipWhile<>(this, predicate);
    }

    /** Each distinct value once. <pre>{@code rill.distinct()}</pre> */
    public final Rill<T> distinct() {
        return new RillDistinct<>(this, Function.identity());
    }

    /** Values whose key differs from the previous value's. <pre>{@code rill.distinctUntilChanged()}</pre> */
    public final Rill<T> distinctUntilChanged() {
        return new RillDistinctUntilChanged<>(this, Function.identity());
    }

    /** Folds all values, starting from the first. <pre>{@code rill.reduce(Integer::sum)}</pre> */
    public final Rill<T> reduce(BiFunction<T, T, T> accumulator) {
        return new RillReduce<>(this, null, accumulator);
    }

    /** Folds all values into {@code seed}. <pre>{@code rill.reduce(0L, (acc, x) -> acc + x)}</pre> */
    public final <R> Rill<R> reduce(R seed, BiFunction<R, ? super T, R> accumulator) {
        Objects.requireNonNull(seed, "seed");
        return new RillReduce<>(this, () -> seed, accumulator);
    }

    /** The running fold, one value per value. <pre>{@code rill.scan(Integer::sum)}</pre> */
    public final Rill<T> scan(BiFunction<T, ? super T, T> accumulator) {
        return new RillScan<>(this, accumulator);
    }

    /** All values in a list. <pre>{@code rill.collectList()}</pre> */
    public final Rill<List<T>> collectList() {
        return collect(Collectors.toCollection(ArrayList::new));
    }

    /** All values through a {@link Collector}. <pre>{@code rill.collect(Collectors.joining(","))}</pre> */
    public final <A, R> Rill<R> collect(Collector<? super T, A, ? extends R> collector) {
        return new RillCollect<>(this, collector);
    }

    /** How many values. <pre>{@code rill.count()}</pre> */
    public final Rill<Long> count() {
        return new RillCount<>(this);
    }

    /** Whether some value satisfies {@code predicate}. <pre>{@code rill.any(x -> x > 10)}</pre> */
    public final Rill<Boolean> any(Predicate<? super T> predicate) {
        return new RillAny<>(this, predicate);
    }

    /** Whether every value satisfies {@code predicate}. <pre>{@code rill.all(x -> x > 0)}</pre> */
    public final Rill<Boolean> all(Predicate<? super T> predicate) {
        return new RillAll<>(this, predicate);
    }

    /** The first value, or nothing if empty. <pre>{@code rill.first()}</pre> */
    public final Rill<T> first() {
        return new RillElementAt<>(this, 0, false);
    }

    /** The last value, or nothing if empty. <pre>{@code rill.last()}</pre> */
    public final Rill<T> last() {
        return new RillLast<>(this);
    }

    /** The value at {@code index}; {@link IndexOutOfBoundsException} if there are fewer. <pre>{@code rill.elementAt(3)}</pre> */
    public final Rill<T> elementAt(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("elementAt: index must not be negative, was " + index);
        }
        return new RillElementAt<>(this, index, true);
    }

    /** {@code value} if this completes empty. <pre>{@code rill.defaultIfEmpty("none")}</pre> */
    public final Rill<T> defaultIfEmpty(T value) {
        return switchIfEmpty(just(value));
    }

    /** {@code other} if this completes empty. <pre>{@code cache.switchIfEmpty(database)}</pre> */
    public final Rill<T> switchIfEmpty(Publisher<? extends T> other) {
        return new RillSwitchIfEmpty<>(this, other);
    }

    /** These values first. <pre>{@code rill.startWith(header)}</pre> */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only read, never handed out as a T[]
    public final Rill<T> startWith(T... values) {
        Rill<T> first = fromArray(values);
        if (this instanceof RillConcat<T> c) {
            return c.prepend(first);
        }
        return new RillConcat<>(RillConcat.pair(first, this));
    }

    /** Then {@code other}'s values. <pre>{@code head.concatWith(tail)}</pre> */
    public final Rill<T> concatWith(Publisher<? extends T> other) {
        Objects.requireNonNull(other, "other");
        if (this instanceof RillConcat<T> c) {
            return c.append(other);
        }
        return new RillConcat<>(RillConcat.pair(this, other));
    }

    /** Calls {@code action} for each value. <pre>{@code rill.doOnNext(log::debug)}</pre> */
    public final Rill<T> doOnNext(Consumer<? super T> action) {
        return new RillPeek<>(this, RillPeek.Callbacks.onNext(action));
    }

    /** Calls {@code action} on error. <pre>{@code rill.doOnError(e -> log.warn("failed", e))}</pre> */
    public final Rill<T> doOnError(Consumer<? super Throwable> action) {
        return new RillPeek<>(this, RillPeek.Callbacks.onError(action));
    }

    /** Calls {@code action} on completion. <pre>{@code rill.doOnComplete(() -> log.info("done"))}</pre> */
    public final Rill<T> doOnComplete(Runnable action) {
        return new RillPeek<>(this, RillPeek.Callbacks.onComplete(action));
    }

    /** Calls {@code action} with the subscription. <pre>{@code rill.doOnSubscribe(s -> log.info("start"))}</pre> */
    public final Rill<T> doOnSubscribe(Consumer<? super Subscription> action) {
        return new RillPeek<>(this, RillPeek.Callbacks.onSubscribe(action));
    }

    /** Calls {@code action} with each request amount. <pre>{@code rill.doOnRequest(n -> log.debug("req {}", n))}</pre> */
    public final Rill<T> doOnRequest(LongConsumer action) {
        return new RillPeek<>(this, RillPeek.Callbacks.onRequest(action));
    }

    /** Calls {@code action} on cancel. <pre>{@code rill.doOnCancel(() -> log.info("cancelled"))}</pre> */
    public final Rill<T> doOnCancel(Runnable action) {
        return new RillPeek<>(this, RillPeek.Callbacks.onCancel(action));
    }

    /** On error, emits {@code fallback}'s value and completes. <pre>{@code rill.onErrorReturn(e -> 0)}</pre> */
    public final Rill<T> onErrorReturn(Function<? super Throwable, ? extends T> fallback) {
        return new RillOnErrorReturn<>(this, Objects.requireNonNull(fallback, "fallback"));
    }

    /** On error, emits {@code value} and completes. <pre>{@code rill.onErrorReturn(0)}</pre> */
    public final Rill<T> onErrorReturn(T value) {
        Objects.requireNonNull(value, "value");
        return onErrorReturn(e -> value);
    }

    /** On error, continues with the publisher made for it. <pre>{@code rill.onErrorResume(e -> backup)}</pre> */
    public final Rill<T> onErrorResume(Function<? super Throwable, ? extends Publisher<? extends T>> fallback) {
        return new RillResumeWith<>(this, fallback);
    }

    /** Replaces an error. <pre>{@code rill.onErrorMap(e -> new ServiceException(e))}</pre> */
    public final Rill<T> onErrorMap(Function<? super Throwable, ? extends Throwable> mapper) {
        return new RillOnErrorMap<>(this, Objects.requireNonNull(mapper, "mapper"));
    }

    /** Resubscribes after an error, up to {@code times} times. <pre>{@code rill.retry(3)}</pre> */
    public final Rill<T> retry(long times) {
        return new RillRetry<>(this, times);
    }

    /** Resubscribes after completion, {@code times} more times. <pre>{@code rill.repeat(2)}</pre> */
    public final Rill<T> repeat(long times) {
        return new RillRepeat<>(this, times);
    }

    // retry and repeat with conditions and backoff

    /**
     * Resubscribes after an error as {@code retrySpec} decides: how many times, which errors, and
     * how long to wait first (on the spec's scheduler; by default the one the time operators use). When the
     * attempts are used up the stream fails with "Retries exhausted: n/max" ({@link
     * Retry#isRetryExhausted}), the last error its cause; an error the spec's filter rejects passes
     * at once. With {@link Retry#from} a companion decides instead. Demand carries over from one
     * subscription to the next.
     *
     * <pre>{@code rill.retryWhen(Retry.backoff(3, Duration.ofMillis(100)).filter(e -> e instanceof IOException))}</pre>
     *
     * @throws IllegalArgumentException if the spec's {@code maxBackoff} is below its {@code minBackoff}
     */
    public final Rill<T> retryWhen(Retry retrySpec) {
        Objects.requireNonNull(retrySpec, "retrySpec");
        return retrySpec instanceof Retry.FromCompanion c
                ? new RillRetryCompanion<>(this, c.companion)
                : new RillRetryWhen<>(this, retrySpec);
    }

    /**
     * Resubscribes after an error {@code predicate} accepts, up to {@code times} times; any other
     * error passes at once, as does the last. <pre>{@code rill.retry(3, e -> e instanceof IOException)}</pre>
     */
    public final Rill<T> retry(long times, Predicate<? super Throwable> predicate) {
        if (times < 0) {
            throw new IllegalArgumentException("retry: times must not be negative, was " + times);
        }
        Objects.requireNonNull(predicate, "predicate");
        return new RillRetryWhen<>(this, Retry.max(times).filter(predicate)
                .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
    }

    /**
     * Resubscribes after completion when the companion made by {@code repeatFactory} emits. The
     * companion receives, at each completion, the number of values of that attempt; its completion
     * or error ends the stream the same way. <pre>{@code rill.repeatWhen(done -> done.take(3))}</pre>
     */
    public final Rill<T> repeatWhen(Function<Rill<Long>, ? extends Publisher<?>> repeatFactory) {
        return new RillRepeatWhen<>(this, repeatFactory);
    }

    /**
     * Resubscribes after completion while {@code predicate} says so, at most {@code times} more
     * times. <pre>{@code rill.repeat(10, () -> !queue.isEmpty())}</pre>
     */
    public final Rill<T> repeat(long times, BooleanSupplier predicate) {
        if (times < 0) {
            throw new IllegalArgumentException("repeat: times must not be negative, was " + times);
        }
        return new RillRepeatPredicate<>(this, times, Objects.requireNonNull(predicate, "predicate"));
    }

    /** Resubscribes after each completion while {@code predicate} says so. <pre>{@code rill.repeat(() -> running)}</pre> */
    public final Rill<T> repeat(BooleanSupplier predicate) {
        return new RillRepeatPredicate<>(this, Long.MAX_VALUE, Objects.requireNonNull(predicate, "predicate"));
    }

    /** Runs {@code action} once when the stream ends: complete, error or cancel. <pre>{@code rill.doFinally(conn::close)}</pre> */
    public final Rill<T> doFinally(Runnable action) {
        return new RillDoFinally<>(this, action);
    }

    /**
     * Logs every signal (subscribe, request, value, error, completion, cancel) to the
     * {@link System.Logger} named {@code category}, at INFO.
     *
     * <pre>{@code rill.log("orders")}</pre>
     */
    public final Rill<T> log(String category) {
        return new RillLog<>(this, Objects.requireNonNull(category, "category"));
    }

    /** {@link #log(String)} under the category {@code "dev.rill.Rill"}. */
    public final Rill<T> log() {
        return log("dev.rill.Rill");
    }

    /**
     * Delivers the signals below on {@code scheduler} (prefetching 256). On an {@link Engine} the
     * hand-off is one reusable task that yields when its budget runs out.
     *
     * <pre>{@code rill.publishOn(engine).map(this::render)}</pre>
     */
    public final Rill<T> publishOn(Scheduler scheduler) {
        return publishOn(scheduler, DEFAULT_PREFETCH);
    }

    /** {@link #publishOn(Scheduler)} with a prefetch; {@link IllegalArgumentException} if not positive. */
    public final Rill<T> publishOn(Scheduler scheduler, int prefetch) {
        return new RillPublishOn<>(this, scheduler, prefetch);
    }

    /**
     * Subscribes to this source on {@code scheduler}, and hands it every later {@code request}
     * from another thread too (so a source that emits inside {@code request} emits there).
     *
     * <pre>{@code Rill.fromCallable(() -> fetch(url)).subscribeOn(engine)}</pre>
     */
    public final Rill<T> subscribeOn(Scheduler scheduler) {
        return subscribeOn(scheduler, true);
    }

    /**
     * {@link #subscribeOn(Scheduler)}; with {@code requestOnSeparateThread} false, requests go
     * straight up from whichever thread makes them (for sources that never emit inside
     * {@code request}).
     */
    public final Rill<T> subscribeOn(Scheduler scheduler, boolean requestOnSeparateThread) {
        return new RillSubscribeOn<>(this, scheduler, requestOnSeparateThread);
    }

    // ------------------------------------------------------------------ flatMap family

    /**
     * Maps each value to a publisher and merges them, at most {@value #DEFAULT_CONCURRENCY} at a
     * time; each inner's order is kept, inners interleave.
     *
     * <pre>{@code users.flatMap(u -> Rill.fromCallable(() -> load(u)).subscribeOn(engine))}</pre>
     */
    public final <R> Rill<R> flatMap(Function<? super T, ? extends Publisher<? extends R>> mapper) {
        return flatMap(mapper, DEFAULT_CONCURRENCY, DEFAULT_PREFETCH);
    }

    /** {@link #flatMap(Function)} with at most {@code maxConcurrency} inners subscribed at once. */
    public final <R> Rill<R> flatMap(Function<? super T, ? extends Publisher<? extends R>> mapper, int maxConcurrency) {
        return flatMap(mapper, maxConcurrency, DEFAULT_PREFETCH);
    }

    /** {@link #flatMap(Function, int)}, each inner prefetching {@code prefetch} values. */
    public final <R> Rill<R> flatMap(Function<? super T, ? extends Publisher<? extends R>> mapper, int maxConcurrency,
                                     int prefetch) {
        return new RillFlatMap<>(this, mapper, maxConcurrency, prefetch, false);
    }

    /** {@link #flatMap(Function, int, int)} that runs every source to its end and reports the errors then. */
    public final <R> Rill<R> flatMapDelayError(Function<? super T, ? extends Publisher<? extends R>> mapper,
                                               int maxConcurrency, int prefetch) {
        return new RillFlatMap<>(this, mapper, maxConcurrency, prefetch, true);
    }

    /**
     * Maps each value to an {@link Iterable} and emits its elements, in order.
     *
     * <pre>{@code lines.flatMapIterable(l -> List.of(l.split(" ")))}</pre>
     */
    public final <R> Rill<R> flatMapIterable(Function<? super T, ? extends Iterable<? extends R>> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return concatMap(v -> fromIterable(Objects.requireNonNull(mapper.apply(v), "flatMapIterable: the mapper returned null")),
                DEFAULT_CONCAT_PREFETCH);
    }

    /**
     * Maps each value to a publisher and emits them one after the other, in order.
     *
     * <pre>{@code ids.concatMap(id -> repository.find(id))}</pre>
     */
    public final <R> Rill<R> concatMap(Function<? super T, ? extends Publisher<? extends R>> mapper) {
        return concatMap(mapper, DEFAULT_CONCAT_PREFETCH);
    }

    /** {@link #concatMap(Function)} prefetching {@code prefetch} upstream values. */
    public final <R> Rill<R> concatMap(Function<? super T, ? extends Publisher<? extends R>> mapper, int prefetch) {
        return new RillConcatMap<>(this, mapper, prefetch, false);
    }

    /** {@link #concatMap(Function)} that runs every inner and reports the errors at the end. */
    public final <R> Rill<R> concatMapDelayError(Function<? super T, ? extends Publisher<? extends R>> mapper) {
        return concatMapDelayError(mapper, DEFAULT_CONCAT_PREFETCH);
    }

    /** {@link #concatMapDelayError(Function)} prefetching {@code prefetch} upstream values. */
    public final <R> Rill<R> concatMapDelayError(Function<? super T, ? extends Publisher<? extends R>> mapper, int prefetch) {
        return new RillConcatMap<>(this, mapper, prefetch, true);
    }

    /**
     * Maps each value to a publisher and emits only the latest one's values, cancelling the one
     * before.
     *
     * <pre>{@code queries.switchMap(q -> search(q))}</pre>
     */
    public final <R> Rill<R> switchMap(Function<? super T, ? extends Publisher<? extends R>> mapper) {
        return switchMap(mapper, DEFAULT_CONCAT_PREFETCH);
    }

    /** {@link #switchMap(Function)}, each inner prefetching {@code prefetch} values. */
    public final <R> Rill<R> switchMap(Function<? super T, ? extends Publisher<? extends R>> mapper, int prefetch) {
        return new RillSwitchMap<>(this, mapper, prefetch);
    }

    /** This stream's values merged with {@code other}'s. <pre>{@code clicks.mergeWith(keys)}</pre> */
    @SuppressWarnings("unchecked")
    public final Rill<T> mergeWith(Publisher<? extends T> other) {
        Objects.requireNonNull(other, "other");
        if (this instanceof RillMerge<T> m) {
            return m.append(other);
        }
        return merge(this, other);
    }

    /** Pairs this stream's values with {@code other}'s. <pre>{@code names.zipWith(ages, Person::new)}</pre> */
    public final <U, R> Rill<R> zipWith(Publisher<? extends U> other, BiFunction<? super T, ? super U, ? extends R> zipper) {
        Objects.requireNonNull(other, "other"); // zip would call it b
        return zip(this, other, zipper);
    }

    // ------------------------------------------------------------------ time (on the engine's wheel)

    /**
     * Fails with a {@link java.util.concurrent.TimeoutException} if the first value, or any value
     * after the one before, takes longer than {@code timeout} (on {@link Engine#common()}).
     *
     * <pre>{@code replies.timeout(Duration.ofSeconds(2))}</pre>
     */
    public final Rill<T> timeout(Duration timeout) {
        return new RillTimeout<>(this, timeout, null, defaultTime());
    }

    /** {@link #timeout(Duration)} timed on {@code scheduler}. */
    public final Rill<T> timeout(Duration timeout, Scheduler scheduler) {
        return new RillTimeout<>(this, timeout, null, scheduler);
    }

    /** {@link #timeout(Duration)} that switches to {@code fallback} instead of failing. */
    public final Rill<T> timeout(Duration timeout, Publisher<? extends T> fallback) {
        return new RillTimeout<>(this, timeout, Objects.requireNonNull(fallback, "fallback"), defaultTime());
    }

    /** {@link #timeout(Duration, Publisher)} timed on {@code scheduler}. */
    public final Rill<T> timeout(Duration timeout, Publisher<? extends T> fallback, Scheduler scheduler) {
        return new RillTimeout<>(this, timeout, Objects.requireNonNull(fallback, "fallback"), scheduler);
    }

    /**
     * Delays each value by {@code delay} (one at a time, in order).
     *
     * <pre>{@code Rill.range(0, 3).delayElements(Duration.ofMillis(100))}</pre>
     */
    public final Rill<T> delayElements(Duration delay) {
        return delayElements(delay, defaultTime());
    }

    /** {@link #delayElements(Duration)} on {@code scheduler}. */
    public final Rill<T> delayElements(Duration delay, Scheduler scheduler) {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(scheduler, "scheduler");
        return concatMap(v -> timer(delay, scheduler).map(x -> v), 1);
    }

    /** Subscribes to this source {@code delay} from now. <pre>{@code retryable.delaySubscription(Duration.ofSeconds(1))}</pre> */
    public final Rill<T> delaySubscription(Duration delay) {
        return delaySubscription(delay, defaultTime());
    }

    /** {@link #delaySubscription(Duration)} on {@code scheduler}. */
    public final Rill<T> delaySubscription(Duration delay, Scheduler scheduler) {
        return timer(delay, scheduler).concatMap(x -> this, 1);
    }

    /** The values that arrive within {@code duration} of subscribing; then completes. <pre>{@code ticks.take(Duration.ofSeconds(5))}</pre> */
    public final Rill<T> take(Duration duration) {
        return new RillTakeTimed<>(this, duration, defaultTime());
    }

    /** {@link #take(Duration)} timed on {@code scheduler}. */
    public final Rill<T> take(Duration duration, Scheduler scheduler) {
        return new RillTakeTimed<>(this, duration, scheduler);
    }

    /**
     * Each value with the nanoseconds since the value before it (or since subscription), on the
     * clock of {@link Engine#common()}.
     *
     * <pre>{@code rill.elapsed().map(Timed::time)}</pre>
     */
    public final Rill<Timed<T>> elapsed() {
        return elapsed(defaultTime());
    }

    /** {@link #elapsed()} on {@code scheduler}'s clock. */
    public final Rill<Timed<T>> elapsed(Scheduler scheduler) {
        Objects.requireNonNull(scheduler, "scheduler");
        return defer(() -> {
            long[] last = {scheduler.now(TimeUnit.NANOSECONDS)};
            return map(v -> {
                long now = scheduler.now(TimeUnit.NANOSECONDS);
                long d = now - last[0];
                last[0] = now;
                return new Timed<>(v, d, TimeUnit.NANOSECONDS);
            });
        });
    }

    /** Each value with the wall-clock time it passed, in epoch milliseconds. <pre>{@code events.timestamp()}</pre> */
    public final Rill<Timed<T>> timestamp() {
        return map(v -> new Timed<>(v, System.currentTimeMillis(), TimeUnit.MILLISECONDS));
    }

    /** Each value with {@code scheduler}'s clock reading (virtual time under test), in milliseconds. */
    public final Rill<Timed<T>> timestamp(Scheduler scheduler) {
        Objects.requireNonNull(scheduler, "scheduler");
        return map(v -> new Timed<>(v, scheduler.now(TimeUnit.MILLISECONDS),
                TimeUnit.MILLISECONDS));
    }

    /**
     * At the end of every {@code period}, the latest value that arrived in it; the last one is
     * emitted when the source completes. Fails for lack of requests if the downstream falls behind.
     *
     * <pre>{@code mousePositions.sample(Duration.ofMillis(50))}</pre>
     */
    public final Rill<T> sample(Duration period) {
        return new RillSample<>(this, period, defaultTime());
    }

    /** {@link #sample(Duration)} timed on {@code scheduler}. */
    public final Rill<T> sample(Duration period, Scheduler scheduler) {
        return new RillSample<>(this, period, scheduler);
    }

    /**
     * Each value that is followed by {@code timeout} of quiet (the pending one is emitted at once
     * when the source completes). Fails for lack of requests if the downstream falls behind.
     *
     * <pre>{@code keystrokes.debounce(Duration.ofMillis(300)).flatMap(this::search)}</pre>
     */
    public final Rill<T> debounce(Duration timeout) {
        return new RillDebounce<>(this, timeout, defaultTime());
    }

    /** {@link #debounce(Duration)} timed on {@code scheduler}. */
    public final Rill<T> debounce(Duration timeout, Scheduler scheduler) {
        return new RillDebounce<>(this, timeout, scheduler);
    }

    /**
     * A value, then none for {@code window}: the values that arrive in the window are dropped.
     * Honours backpressure.
     *
     * <pre>{@code clicks.throttleFirst(Duration.ofSeconds(1))}</pre>
     */
    public final Rill<T> throttleFirst(Duration window) {
        return new RillThrottleFirst<>(this, window, defaultTime());
    }

    /** {@link #throttleFirst(Duration)} timed on {@code scheduler}. */
    public final Rill<T> throttleFirst(Duration window, Scheduler scheduler) {
        return new RillThrottleFirst<>(this, window, scheduler);
    }

    // ------------------------------------------------------------------ buffers and windows

    /** Lists of {@code size} values; the last may be shorter. <pre>{@code rows.buffer(100).subscribe(db::insertAll)}</pre> */
    public final Rill<List<T>> buffer(int size) {
        return new RillBuffer<>(this, size);
    }

    /**
     * A list of the values of every {@code period}, empty if none came; the unfinished period's
     * values (if any) when the source completes. Fails for lack of requests if the downstream falls
     * behind.
     *
     * <pre>{@code events.buffer(Duration.ofSeconds(1)).map(List::size)}</pre>
     */
    public final Rill<List<T>> buffer(Duration period) {
        return new RillBufferTimed<>(this, period, defaultTime());
    }

    /** {@link #buffer(Duration)} timed on {@code scheduler}. */
    public final Rill<List<T>> buffer(Duration period, Scheduler scheduler) {
        return new RillBufferTimed<>(this, period, scheduler);
    }

    /**
     * Windows of {@code size} values, each a {@code Rill} of its own that opens with its first value
     * and passes values on as they arrive; each window has one subscriber.
     *
     * <pre>{@code rows.window(100).flatMap(w -> w.count())}</pre>
     */
    public final Rill<Rill<T>> window(int size) {
        return new RillWindow<>(this, size);
    }

    // ------------------------------------------------------------------ backpressure

    /**
     * Requests everything upstream and buffers, without bound, what the downstream has not asked
     * for yet.
     *
     * <pre>{@code Rill.interval(Duration.ofMillis(1)).onBackpressureBuffer().publishOn(engine)}</pre>
     */
    public final Rill<T> onBackpressureBuffer() {
        return new RillOnBackpressureBuffer<>(this, Integer.MAX_VALUE, BufferOverflow.ERROR, null);
    }

    /** Buffers up to {@code capacity} values; one more fails the stream (after the buffered ones). */
    public final Rill<T> onBackpressureBuffer(int capacity) {
        return new RillOnBackpressureBuffer<>(this, capacity, BufferOverflow.ERROR, null);
    }

    /** Buffers up to {@code capacity} values and applies {@code overflow} beyond that. */
    public final Rill<T> onBackpressureBuffer(int capacity, BufferOverflow overflow) {
        return new RillOnBackpressureBuffer<>(this, capacity, overflow, null);
    }

    /** {@link #onBackpressureBuffer(int, BufferOverflow)}, handing each dropped value to {@code onOverflow}. */
    public final Rill<T> onBackpressureBuffer(int capacity, BufferOverflow overflow, Consumer<? super T> onOverflow) {
        return new RillOnBackpressureBuffer<>(this, capacity, overflow, Objects.requireNonNull(onOverflow, "onOverflow"));
    }

    /** Requests everything upstream and drops what the downstream has not asked for. */
    public final Rill<T> onBackpressureDrop() {
        return new RillOnBackpressureDrop<>(this, null);
    }

    /** {@link #onBackpressureDrop()}, handing each dropped value to {@code onDrop}. <pre>{@code ticks.onBackpressureDrop(dropped::add)}</pre> */
    public final Rill<T> onBackpressureDrop(Consumer<? super T> onDrop) {
        return new RillOnBackpressureDrop<>(this, Objects.requireNonNull(onDrop, "onDrop"));
    }

    /** Requests everything upstream and keeps only the latest value not yet asked for. */
    public final Rill<T> onBackpressureLatest() {
        return new RillOnBackpressureLatest<>(this);
    }

    /**
     * Caps the upstream's requests: first {@code prefetch}, then batches of {@code prefetch -
     * prefetch/4} as values go down, whatever the downstream requests.
     *
     * <pre>{@code Rill.from(database).limitRate(100)}</pre>
     */
    public final Rill<T> limitRate(int prefetch) {
        return new RillLimitRate<>(this, prefetch);
    }

    /**
     * One subscription to this stream, shared by every subscriber once {@link
     * ConnectableRill#connect() connected}; the slowest subscriber paces it (prefetching 256).
     *
     * <pre>{@code ConnectableRill<Quote> quotes = feed.publish(); quotes.subscribe(a); quotes.subscribe(b); quotes.connect();}</pre>
     */
    public final ConnectableRill<T> publish() {
        return publish(DEFAULT_PREFETCH);
    }

    /** {@link #publish()} prefetching {@code prefetch}; {@link IllegalArgumentException} if not positive. */
    public final ConnectableRill<T> publish(int prefetch) {
        return new RillPublish<>(this, prefetch);
    }

    /**
     * Shares this stream with {@code selector}, which may subscribe to it as often as it needs, over
     * one subscription per subscriber of the result; cancelled when the result ends.
     *
     * <pre>{@code prices.publish(p -> Rill.zip(p, p.skip(1), (a, b) -> b - a))   // differences, one upstream}</pre>
     */
    public final <R> Rill<R> publish(Function<? super Rill<T>, ? extends Publisher<? extends R>> selector) {
        return new RillPublishSelector<>(this, selector, DEFAULT_PREFETCH);
    }

    /**
     * {@code publish().refCount()}: one subscription shared while anyone listens, cancelled when the
     * last subscriber leaves; a subscriber after that subscribes again.
     */
    public final Rill<T> share() {
        return publish().refCount();
    }

    /** Hides this stage's identity: no fusion, no shortcuts. <pre>{@code rill.hide()}</pre> */
    public final Rill<T> hide() {
        return new RillHide<>(this);
    }

    // ------------------------------------------------------------------ terminals

    /** Subscribes and ignores the values; errors go to the dropped-error hook. */
    public final Cancellable subscribe() {
        return subscribe(null, null, null);
    }

    /** Subscribes with a value callback. <pre>{@code rill.subscribe(System.out::println)}</pre> */
    public final Cancellable subscribe(Consumer<? super T> onNext) {
        return subscribe(onNext, null, null);
    }

    /** Subscribes with value and error callbacks. */
    public final Cancellable subscribe(Consumer<? super T> onNext, Consumer<? super Throwable> onError) {
        return subscribe(onNext, onError, null);
    }

    /**
     * Subscribes with callbacks (each may be null) and an unbounded request.
     *
     * <pre>{@code Cancellable c = rill.subscribe(v -> use(v), Throwable::printStackTrace, () -> done());}</pre>
     */
    public final Cancellable subscribe(Consumer<? super T> onNext, Consumer<? super Throwable> onError,
                                       Runnable onComplete) {
        LambdaSubscriber<T> s = new LambdaSubscriber<>(onNext, onError, onComplete);
        subscribe(s);
        return s;
    }

    /**
     * Blocks for the first value (then cancels); null if empty. On an engine worker it throws
     * {@link IllegalStateException} instead (a worker must not block: see {@code Engine#blocking()}),
     * as do the other blocking waits below.
     *
     * <pre>{@code String s = rill.blockFirst();}</pre>
     */
    public final T blockFirst() {
        return block(true, null);
    }

    /** {@link #blockFirst()} with a timeout ({@link IllegalStateException} when it passes). */
    public final T blockFirst(Duration timeout) {
        return block(true, Objects.requireNonNull(timeout, "timeout"));
    }

    /** Blocks for the last value; null if empty. <pre>{@code long n = rill.count().blockLast();}</pre> */
    public final T blockLast() {
        return block(false, null);
    }

    /** {@link #blockLast()} with a timeout ({@link IllegalStateException} when it passes). */
    public final T blockLast(Duration timeout) {
        return block(false, Objects.requireNonNull(timeout, "timeout"));
    }

    private T block(boolean first, Duration timeout) {
        BlockingGuard.check(first ? "blockFirst()" : "blockLast()");
        BlockingSubscriber<T> s = new BlockingSubscriber<>(first);
        subscribe(s);
        return s.await(timeout);
    }

    /**
     * A blocking iterable over the values (prefetching 256); iterating on an engine worker throws
     * {@link IllegalStateException} when it would wait.
     *
     * <pre>{@code for (String s : rill.toIterable()) ...}</pre>
     */
    public final Iterable<T> toIterable() {
        return new BlockingIterable<>(this, 256);
    }

    /** A blocking stream over the values; closing it cancels. <pre>{@code rill.toStream().limit(3)}</pre> */
    public final Stream<T> toStream() {
        Iterator<T> it = toIterable().iterator();
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, 0), false)
                .onClose(() -> {
                    try {
                        ((AutoCloseable) it).close();
                    } catch (Exception ignored) {
                        // cancelling does not fail
                    }
                });
    }

    /**
     * The last value as a future (null if empty); cancelling the future cancels the subscription.
     * Its {@code get}/{@code join} throw {@link IllegalStateException} on an engine worker while it
     * is not done: compose it there instead.
     *
     * <pre>{@code rill.count().toFuture().thenAccept(System.out::println);}</pre>
     */
    public final CompletableFuture<T> toFuture() {
        CompletableFuture<T> f = new WaitGuardedFuture<>();
        AtomicReference<T> last = new AtomicReference<>();
        Cancellable c = subscribe(last::set, f::completeExceptionally, () -> f.complete(last.get()));
        f.whenComplete((v, e) -> {
            if (f.isCancelled()) {
                c.cancel();
            }
        });
        return f;
    }

    /** A source wrapped as a {@code Rill}. */
    static class Source<T> extends Rill<T> {
        final Publisher<? extends T> source;

        Source(Publisher<? extends T> source) {
            this.source = source;
        }

        @Override
        protected void subscribeActual(Subscriber<? super T> s) {
            source.subscribe(s);
        }
    }

    /** A constant source: {@code just(v)} or {@code empty()}, readable at assembly. */
    static final class ScalarSource<T> extends Source<T> implements ScalarSupplier<T> {
        ScalarSource(Publisher<? extends T> source) {
            super(source);
        }

        @Override
        @SuppressWarnings("unchecked")
        public T get() {
            return ((Supplier<? extends T>) source).get();
        }
    }

    /** {@code fromCallable}: callable at assembly time by operators that fuse scalars. */
    static final class CallableSource<T> extends Source<T> implements ScalarCallable<T> {
        private final CallablePublisher<T> callable;

        CallableSource(CallablePublisher<T> source) {
            super(source);
            this.callable = source;
        }

        @Override
        public T call() throws Exception {
            return callable.call();
        }
    }
}
