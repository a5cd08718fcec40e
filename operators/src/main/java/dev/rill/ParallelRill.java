package dev.rill;

import dev.rill.engine.Engine;
import dev.rill.engine.Scheduler;
import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.StrictSubscriber;
import dev.rill.signal.Subscriptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * A stream split into {@link #parallelism()} rails, made by {@link Rill#parallel(int)}: each rail is
 * a serial stream of its own, the rails run side by side, and {@link #sequential()} or
 * {@link #ordered(Comparator)} merges them back into one {@link Rill}. Reactor's {@code ParallelFlux},
 * with its names and signals.
 *
 * <pre>{@code
 * List<Result> results = Rill.fromIterable(jobs).parallel(4).runOn(engine)
 *         .map(Job::run).sequential().collectList().blockLast();
 * }</pre>
 *
 * <p><b>Balanced rails.</b> The source deals each value to the next rail that has asked for one
 * and skips a rail that has not (its {@code runOn} queue is full), so the values flow to the rails
 * that keep up; the source waits only when no rail has room. What differs from Reactor is where
 * the rails run. Reactor gives each rail a worker of its scheduler, bound to one thread for the
 * whole subscription, so a rail whose thread is busy with another rail or preempted waits for it
 * while other threads idle. On an {@link Engine}, {@link #runOn(Scheduler) runOn} makes each rail
 * one reusable engine task that drains its queue within the cooperative budget and then yields:
 * the rail is bound to no thread, an idle worker steals it, and the rails spread over whichever
 * workers are free. One slow rail therefore holds back only the values already queued on it
 * ({@code runOn}'s prefetch), never the others.
 *
 * <p>Each rail keeps the order of the values it received; values of different rails interleave.
 * An error on any rail fails the merged stream and cancels the other rails; cancelling the merged
 * stream cancels every rail and the source.
 *
 * <p>Threading: assembling is thread-safe (every operator returns a new immutable stage); each
 * rail follows the Reactive Streams rules on its own.
 *
 * @param <T> the value type
 */
public abstract class ParallelRill<T> {

    /** Only this package's stages extend {@code ParallelRill}. */
    ParallelRill() {
    }

    /** How many rails. */
    public abstract int parallelism();

    /**
     * Subscribes one subscriber per rail. A wrong number of subscribers gets every one of them
     * {@code onSubscribe} then {@code onError(IllegalArgumentException)}. Cancelling any rail
     * cancels the source, as in Reactor: the other rails get nothing more.
     *
     * @throws NullPointerException if {@code subscribers} or one of them is null
     */
    @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array
    public final void subscribe(Subscriber<? super T>[] subscribers) {
        Objects.requireNonNull(subscribers, "subscribers");
        Subscriber<? super T>[] rails = new Subscriber[subscribers.length];
        for (int i = 0; i < rails.length; i++) {
            Subscriber<? super T> s = Objects.requireNonNull(subscribers[i], "subscribers[" + i + "]");
            rails[i] = s instanceof CoreSubscriber ? s : new StrictSubscriber<>(s);
        }
        if (rails.length != parallelism()) {
            IllegalArgumentException e = new IllegalArgumentException("parallel: " + rails.length
                    + " subscribers for " + parallelism() + " rails");
            for (Subscriber<? super T> s : rails) {
                Subscriptions.error(s, e);
            }
            return;
        }
        subscribeRails(rails);
    }

    /** Wires trusted subscribers, exactly {@link #parallelism()} of them, to the rails. */
    abstract void subscribeRails(Subscriber<? super T>[] rails);

    /**
     * Runs each rail on {@code scheduler} (prefetching 256 per rail). On an {@link Engine} each
     * rail is one reusable task the work-stealing workers balance.
     *
     * <pre>{@code rill.parallel(4).runOn(engine).map(this::render)}</pre>
     */
    public final ParallelRill<T> runOn(Scheduler scheduler) {
        return runOn(scheduler, Rill.DEFAULT_PREFETCH);
    }

    /** {@link #runOn(Scheduler)} with a prefetch per rail; {@link IllegalArgumentException} if not positive. */
    public final ParallelRill<T> runOn(Scheduler scheduler, int prefetch) {
        return new ParallelRunOn<>(this, scheduler, prefetch);
    }

    /** Applies {@code mapper} to each value, on its rail. <pre>{@code rails.map(String::length)}</pre> */
    public final <R> ParallelRill<R> map(Function<? super T, ? extends R> mapper) {
        return new ParallelMap<>(this, mapper);
    }

    /** Keeps the values {@code predicate} accepts, on each rail. <pre>{@code rails.filter(s -> !s.isEmpty())}</pre> */
    public final ParallelRill<T> filter(Predicate<? super T> predicate) {
        return new ParallelFilter<>(this, predicate);
    }

    /** Calls {@code action} for each value, on its rail. <pre>{@code rails.doOnNext(log::debug)}</pre> */
    public final ParallelRill<T> doOnNext(Consumer<? super T> action) {
        return new ParallelPeek<>(this, action);
    }

    /**
     * Maps each value to a publisher and merges them into the value's rail, with no limit on how
     * many at a time (as Reactor's), each prefetching 256.
     * <pre>{@code rails.flatMap(id -> repository.find(id))}</pre>
     */
    public final <R> ParallelRill<R> flatMap(Function<? super T, ? extends Publisher<? extends R>> mapper) {
        return flatMap(mapper, Integer.MAX_VALUE, Rill.DEFAULT_PREFETCH);
    }

    /** {@link #flatMap(Function)} with at most {@code maxConcurrency} inners per rail, each prefetching {@code prefetch}. */
    public final <R> ParallelRill<R> flatMap(Function<? super T, ? extends Publisher<? extends R>> mapper,
                                             int maxConcurrency, int prefetch) {
        return new ParallelFlatMap<>(this, mapper, maxConcurrency, prefetch);
    }

    /**
     * Folds each rail's values with {@code reducer}, then the rails' results with it too, into one
     * value (nothing if every rail was empty). The rails' results combine in the order they end.
     *
     * <pre>{@code rails.reduce(Integer::sum)}</pre>
     */
    public final Rill<T> reduce(BiFunction<T, T, T> reducer) {
        Objects.requireNonNull(reducer, "reducer");
        return new ParallelReduce<T, T>(this, null, reducer).sequential().reduce(reducer);
    }

    /**
     * Folds each rail's values into a seed of its own, from {@code initial}: one value per rail.
     *
     * <pre>{@code rails.reduce(ArrayList::new, (list, v) -> { list.add(v); return list; })}</pre>
     */
    public final <R> ParallelRill<R> reduce(Supplier<R> initial, BiFunction<R, ? super T, R> reducer) {
        Objects.requireNonNull(initial, "initial");
        return new ParallelReduce<>(this, initial, reducer);
    }

    /**
     * All values in one list sorted by {@code comparator}: each rail sorts its own, then the sorted
     * lists merge.
     *
     * <pre>{@code rails.collectSortedList(Comparator.naturalOrder())}</pre>
     */
    public final Rill<List<T>> collectSortedList(Comparator<? super T> comparator) {
        Objects.requireNonNull(comparator, "comparator");
        return reduce(ArrayList<T>::new, (list, v) -> {
            list.add(v);
            return list;
        }).map(list -> {
            list.sort(comparator);
            return list;
        }).reduce((a, b) -> mergeSorted(a, b, comparator)).map(list -> (List<T>) list);
    }

    private static <T> ArrayList<T> mergeSorted(List<T> a, List<T> b, Comparator<? super T> comparator) {
        ArrayList<T> out = new ArrayList<>(a.size() + b.size());
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            out.add(comparator.compare(a.get(i), b.get(j)) <= 0 ? a.get(i++) : b.get(j++));
        }
        out.addAll(a.subList(i, a.size()));
        out.addAll(b.subList(j, b.size()));
        return out;
    }

    /**
     * Merges the rails into one stream, taking each rail's values as they come (prefetching 256
     * per rail). <pre>{@code rails.map(this::work).sequential()}</pre>
     */
    public final Rill<T> sequential() {
        return sequential(Rill.DEFAULT_PREFETCH);
    }

    /** {@link #sequential()} with a prefetch per rail; {@link IllegalArgumentException} if not positive. */
    public final Rill<T> sequential(int prefetch) {
        return new ParallelMergeSequential<>(this, prefetch);
    }

    /**
     * Merges the rails by always emitting the smallest of their next values by {@code comparator}
     * (it waits until every rail that has not ended has a value). Rails each in order give an
     * ordered stream. <pre>{@code Rill.range(1, 100).parallel(4).ordered(Comparator.naturalOrder())}</pre>
     */
    public final Rill<T> ordered(Comparator<? super T> comparator) {
        return ordered(comparator, Rill.DEFAULT_PREFETCH);
    }

    /** {@link #ordered(Comparator)} with a prefetch per rail; {@link IllegalArgumentException} if not positive. */
    public final Rill<T> ordered(Comparator<? super T> comparator, int prefetch) {
        return new ParallelMergeOrdered<>(this, comparator, prefetch);
    }
}
