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
import dev.rill.signal.Exceptions;
import dev.rill.signal.ScalarCallable;
import dev.rill.signal.ScalarSupplier;
import dev.rill.signal.StrictSubscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Spliterators;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
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
import org.reactivestreams.FlowAdapters;
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
     * ({@link StrictSubscriber}, or {@link LeanStrictSubscriber} where this stage keeps part of the
     * rules itself); Rill's own stages are passed as they are.
     *
     * @throws NullPointerException if {@code s} is null (§1.9)
     */
    @Override
    public final void subscribe(Subscriber<? super T> s) {
        Objects.requireNonNull(s, "§1.9: subscriber must not be null");
        Subscriber<? super T> guarded;
        if (s instanceof CoreSubscriber) {
            guarded = s;
        } else if (reportsBadRequests()) {
            guarded = new LeanStrictSubscriber<>(s);
        } else {
            guarded = new StrictSubscriber<>(s);
        }
        subscribeChain(this, guarded);
    }

    /**
     * True if this stage answers {@code request(n <= 0)} itself with the §3.9 error, from the same
     * serialized emitter as its values, and signals nothing before its subscriber's
     * {@code onSubscribe} returned: a plain subscriber then needs only the lean boundary, with no
     * atomic operation per value.
     */
    boolean reportsBadRequests() {
        return false;
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

    // the daily catalogue (part 2)

    /**
     * The first of {@code sources} to emit a value; the others are cancelled then. Sources that
     * complete empty or fail are passed over; if all do, a {@link java.util.NoSuchElementException}
     * whose cause holds their errors. One source is that source as it is (as Reactor: empty stays
     * empty); none: empty.
     *
     * <pre>{@code Rill.firstWithValue(primaryMirror, backupMirror)}</pre>
     */
    @SafeVarargs
    @SuppressWarnings("varargs") // copied, then only read
    public static <T> Rill<T> firstWithValue(Publisher<? extends T>... sources) {
        Publisher<? extends T>[] a = SourceArrays.checked("firstWithValue", sources);
        return a.length == 0 ? empty() : a.length == 1 ? from(a[0]) : new RillFirstWithValue<>(a);
    }

    /**
     * The first of {@code sources} to signal anything (a value, an error or the completion),
     * mirrored; the others are cancelled then. No sources: empty.
     *
     * <pre>{@code Rill.firstWithSignal(reply, Rill.<Reply>never().timeout(Duration.ofSeconds(1)))}</pre>
     */
    @SafeVarargs
    @SuppressWarnings("varargs") // copied, then only read
    public static <T> Rill<T> firstWithSignal(Publisher<? extends T>... sources) {
        Publisher<? extends T>[] a = SourceArrays.checked("firstWithSignal", sources);
        return a.length == 0 ? empty() : a.length == 1 ? from(a[0]) : new RillFirstWithSignal<>(a);
    }

    /**
     * A {@link Flow.Publisher} as a {@code Rill}; the {@code Flow.Publisher} of {@link #toFlow()}
     * gives back the {@code Rill} it came from.
     *
     * <pre>{@code Rill.fromFlow(httpClientBodyPublisher)}</pre>
     */
    public static <T> Rill<T> fromFlow(Flow.Publisher<? extends T> source) {
        Objects.requireNonNull(source, "source");
        Publisher<? extends T> p = FlowAdapters.toPublisher(source);
        return p instanceof Rill<?> ? from(p) : new RillFromFlow<>(p, source);
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

    // the daily catalogue (part 1)

    /**
     * Values up to and including the first that {@code predicate} accepts; then cancels upstream
     * and completes. <pre>{@code lines.takeUntil(l -> l.equals("END"))}</pre>
     */
    public final Rill<T> takeUntil(Predicate<? super T> predicate) {
        return new RillTakeUntil<>(this, predicate);
    }

    /**
     * Values until {@code other} emits a value or completes (an empty {@code other} ends the stream
     * as well, as in Reactor); an error from {@code other} fails the stream.
     *
     * <pre>{@code ticks.takeUntilOther(stopButtonClicks)}</pre>
     */
    public final Rill<T> takeUntilOther(Publisher<?> other) {
        return new RillTakeUntilOther<>(this, other);
    }

    /**
     * Values from the first that {@code predicate} accepts (that one included).
     * <pre>{@code lines.skipUntil(l -> l.equals("BEGIN"))}</pre>
     */
    public final Rill<T> skipUntil(Predicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return skipWhile(v -> !predicate.test(v));
    }

    /**
     * Values from the moment {@code other} emits a value or completes; an error from {@code other}
     * fails the stream. <pre>{@code quotes.skipUntilOther(marketOpen)}</pre>
     */
    public final Rill<T> skipUntilOther(Publisher<?> other) {
        return new RillSkipUntilOther<>(this, other);
    }

    /** Only the completion or the error: every value is dropped. <pre>{@code saveAll.then().blockLast()}</pre> */
    @SuppressWarnings("unchecked") // it emits no value, so it is a Rill of any type
    public final Rill<Void> then() {
        return (Rill<Void>) (Rill<?>) ignoreElements();
    }

    /**
     * When this completes (its values dropped), {@code other}'s values; an error from this stream
     * skips {@code other}. As Reactor's {@code Flux.then(Mono)}, but {@code other} may emit many.
     *
     * <pre>{@code deleteAll.then(Rill.fromCallable(this::count))}</pre>
     */
    public final <V> Rill<V> then(Publisher<V> other) {
        return thenMany(other);
    }

    /** {@link #then(Publisher)}. <pre>{@code migrate.thenMany(repository.findAll())}</pre> */
    @SuppressWarnings("unchecked") // the first stage emits no value
    public final <V> Rill<V> thenMany(Publisher<V> other) {
        Objects.requireNonNull(other, "other");
        return new RillConcat<>(RillConcat.pair((Rill<V>) (Rill<?>) ignoreElements(), other));
    }

    /** Drops every value; passes the completion or the error. <pre>{@code rill.ignoreElements()}</pre> */
    public final Rill<T> ignoreElements() {
        return new RillIgnoreElements<>(this);
    }

    /**
     * All values in a {@link java.util.HashMap} by {@code keySelector}'s key; a later value with
     * the same key replaces the earlier one; an empty source gives an empty map.
     *
     * <pre>{@code users.collectMap(User::id)}</pre>
     */
    public final <K> Rill<Map<K, T>> collectMap(Function<? super T, ? extends K> keySelector) {
        return collectMap(keySelector, Function.identity());
    }

    /** {@link #collectMap(Function)} of {@code valueSelector}'s values. <pre>{@code users.collectMap(User::id, User::name)}</pre> */
    public final <K, V> Rill<Map<K, V>> collectMap(Function<? super T, ? extends K> keySelector,
                                                   Function<? super T, ? extends V> valueSelector) {
        return collectMap(keySelector, valueSelector, HashMap::new);
    }

    /** {@link #collectMap(Function, Function)} into a map {@code mapSupplier} makes per subscriber. */
    public final <K, V> Rill<Map<K, V>> collectMap(Function<? super T, ? extends K> keySelector,
                                                   Function<? super T, ? extends V> valueSelector,
                                                   Supplier<? extends Map<K, V>> mapSupplier) {
        Objects.requireNonNull(keySelector, "keySelector");
        Objects.requireNonNull(valueSelector, "valueSelector");
        Objects.requireNonNull(mapSupplier, "mapSupplier");
        return collect(Collector.<T, Map<K, V>>of(
                () -> Exceptions.requireNonNull(mapSupplier.get(), "collectMap: the map supplier"),
                (m, v) -> m.put(Exceptions.requireNonNull(keySelector.apply(v), "collectMap: the key selector"),
                        Exceptions.requireNonNull(valueSelector.apply(v), "collectMap: the value selector")),
                Rill::merged));
    }

    /**
     * All values in a {@link java.util.HashMap} of lists by {@code keySelector}'s key, each list in
     * arrival order; an empty source gives an empty map.
     *
     * <pre>{@code orders.collectMultimap(Order::customer)}</pre>
     */
    public final <K> Rill<Map<K, Collection<T>>> collectMultimap(Function<? super T, ? extends K> keySelector) {
        return collectMultimap(keySelector, Function.identity());
    }

    /** {@link #collectMultimap(Function)} of {@code valueSelector}'s values. */
    public final <K, V> Rill<Map<K, Collection<V>>> collectMultimap(Function<? super T, ? extends K> keySelector,
                                                                    Function<? super T, ? extends V> valueSelector) {
        Objects.requireNonNull(keySelector, "keySelector");
        Objects.requireNonNull(valueSelector, "valueSelector");
        return collect(Collector.<T, Map<K, Collection<V>>>of(HashMap::new,
                (m, v) -> m.computeIfAbsent(Exceptions.requireNonNull(keySelector.apply(v), "collectMultimap: the key selector"),
                        k -> new ArrayList<>()).add(Exceptions.requireNonNull(valueSelector.apply(v),
                        "collectMultimap: the value selector")),
                Rill::merged));
    }

    /** All values in a list in natural order ({@link ClassCastException} if not comparable). */
    public final Rill<List<T>> collectSortedList() {
        return collectSortedList(null);
    }

    /** All values in a list sorted by {@code comparator} (stable); null: natural order. */
    public final Rill<List<T>> collectSortedList(Comparator<? super T> comparator) {
        return collect(Collector.<T, List<T>, List<T>>of(ArrayList::new, List::add, Rill::merged, l -> {
            l.sort(comparator);
            return l;
        }));
    }

    /** The values in natural order, once the source completed. <pre>{@code scores.sort()}</pre> */
    public final Rill<T> sort() {
        return sort(null);
    }

    /** The values sorted by {@code comparator} (stable), once the source completed. */
    public final Rill<T> sort(Comparator<? super T> comparator) {
        return collectSortedList(comparator).flatMapIterable(l -> l);
    }

    /** Each value whose {@code keySelector} key was not seen before. <pre>{@code users.distinct(User::email)}</pre> */
    public final <K> Rill<T> distinct(Function<? super T, ? extends K> keySelector) {
        return new RillDistinct<>(this, keySelector);
    }

    /** Each value cast to {@code type}; a value that is not one fails the stream with {@link ClassCastException}. */
    public final <E> Rill<E> cast(Class<E> type) {
        Objects.requireNonNull(type, "type");
        return map(type::cast);
    }

    /** The values that are instances of {@code type}, as that type. <pre>{@code events.ofType(Click.class)}</pre> */
    @SuppressWarnings("unchecked") // the filter lets only instances of U through
    public final <U> Rill<U> ofType(Class<U> type) {
        Objects.requireNonNull(type, "type");
        return (Rill<U>) filter(type::isInstance);
    }

    /**
     * Calls {@code handler} for each value with a sink through which it may emit at most one value,
     * complete or fail: {@code map}, {@code filter} and {@code takeUntil} in one function.
     *
     * <pre>{@code lines.<Integer>handle((l, sink) -> { if (!l.isBlank()) sink.next(Integer.parseInt(l)); })}</pre>
     */
    public final <R> Rill<R> handle(BiConsumer<? super T, SynchronousSink<R>> handler) {
        return new RillHandle<>(this, handler);
    }

    /** Completes instead of failing. <pre>{@code rill.onErrorComplete()}</pre> */
    public final Rill<T> onErrorComplete() {
        return new RillOnErrorComplete<>(this, e -> true);
    }

    /** Completes instead of failing with an error {@code predicate} accepts; other errors pass. */
    public final Rill<T> onErrorComplete(Predicate<? super Throwable> predicate) {
        return new RillOnErrorComplete<>(this, Objects.requireNonNull(predicate, "predicate"));
    }

    /** Completes instead of failing with an error of {@code type}; other errors pass. <pre>{@code rill.onErrorComplete(CancellationException.class)}</pre> */
    public final Rill<T> onErrorComplete(Class<? extends Throwable> type) {
        Objects.requireNonNull(type, "type");
        return onErrorComplete(type::isInstance);
    }

    /**
     * Each value with its position, from 0, as an immutable {@code Map.Entry} (Reactor's
     * {@code Tuple2<Long, T>}: {@code getKey()} is the index, {@code getValue()} the value).
     *
     * <pre>{@code names.index().map(e -> e.getKey() + ". " + e.getValue())}</pre>
     */
    public final Rill<Map.Entry<Long, T>> index() {
        return index(Map::entry);
    }

    /** Each value combined with its position, from 0, by {@code indexMapper}. <pre>{@code names.index((i, n) -> i + ". " + n)}</pre> */
    public final <R> Rill<R> index(BiFunction<? super Long, ? super T, ? extends R> indexMapper) {
        Objects.requireNonNull(indexMapper, "indexMapper");
        return defer(() -> {
            long[] next = {0}; // one counter per subscriber
            return map(v -> Exceptions.requireNonNull(indexMapper.apply(next[0]++, v), "index: the index mapper"));
        });
    }

    /** A collector's combiner, which a sequential stream never calls. */
    private static <C> C merged(C a, C b) {
        throw new UnsupportedOperationException("sequential collection: nothing to combine");
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

    // the daily catalogue (part 2)

    /**
     * Maps each value to a publisher and subscribes to them eagerly, as {@code flatMap} does (at
     * most {@value #DEFAULT_CONCURRENCY} at once), but emits their values in the order of the
     * source values, each inner's values buffered until its turn.
     *
     * <pre>{@code ids.flatMapSequential(id -> Rill.fromCallable(() -> load(id)).subscribeOn(engine))}</pre>
     */
    public final <R> Rill<R> flatMapSequential(Function<? super T, ? extends Publisher<? extends R>> mapper) {
        return flatMapSequential(mapper, DEFAULT_CONCURRENCY, DEFAULT_CONCAT_PREFETCH);
    }

    /** {@link #flatMapSequential(Function)} with at most {@code maxConcurrency} inners subscribed at once. */
    public final <R> Rill<R> flatMapSequential(Function<? super T, ? extends Publisher<? extends R>> mapper,
                                               int maxConcurrency) {
        return flatMapSequential(mapper, maxConcurrency, DEFAULT_CONCAT_PREFETCH);
    }

    /** {@link #flatMapSequential(Function, int)}, each inner buffering up to {@code prefetch} values. */
    public final <R> Rill<R> flatMapSequential(Function<? super T, ? extends Publisher<? extends R>> mapper,
                                               int maxConcurrency, int prefetch) {
        return new RillFlatMapSequential<>(this, mapper, maxConcurrency, prefetch, false);
    }

    /** {@link #flatMapSequential(Function, int, int)} that runs every inner to its end and reports the errors then. */
    public final <R> Rill<R> flatMapSequentialDelayError(Function<? super T, ? extends Publisher<? extends R>> mapper,
                                                         int maxConcurrency, int prefetch) {
        return new RillFlatMapSequential<>(this, mapper, maxConcurrency, prefetch, true);
    }

    /**
     * The values, then their expansions, breadth first: all values of one level before any of the
     * next. Recursion of any depth runs in constant stack.
     *
     * <pre>{@code Rill.just(root).expand(node -> Rill.fromIterable(node.children()))}</pre>
     */
    public final Rill<T> expand(Function<? super T, ? extends Publisher<? extends T>> expander) {
        return new RillExpand<>(this, expander);
    }

    /**
     * The values, each followed at once by its whole expansion, depth first. Recursion of any depth
     * runs in constant stack.
     *
     * <pre>{@code Rill.just(dir).expandDeep(d -> Rill.fromIterable(d.subdirectories()))}</pre>
     */
    public final Rill<T> expandDeep(Function<? super T, ? extends Publisher<? extends T>> expander) {
        return new RillExpandDeep<>(this, expander);
    }

    /**
     * Every signal as a {@link Signal} value, the terminal one included (on demand, like the
     * others), then completion.
     *
     * <pre>{@code rill.materialize().filter(Signal::isOnError)}</pre>
     */
    public final Rill<Signal<T>> materialize() {
        return new RillMaterialize<>(this);
    }

    /**
     * On a {@code Rill<Signal<X>>}: the signals played back (an error or completion signal ends
     * the stream and cancels this one). An element that is not a {@link Signal} fails it with a
     * {@link ClassCastException}.
     *
     * <pre>{@code Rill<Integer> again = rill.materialize().<Integer>dematerialize();}</pre>
     */
    public final <X> Rill<X> dematerialize() {
        return new RillDematerialize<>(this);
    }

    /**
     * Waits for the first signal, then hands it and this stream (the first value included; to be
     * subscribed once) to {@code transformer} and emits what its publisher emits. The end of that
     * publisher, or a cancel, cancels this stream.
     *
     * <pre>{@code lines.switchOnFirst((first, all) -> isHeader(first.get()) ? all.skip(1) : all)}</pre>
     */
    public final <R> Rill<R> switchOnFirst(BiFunction<Signal<? extends T>, Rill<T>, Publisher<? extends R>> transformer) {
        return new RillSwitchOnFirst<>(this, transformer);
    }

    /**
     * This stream as a {@link Flow.Publisher} ({@link #fromFlow} gives this {@code Rill} back).
     *
     * <pre>{@code HttpRequest.BodyPublishers.fromPublisher(bytes.toFlow())}</pre>
     */
    @SuppressWarnings("unchecked") // the Flow.Publisher a Rill<T> came from emits Ts
    public final Flow.Publisher<T> toFlow() {
        if (this instanceof RillFromFlow<T> f) {
            return (Flow.Publisher<T>) f.flow;
        }
        return FlowAdapters.toFlowPublisher(this);
    }

    /**
     * Every signal (values, completion and error) shifted later by {@code delay}, the gaps between
     * them kept; on {@link Engine#common()} (virtual time under {@code StepVerifier.withVirtualTime}).
     *
     * <pre>{@code events.delaySequence(Duration.ofSeconds(1))}</pre>
     */
    public final Rill<T> delaySequence(Duration delay) {
        return new RillDelaySequence<>(this, delay, defaultTime());
    }

    /** {@link #delaySequence(Duration)} timed on {@code scheduler}. */
    public final Rill<T> delaySequence(Duration delay, Scheduler scheduler) {
        return new RillDelaySequence<>(this, delay, scheduler);
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

    /**
     * Windows of {@code period} each, back to back from the first request: the next opens as one
     * closes, so a period without values gives an empty window. Each window has one subscriber
     * and keeps its values until asked; a window due without demand fails the stream.
     *
     * <pre>{@code events.window(Duration.ofSeconds(1)).flatMap(Rill::count)   // events per second}</pre>
     */
    public final Rill<Rill<T>> window(Duration period) {
        return new RillWindowTimeout<>(this, period, defaultTime());
    }

    /** {@link #window(Duration)} timed on {@code scheduler}. */
    public final Rill<Rill<T>> window(Duration period, Scheduler scheduler) {
        return new RillWindowTimeout<>(this, period, scheduler);
    }

    /**
     * Windows that close when they hold {@code maxSize} values or have been open {@code maxTime},
     * whichever comes first; the next opens at once, and its time starts then. As {@link
     * #window(Duration)} otherwise.
     *
     * <pre>{@code events.windowTimeout(100, Duration.ofMillis(50)).concatMap(Rill::collectList)}</pre>
     */
    public final Rill<Rill<T>> windowTimeout(int maxSize, Duration maxTime) {
        return new RillWindowTimeout<>(this, maxSize, maxTime, defaultTime());
    }

    /** {@link #windowTimeout(int, Duration)} timed on {@code scheduler}. */
    public final Rill<Rill<T>> windowTimeout(int maxSize, Duration maxTime, Scheduler scheduler) {
        return new RillWindowTimeout<>(this, maxSize, maxTime, scheduler);
    }

    /** {@link #windowTimeout(int, Duration)}: a window closes when full or when {@code maxTime} is up, whichever first. */
    public final Rill<Rill<T>> window(int maxSize, Duration maxTime) {
        return windowTimeout(maxSize, maxTime);
    }

    /**
     * Windows that each end with a value matching {@code predicate} (that value included); a
     * window opens with its first value, so none is empty. Each window has one subscriber and
     * keeps its values until asked.
     *
     * <pre>{@code lines.windowUntil(String::isEmpty).concatMap(Rill::collectList)   // paragraphs}</pre>
     */
    public final Rill<Rill<T>> windowUntil(Predicate<? super T> predicate) {
        return new RillWindowPredicate<>(this, predicate, false);
    }

    /**
     * {@link #windowUntil(Predicate)}; with {@code cutBefore} the matching value starts the next
     * window instead of ending the current one (a match as the very first value opens no empty
     * window before it, unlike Reactor's).
     */
    public final Rill<Rill<T>> windowUntil(Predicate<? super T> predicate, boolean cutBefore) {
        return new RillWindowPredicate<>(this, predicate, cutBefore);
    }

    /**
     * Lists that each end with a value matching {@code predicate} (that value included); the
     * unfinished list, if not empty, when the source completes. No list is empty.
     *
     * <pre>{@code lines.bufferUntil(l -> l.endsWith(";"))   // statements}</pre>
     */
    public final Rill<List<T>> bufferUntil(Predicate<? super T> predicate) {
        return new RillBufferPredicate<>(this, predicate, RillBufferPredicate.Mode.UNTIL);
    }

    /**
     * {@link #bufferUntil(Predicate)}; with {@code cutBefore} the matching value starts the next
     * list instead of ending the current one.
     */
    public final Rill<List<T>> bufferUntil(Predicate<? super T> predicate, boolean cutBefore) {
        return new RillBufferPredicate<>(this, predicate,
                cutBefore ? RillBufferPredicate.Mode.UNTIL_CUT_BEFORE : RillBufferPredicate.Mode.UNTIL);
    }

    /**
     * Lists of consecutive values matching {@code predicate}; a value that does not match closes
     * the list and is dropped. No list is empty.
     *
     * <pre>{@code tokens.bufferWhile(t -> !t.equals(","))   // the fields between commas}</pre>
     */
    public final Rill<List<T>> bufferWhile(Predicate<? super T> predicate) {
        return new RillBufferPredicate<>(this, predicate, RillBufferPredicate.Mode.WHILE);
    }

    /**
     * Lists of up to {@code maxSize} values, each emitted when full or {@code maxTime} after its
     * first value, whichever comes first; never empty. The unfinished list when the source
     * completes. Asks the source for {@code maxSize} values per list requested; a list due without
     * demand fails the stream.
     *
     * <pre>{@code events.bufferTimeout(500, Duration.ofMillis(100)).subscribe(db::insertAll)}</pre>
     */
    public final Rill<List<T>> bufferTimeout(int maxSize, Duration maxTime) {
        return new RillBufferTimeout<>(this, maxSize, maxTime, defaultTime());
    }

    /** {@link #bufferTimeout(int, Duration)} timed on {@code scheduler}. */
    public final Rill<List<T>> bufferTimeout(int maxSize, Duration maxTime, Scheduler scheduler) {
        return new RillBufferTimeout<>(this, maxSize, maxTime, scheduler);
    }

    /**
     * A list of the values since the previous signal of {@code boundary} at each of its signals
     * (none if there were no values); completes, with the unfinished list, when either completes.
     * A list due without demand fails the stream.
     *
     * <pre>{@code clicks.buffer(Rill.interval(Duration.ofSeconds(1)))}</pre>
     */
    public final Rill<List<T>> buffer(Publisher<?> boundary) {
        return new RillBufferBoundary<>(this, boundary);
    }

    // ------------------------------------------------------------------ grouping

    /**
     * Splits this stream into one {@link GroupedRill} per key: a group opens with the first value of
     * its key, is emitted then, and gets every later value with that key. Each group is unicast
     * (one subscriber) and buffers its values until they are requested; the source is asked for
     * 256 values ahead, and for more as the groups' subscribers take them. A group whose
     * subscriber cancels is closed; a later value with its key opens a new group. Cancelling the
     * main stream lets the groups already emitted go on; the source is cancelled once the main
     * stream and every group are. A null key, or a key function that throws, fails the main
     * stream and every group and cancels the source.
     *
     * <p><b>Every group must be consumed.</b> Values waiting in groups nobody reads count against
     * the prefetch: once all of them sit in such groups, the source is no longer asked and the
     * whole stream hangs. That is what happens with more distinct keys than a
     * {@code flatMap}'s {@code maxConcurrency} (the groups beyond it are never subscribed), or with
     * {@code concatMap} over groups that only end when the source does. Keep the number of keys
     * low, subscribe to every group (a {@code flatMap} with {@code maxConcurrency} at least the
     * number of keys), or raise the prefetch. When as many groups as the prefetch are open and none
     * has a subscriber, {@code groupBy} logs a WARNING once on the {@link System.Logger}
     * {@code dev.rill.groupBy}.
     *
     * <pre>{@code orders.groupBy(Order::customer).flatMap(g -> g.count().map(n -> g.key() + ": " + n))}</pre>
     */
    public final <K> Rill<GroupedRill<K, T>> groupBy(Function<? super T, ? extends K> key) {
        return groupBy(key, DEFAULT_PREFETCH);
    }

    /**
     * {@link #groupBy(Function)} with each value mapped by {@code value} before it enters its group;
     * a null from {@code value}, or {@code value} throwing, fails the stream as the key function does.
     *
     * <pre>{@code words.groupBy(w -> w.charAt(0), String::length)}</pre>
     */
    public final <K, V> Rill<GroupedRill<K, V>> groupBy(Function<? super T, ? extends K> key,
                                                       Function<? super T, ? extends V> value) {
        return groupBy(key, value, DEFAULT_PREFETCH);
    }

    /** {@link #groupBy(Function)} asking the source for {@code prefetch} values ahead ({@link IllegalArgumentException} if not positive). */
    public final <K> Rill<GroupedRill<K, T>> groupBy(Function<? super T, ? extends K> key, int prefetch) {
        return new RillGroupBy<>(this, key, Function.identity(), prefetch);
    }

    /** {@link #groupBy(Function, Function)} asking the source for {@code prefetch} values ahead. */
    public final <K, V> Rill<GroupedRill<K, V>> groupBy(Function<? super T, ? extends K> key,
                                                       Function<? super T, ? extends V> value, int prefetch) {
        return new RillGroupBy<>(this, key, value, prefetch);
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
     * {@link #publish()} with a memory: once connected, every subscriber, however late, first gets
     * all the values so far, then the live ones; the slowest subscriber paces the source
     * (prefetching 256). A connection that ended still replays to late subscribers.
     *
     * <pre>{@code ConnectableRill<Config> configs = updates.replay(); configs.connect(); configs.subscribe(late);}</pre>
     */
    public final ConnectableRill<T> replay() {
        return new RillReplay<>(this, Integer.MAX_VALUE, Long.MAX_VALUE, null, DEFAULT_PREFETCH);
    }

    /**
     * {@link #replay()} that keeps the last {@code history} values for late subscribers.
     *
     * @throws IllegalArgumentException if {@code history} is not positive
     */
    public final ConnectableRill<T> replay(int history) {
        return new RillReplay<>(this, replayHistory(history), Long.MAX_VALUE, null, DEFAULT_PREFETCH);
    }

    /**
     * {@link #replay()} that keeps for late subscribers the values younger than {@code maxAge}, on
     * the default time scheduler.
     *
     * @throws IllegalArgumentException if {@code maxAge} is negative
     */
    public final ConnectableRill<T> replay(Duration maxAge) {
        return replay(Integer.MAX_VALUE, maxAge, defaultTime());
    }

    /** {@link #replay(Duration)} with its clock from {@code scheduler}. */
    public final ConnectableRill<T> replay(Duration maxAge, Scheduler scheduler) {
        return replay(Integer.MAX_VALUE, maxAge, scheduler);
    }

    /** {@link #replay(int)} and {@link #replay(Duration)} at once: the last {@code history} values younger than {@code maxAge}. */
    public final ConnectableRill<T> replay(int history, Duration maxAge) {
        return replay(history, maxAge, defaultTime());
    }

    private ConnectableRill<T> replay(int history, Duration maxAge, Scheduler scheduler) {
        long maxAgeNanos = dev.rill.signal.Durations.nonNegativeNanos("replay", "maxAge", maxAge);
        Objects.requireNonNull(scheduler, "scheduler");
        return new RillReplay<>(this, replayHistory(history), maxAgeNanos, scheduler, DEFAULT_PREFETCH);
    }

    private static int replayHistory(int history) {
        if (history <= 0) {
            throw new IllegalArgumentException("replay: history must be positive, was " + history);
        }
        return history;
    }

    /**
     * Subscribes to this stream once, at the first subscriber, and remembers everything it sends,
     * its end included, for every later subscriber: {@code replay().autoConnect()}.
     *
     * <pre>{@code Rill<Token> token = Rill.fromCallable(auth::fetchToken).cache();}</pre>
     */
    public final Rill<T> cache() {
        return replay().autoConnect();
    }

    /** {@link #cache()} that remembers the last {@code history} values. */
    public final Rill<T> cache(int history) {
        return replay(history).autoConnect();
    }

    /** {@link #cache()} that remembers the values younger than {@code maxAge}. */
    public final Rill<T> cache(Duration maxAge) {
        return replay(maxAge).autoConnect();
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

    // ------------------------------------------------------------------ parallel rails

    /**
     * Splits this stream into rails, as many as the engine running the caller has workers (off an
     * engine: {@link Runtime#availableProcessors()}). See {@link #parallel(int)}.
     */
    public final ParallelRill<T> parallel() {
        Engine here = Engine.current();
        return parallel(here != null ? here.workerCount() : Runtime.getRuntime().availableProcessors());
    }

    /**
     * Splits this stream into {@code rails} rails (prefetching 256): each value goes to the next
     * rail with room for it, so a slow rail takes fewer. {@link ParallelRill#runOn} runs the rails
     * side by side; {@link ParallelRill#sequential()} merges them back.
     *
     * <pre>{@code Rill.fromIterable(images).parallel(4).runOn(engine).map(this::resize).sequential()}</pre>
     *
     * @throws IllegalArgumentException if {@code rails} is not positive
     */
    public final ParallelRill<T> parallel(int rails) {
        return parallel(rails, DEFAULT_PREFETCH);
    }

    /** {@link #parallel(int)} taking {@code prefetch} values ahead from this stream; both must be positive. */
    public final ParallelRill<T> parallel(int rails, int prefetch) {
        return new ParallelSource<>(this, rails, prefetch);
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
