package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rill.engine.Cancellable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sources, terminals and the strict boundary of {@link Rill}. */
class RillTest {

    @RegisterExtension
    final DroppedErrors dropped = DroppedErrors.collect();

    @Test
    void theIssueExamplesWork() {
        long sum = Rill.range(1, 1_000_000).map(i -> i * 2L).filter(i -> i % 3 == 0)
                .reduce(0L, (acc, i) -> acc + i).blockLast();
        long expected = java.util.stream.LongStream.rangeClosed(1, 1_000_000).map(i -> i * 2).filter(i -> i % 3 == 0).sum();
        assertThat(sum).isEqualTo(expected);
        List<String> names = Rill.fromIterable(List.of("ann", "bob", "cy")).map(String::toUpperCase).take(2)
                .collectList().blockLast();
        assertThat(names).containsExactly("ANN", "BOB");
    }

    @Test
    void sourcesEmitWhatTheyHold() throws Exception {
        assertThat(Rill.just(1).collectList().blockLast()).containsExactly(1);
        assertThat(Rill.just(1, 2, 3).collectList().blockLast()).containsExactly(1, 2, 3);
        assertThat(Rill.empty().count().blockLast()).isZero();
        assertThat(Rill.range(5, 3).collectList().blockLast()).containsExactly(5, 6, 7);
        assertThat(Rill.range(Long.MAX_VALUE - 2, 3L).count().blockLast()).isEqualTo(3);
        assertThat(Rill.fromStream(Stream.of("a", "b")).collectList().blockLast()).containsExactly("a", "b");
        assertThat(Rill.fromCallable(() -> 42).blockLast()).isEqualTo(42);
        assertThat(Rill.fromCompletionStage(CompletableFuture.completedFuture("x")).blockLast()).isEqualTo("x");
        AtomicInteger made = new AtomicInteger();
        Rill<Integer> deferred = Rill.defer(() -> Rill.just(made.incrementAndGet()));
        assertThat(deferred.blockLast()).isEqualTo(1);
        assertThat(deferred.blockLast()).isEqualTo(2);
        assertThatThrownBy(() -> Rill.error(new IOException("down")).blockLast()).hasCauseInstanceOf(IOException.class);
        assertThatThrownBy(() -> Rill.error(() -> new IllegalStateException("made")).blockLast()).hasMessage("made");
    }

    @Test
    void neverTimesOut() {
        assertThatThrownBy(() -> Rill.never().blockFirst(Duration.ofMillis(20)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no result within");
    }

    @Test
    void aStreamIsConsumedOnceAndClosed() {
        AtomicBoolean closed = new AtomicBoolean();
        Rill<Integer> r = Rill.fromStream(Stream.of(1, 2, 3).onClose(() -> closed.set(true)));
        assertThat(r.take(1).blockLast()).isEqualTo(1);
        assertThat(closed).isTrue();
        assertThatThrownBy(r::blockLast).isInstanceOf(IllegalStateException.class).hasMessageContaining("once");
    }

    @Test
    void nullsFromSourcesAndFunctionsFailNamingTheOperator() {
        assertThatThrownBy(() -> Rill.fromIterable(java.util.Arrays.asList(1, null)).blockLast())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("fromIterable");
        assertThatThrownBy(() -> Rill.fromCallable(() -> null).blockLast())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("fromCallable");
        assertThatThrownBy(() -> Rill.just(1).map(x -> null).blockLast())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("map");
        assertThatThrownBy(() -> Rill.just(new String[] {"a", null}).blockLast())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("fromArray");
    }

    @Test
    void badArgumentsFailAtAssembly() {
        assertThatThrownBy(() -> Rill.just((Object) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Rill.fromIterable(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Rill.range(0, -1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> Rill.range(Integer.MAX_VALUE, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rill.range(1, 2).take(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rill.range(1, 2).skip(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rill.range(1, 2).elementAt(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rill.range(1, 2).retry(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rill.range(1, 2).map(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Rill.range(1, 2).filter(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Rill.range(1, 2).subscribe((org.reactivestreams.Subscriber<Integer>) null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("1.9");
    }

    @Test
    void nonPositiveRequestFromAPlainSubscriberIsAnErrorNamingTheRule() throws Exception {
        for (long bad : new long[] {0, -1, Long.MIN_VALUE}) {
            TestSubscriber<Integer> ts = new TestSubscriber<>(0);
            Rill.range(0, 10).map(x -> x).subscribe(ts);
            ts.request(bad);
            assertThat(ts.await().error()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("§3.9");
            assertThat(ts.values).isEmpty();
        }
    }

    @Test
    void requestFromInsideOnNextNeverRecurses() throws Exception {
        TestSubscriber<Integer> ts = new TestSubscriber<>(1) {
            @Override
            void onValue(Integer t) {
                request(1);
            }
        };
        Rill.range(0, 10_000).map(x -> x + 1).filter(x -> x > 0).subscribe(ts);
        ts.await().assertComplete();
        assertThat(ts.values).hasSize(10_000);
        assertThat(ts.maxDepth).isEqualTo(1);
    }

    @Test
    void demandSaturatesInsteadOfOverflowing() throws Exception {
        TestSubscriber<Long> ts = new TestSubscriber<>(0);
        Rill.range(0L, 100L).subscribe(ts);
        ts.request(Long.MAX_VALUE);
        ts.request(Long.MAX_VALUE);
        ts.await().assertComplete();
        assertThat(ts.values).hasSize(100);
        TestSubscriber<Long> half = new TestSubscriber<>(0);
        Rill.range(0L, 100L).take(50).subscribe(half);
        half.request(Long.MAX_VALUE / 2);
        half.request(Long.MAX_VALUE / 2 + 1);
        half.await().assertComplete();
        assertThat(half.values).hasSize(50);
    }

    @Test
    void boundedRequestsAreHonouredExactly() throws Exception {
        TestSubscriber<Integer> ts = new TestSubscriber<>(3);
        Rill.range(0, 10).filter(x -> x % 2 == 0).subscribe(ts);
        TestSubscriber.awaitCondition(Duration.ofSeconds(1), () -> ts.values.size() == 3);
        ts.assertNotTerminated();
        assertThat(ts.values).containsExactly(0, 2, 4);
        ts.request(10);
        ts.await().assertComplete();
        assertThat(ts.values).containsExactly(0, 2, 4, 6, 8);
    }

    @Test
    void aThrowingPlainSubscriberIsCancelledAndTheErrorGoesToTheHook() {
        AtomicBoolean cancelled = new AtomicBoolean();
        TestSubscriber<Integer> ts = new TestSubscriber<>(Long.MAX_VALUE) {
            @Override
            void onValue(Integer t) {
                throw new IllegalStateException("subscriber bug");
            }
        };
        Rill.range(0, 10).doOnCancel(() -> cancelled.set(true)).subscribe(ts);
        assertThat(ts.values).containsExactly(0);
        assertThat(cancelled).isTrue();
        assertThat(dropped.errors).hasSize(1);
        assertThat(dropped.errors.get(0)).hasMessageContaining("§2.13").hasRootCauseMessage("subscriber bug");
        assertThat(ts.errors).isEmpty();
    }

    @Test
    void lambdaSubscribeReturnsACancellable() {
        List<Integer> seen = new ArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        Cancellable c = Rill.range(0, 3).subscribe(seen::add, e -> { }, () -> done.set(true));
        assertThat(seen).containsExactly(0, 1, 2);
        assertThat(done).isTrue();
        List<Throwable> errs = new ArrayList<>();
        Rill.range(0, 3).map(x -> {
            if (x == 1) {
                throw new IllegalArgumentException("boom");
            }
            return x;
        }).subscribe(x -> { }, errs::add);
        assertThat(errs).singleElement().extracting(Throwable::getMessage).isEqualTo("boom");
        Rill.error(new IllegalStateException("unhandled")).subscribe();
        assertThat(dropped.errors).singleElement().extracting(Throwable::getMessage).isEqualTo("unhandled");
        assertThat(c.isCancelled()).isTrue(); // terminated subscriptions read as done
    }

    @Test
    void blockingTerminalsAndFutures() throws Exception {
        assertThat(Rill.range(1, 5).blockFirst()).isEqualTo(1);
        assertThat(Rill.range(1, 5).blockLast()).isEqualTo(5);
        assertThat(Rill.<Integer>empty().blockLast()).isNull();
        assertThat(Rill.range(1, 5).count().toFuture().get(5, TimeUnit.SECONDS)).isEqualTo(5);
        assertThatThrownBy(() -> Rill.error(new IOException("x")).toFuture().get())
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
        List<Integer> it = new ArrayList<>();
        for (Integer i : Rill.range(0, 1000).toIterable()) {
            it.add(i);
        }
        assertThat(it).hasSize(1000).startsWith(0, 1).endsWith(999);
        try (Stream<Integer> s = Rill.range(0, 1_000_000).toStream()) {
            assertThat(s.limit(3).collect(Collectors.toList())).containsExactly(0, 1, 2);
        }
        assertThatThrownBy(() -> Rill.error(new IllegalStateException("it")).toIterable().iterator().hasNext())
                .hasMessage("it");
    }
}
