package dev.rill.publishers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.Engine;
import dev.rill.engine.VirtualTimeScheduler;
import dev.rill.signal.StrictSubscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * §3.6: once a subscription is cancelled, every request is a no-op, the illegal ones (§3.9)
 * included: {@code request(0)} and {@code request(-1)} after {@code cancel()} signal nothing. Over
 * every source, subscribed to directly and through the strict boundary a plain subscriber gets.
 */
class RequestAfterCancelTest {

    private static final VirtualTimeScheduler TIME = VirtualTimeScheduler.create();

    static Stream<Arguments> sources() {
        List<Arguments> all = new ArrayList<>();
        add(all, "just", () -> new JustPublisher<>(1));
        add(all, "array", () -> new ArrayPublisher<>(new Integer[] {1, 2, 3}));
        add(all, "range", () -> new RangePublisher(0, 10));
        add(all, "longRange", () -> new LongRangePublisher(0, 10));
        add(all, "iterable", () -> new IterablePublisher<>(List.of(1, 2, 3)));
        add(all, "stream", () -> new StreamPublisher<>(Stream.of(1, 2, 3)));
        add(all, "empty", EmptyPublisher::instance);
        add(all, "never", NeverPublisher::instance);
        add(all, "error", () -> new ErrorPublisher<>(new IllegalStateException("boom")));
        add(all, "callable", () -> new CallablePublisher<>(() -> 1));
        add(all, "completionStage", () -> new CompletionStagePublisher<>(CompletableFuture.completedFuture(1)));
        add(all, "completionStage(pending)", () -> new CompletionStagePublisher<>(new CompletableFuture<Integer>()));
        add(all, "defer", () -> new DeferPublisher<>(() -> new RangePublisher(0, 3)));
        add(all, "create", () -> new CreatePublisher<Integer>(e -> e.next(1), Emitter.Overflow.BUFFER));
        add(all, "generate", () -> new GeneratePublisher<Integer, Integer>(() -> 0, (s, sink) -> {
            sink.next(s);
            return s + 1;
        }, s -> { }));
        add(all, "interval", () -> new IntervalPublisher(Duration.ofMillis(1), Duration.ofMillis(1), TIME));
        add(all, "timer", () -> new TimerPublisher(Duration.ofMillis(1), TIME));
        add(all, "using", () -> new UsingPublisher<Integer, String>(() -> "r", r -> new RangePublisher(0, 3), r -> { }));
        return all.stream();
    }

    private static void add(List<Arguments> all, String name, Supplier<Publisher<?>> source) {
        all.add(Arguments.of(name, source, false));
        all.add(Arguments.of(name + " (strict)", source, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void illegalRequestsAfterCancelSignalNothing(String name, Supplier<Publisher<?>> source, boolean strict) {
        Recorder r = new Recorder();
        @SuppressWarnings("unchecked")
        Publisher<Object> p = (Publisher<Object>) source.get();
        p.subscribe(strict ? new StrictSubscriber<>(r) : r);
        assertThat(r.subscription).as("onSubscribe").isNotNull();
        r.subscription.cancel();
        int before = r.signals.size();
        r.subscription.request(0);
        r.subscription.request(-1);
        r.subscription.request(Long.MIN_VALUE);
        TIME.advanceTimeBy(Duration.ofSeconds(1)); // a timed source would signal by now
        assertThat(r.signals.subList(before, r.signals.size())).as(name).isEmpty();
    }

    /** Requests nothing itself; records every signal. */
    static final class Recorder implements Subscriber<Object> {
        final List<Object> signals = new CopyOnWriteArrayList<>();
        volatile Subscription subscription;

        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
        }

        @Override
        public void onNext(Object t) {
            signals.add(t);
        }

        @Override
        public void onError(Throwable t) {
            signals.add(t);
        }

        @Override
        public void onComplete() {
            signals.add("complete");
        }
    }
}
