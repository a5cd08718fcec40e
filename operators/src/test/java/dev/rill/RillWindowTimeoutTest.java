package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.Engine;
import dev.rill.engine.VirtualTimeScheduler;
import dev.rill.test.StepVerifier;
import java.io.IOException;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RillWindowTimeoutTest {

    private static final Duration MS10 = Duration.ofMillis(10);

    @Test
    void windowDurationCutsAtEveryPeriodFromTheStart() {
        // values at 3, 6, ..., 24 ms; windows end at 10, 20 and with the source at 24
        StepVerifier.withVirtualTime(() -> Rill.interval(Duration.ofMillis(3)).take(8)
                        .window(MS10).concatMap(Rill::collectList))
                .expectNoEvent(Duration.ofMillis(9))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(List.of(0L, 1L, 2L))
                .thenAwait(MS10)
                .expectNext(List.of(3L, 4L, 5L))
                .thenAwait(Duration.ofMillis(4))
                .expectNext(List.of(6L, 7L))
                .verifyComplete();
    }

    @Test
    void aPeriodWithoutValuesGivesAnEmptyWindowAndTheNextOpensAtOnce() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Push<Integer> src = new Push<>();
        TestSubscriber<Rill<Integer>> outer = TestSubscriber.unbounded();
        src.rill.window(MS10, vts).subscribe(outer);
        assertThat(outer.values).as("the first window opens with the stream").hasSize(1);
        vts.advanceTimeBy(Duration.ofMillis(30));
        assertThat(outer.values).hasSize(4);
        for (int i = 0; i < 3; i++) {
            StepVerifier.create(outer.values.get(i)).verifyComplete();
        }
        src.next(7);
        src.complete();
        StepVerifier.create(outer.values.get(3)).expectNext(7).verifyComplete();
        assertThat(outer.completions).isEqualTo(1);
        assertThat(vts.pending()).isZero();
    }

    @Test
    void windowTimeoutClosesAWindowAtItsTimeOrWhenFullWhicheverComesFirst() {
        // values at 10, 20, 30, 40, 50 ms
        StepVerifier.withVirtualTime(() -> Rill.interval(MS10).take(5)
                        .windowTimeout(3, Duration.ofMillis(24)).concatMap(Rill::collectList))
                .thenAwait(Duration.ofMillis(24))
                .expectNext(List.of(0L, 1L)) // by time, at 24
                .thenAwait(Duration.ofMillis(24))
                .expectNext(List.of(2L, 3L)) // by time, at 48
                .thenAwait(Duration.ofMillis(2))
                .expectNext(List.of(4L)) // the source's end, at 50
                .verifyComplete();
        StepVerifier.withVirtualTime(() -> Rill.interval(MS10).take(3)
                        .windowTimeout(2, Duration.ofMillis(25)).concatMap(Rill::collectList))
                .thenAwait(Duration.ofMillis(20))
                .expectNext(List.of(0L, 1L)) // full at 20; the next window's time starts then (due 45, not 25)
                .thenAwait(MS10)
                .expectNext(List.of(2L))
                .verifyComplete();
    }

    @Test
    void windowOfASizeAndATimeIsWindowTimeout() {
        StepVerifier.withVirtualTime(() -> Rill.interval(MS10).take(3)
                        .window(2, Duration.ofMillis(25)).concatMap(Rill::collectList))
                .thenAwait(Duration.ofMillis(20))
                .expectNext(List.of(0L, 1L))
                .thenAwait(MS10)
                .expectNext(List.of(2L))
                .verifyComplete();
    }

    @Test
    void aFullWindowOpensTheNextAtOnceSoTheEndLeavesAnEmptyOneAsReactorDoes() {
        StepVerifier.create(Rill.range(1, 4).windowTimeout(2, Duration.ofHours(1)).concatMap(Rill::collectList))
                .expectNext(List.of(1, 2), List.of(3, 4), List.of())
                .verifyComplete();
    }

    @Test
    void aWindowDueWithoutDemandFailsTheStreamAndCancelsTheSource() throws Exception {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Push<Integer> src = new Push<>();
        TestSubscriber<Rill<Integer>> outer = new TestSubscriber<>(1);
        src.rill.window(MS10, vts).subscribe(outer);
        src.next(1);
        vts.advanceTimeBy(MS10);
        assertThat(outer.await().error()).isInstanceOf(IllegalStateException.class).hasMessageContaining("window");
        assertThat(src.cancelled()).isTrue();
        assertThat(vts.pending()).isZero();
        StepVerifier.create(outer.values.get(0)).expectNext(1).verifyComplete();
    }

    @Test
    void theFirstWindowAndTheClockWaitForTheFirstRequest() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Push<Integer> src = new Push<>();
        TestSubscriber<Rill<Integer>> outer = new TestSubscriber<>(0);
        src.rill.windowTimeout(5, MS10, vts).subscribe(outer);
        vts.advanceTimeBy(Duration.ofMillis(100));
        assertThat(outer.values).isEmpty();
        assertThat(vts.pending()).isZero();
        outer.request(2);
        assertThat(outer.values).hasSize(1);
        assertThat(vts.pending()).isEqualTo(1);
    }

    @Test
    void cancellingTheOuterStreamLetsTheOpenWindowRunItsTimeThenReleasesTheSource() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Push<Integer> src = new Push<>();
        TestSubscriber<Rill<Integer>> outer = TestSubscriber.unbounded();
        src.rill.window(MS10, vts).subscribe(outer);
        TestSubscriber<Integer> w = TestSubscriber.unbounded();
        outer.values.get(0).subscribe(w);
        src.next(1);
        outer.subscription.cancel();
        src.next(2);
        assertThat(src.cancelled()).as("the open window still needs the source").isFalse();
        vts.advanceTimeBy(MS10);
        w.assertValues(1, 2);
        assertThat(w.completions).isEqualTo(1);
        assertThat(src.cancelled()).isTrue();
        assertThat(outer.values).as("no window after the cancel").hasSize(1);
        assertThat(vts.pending()).isZero();
    }

    @Test
    void anErrorReachesTheOpenWindowAndTheOuterStream() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Push<Integer> src = new Push<>();
        TestSubscriber<Rill<Integer>> outer = TestSubscriber.unbounded();
        src.rill.windowTimeout(5, MS10, vts).subscribe(outer);
        src.next(1);
        src.error(new IOException("boom"));
        assertThat(outer.errors).singleElement().isInstanceOf(IOException.class);
        StepVerifier.create(outer.values.get(0)).expectNext(1).expectError(IOException.class).verify();
        assertThat(vts.pending()).isZero();
    }

    @Test
    void valuesRacingWithTicksAreEachInExactlyOneWindowInOrder() {
        try (Engine engine = Engine.builder().workers(2).name("window-timeout-race").build()) {
            for (int round = 0; round < 10; round++) {
                checkRace(r -> r.windowTimeout(7, Duration.ofNanos(20_000), engine), 7);
                checkRace(r -> r.window(Duration.ofNanos(20_000), engine), Integer.MAX_VALUE);
            }
        }
    }

    private static void checkRace(Function<Rill<Integer>, Rill<Rill<Integer>>> op, int maxSize) {
        int n = 50_000;
        List<List<Integer>> lists = op.apply(Rill.range(0, n).subscribeOn(Engine.common()).doOnNext(Push::spin))
                .flatMap(Rill::collectList, Integer.MAX_VALUE) // unbounded demand for windows: a clock does not wait
                .collectList().blockLast(Duration.ofSeconds(20));
        BitSet seen = new BitSet(n);
        int total = 0;
        for (List<Integer> l : lists) {
            assertThat(l.size()).isLessThanOrEqualTo(maxSize);
            for (int i = 0; i < l.size(); i++) {
                int v = l.get(i);
                assertThat(seen.get(v)).as("value %s twice", v).isFalse();
                seen.set(v);
                if (i > 0 && v != l.get(i - 1) + 1) {
                    throw new AssertionError("out of order in a window: " + l.get(i - 1) + " then " + v);
                }
            }
            total += l.size();
        }
        assertThat(total).isEqualTo(n);
    }
}
