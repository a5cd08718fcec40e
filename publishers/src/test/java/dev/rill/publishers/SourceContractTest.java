package dev.rill.publishers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reactivestreams.Publisher;

/**
 * What every finite source promises, checked on each one directly (no operator in between): the
 * same values whether asked for all at once or one at a time, a cancel that stops it, §3.9 for a
 * non-positive request, §1.9 for a null subscriber. Each source is made fresh per subscription and
 * emits 0, 1, ... up to its size.
 */
class SourceContractTest {

    private static final int N = 5;

    static Stream<Named<Supplier<Publisher<? extends Number>>>> sources() {
        Integer[] array = IntStream.range(0, N).boxed().toArray(Integer[]::new);
        List<Integer> list = List.of(array);
        return Stream.of(
                source("range", () -> new RangePublisher(0, N)),
                source("longRange", () -> new LongRangePublisher(0, N)),
                source("array", () -> new ArrayPublisher<>(array)),
                source("iterable", () -> new IterablePublisher<>(list)),
                source("stream", () -> new StreamPublisher<>(list.stream())),
                source("generate", () -> new GeneratePublisher<Integer, Integer>(() -> 0, (i, sink) -> {
                    if (i == N) {
                        sink.complete();
                    } else {
                        sink.next(i);
                    }
                    return i + 1;
                }, i -> { })),
                source("create", () -> new CreatePublisher<Integer>(e -> {
                    for (int i = 0; i < N; i++) {
                        e.next(i);
                    }
                    e.complete();
                }, Emitter.Overflow.BUFFER)),
                source("defer", () -> new DeferPublisher<>(() -> new RangePublisher(0, N))),
                source("using", () -> new UsingPublisher<Integer, String>(() -> "r", r -> new RangePublisher(0, N),
                        r -> { })));
    }

    static Stream<Named<Supplier<Publisher<? extends Number>>>> singleValueSources() {
        return Stream.of(
                source("just", () -> new JustPublisher<>(0)),
                source("callable", () -> new CallablePublisher<>(() -> 0)),
                source("completionStage", () -> new CompletionStagePublisher<>(CompletableFuture.completedFuture(0))));
    }

    private static Named<Supplier<Publisher<? extends Number>>> source(String name, Supplier<Publisher<? extends Number>> s) {
        return Named.of(name, s);
    }

    private static List<Integer> ints(Recorder<Number> r) {
        List<Integer> out = new ArrayList<>();
        for (Number n : r.values) {
            out.add(n.intValue());
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("sources")
    void oneAtATimeDeliversWhatUnboundedDelivers(Supplier<Publisher<? extends Number>> source) throws Exception {
        Recorder<Number> all = Recorder.unbounded();
        source.get().subscribe(all);
        all.await();
        assertThat(ints(all)).containsExactly(0, 1, 2, 3, 4);
        assertThat(all.isComplete()).isTrue();

        Recorder<Number> stepped = new Recorder<>(1);
        source.get().subscribe(stepped);
        for (int i = 1; i <= N; i++) {
            assertThat(stepped.values).as("never more than requested").hasSize(i);
            stepped.request(1);
        }
        stepped.await();
        assertThat(ints(stepped)).containsExactly(0, 1, 2, 3, 4);
        assertThat(stepped.isComplete()).isTrue();
        assertThat(stepped.violations).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("sources")
    void cancelStopsTheSource(Supplier<Publisher<? extends Number>> source) {
        Recorder<Number> r = new Recorder<>(2);
        source.get().subscribe(r);
        r.cancel();
        r.request(10);
        assertThat(ints(r)).containsExactly(0, 1);
        assertThat(r.isTerminated()).as("no terminal signal after cancel").isFalse();
    }

    @ParameterizedTest
    @MethodSource({"sources", "singleValueSources"})
    void aNonPositiveRequestFailsTheStream(Supplier<Publisher<? extends Number>> source) throws Exception {
        Recorder<Number> r = new Recorder<>(0);
        source.get().subscribe(r);
        r.request(0);
        r.await();
        assertThat(r.values).isEmpty();
        assertThat(r.error()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3.9");
    }

    @ParameterizedTest
    @MethodSource("singleValueSources")
    void aSingleValueWaitsForDemand(Supplier<Publisher<? extends Number>> source) throws Exception {
        Recorder<Number> r = new Recorder<>(0);
        source.get().subscribe(r);
        assertThat(r.values).isEmpty();
        r.request(1);
        r.await();
        assertThat(ints(r)).containsExactly(0);
        assertThat(r.isComplete()).isTrue();
    }

    @ParameterizedTest
    @MethodSource({"sources", "singleValueSources"})
    void aNullSubscriberIsRejected(Supplier<Publisher<? extends Number>> source) {
        assertThatThrownBy(() -> source.get().subscribe(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("1.9");
    }
}
