package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.test.StepVerifier;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RillWindowPredicateTest {

    @Test
    void windowUntilEndsEachWindowWithTheMatchingValue() {
        StepVerifier.create(Rill.just("ALPHA", "#", "BETA", "#", "#").windowUntil("#"::equals).concatMap(Rill::collectList))
                .expectNext(List.of("ALPHA", "#"), List.of("BETA", "#"), List.of("#"))
                .verifyComplete();
    }

    @Test
    void windowUntilCutBeforeStartsTheNextWindowWithTheMatchingValue() {
        StepVerifier.create(Rill.just("ALPHA", "#", "BETA", "#", "#").windowUntil("#"::equals, true)
                        .concatMap(Rill::collectList))
                .expectNext(List.of("ALPHA"), List.of("#", "BETA"), List.of("#"), List.of("#"))
                .verifyComplete();
    }

    @Test
    void aThrowingPredicateFailsTheWindowAndTheStreamAndCancelsTheSource() {
        Push<Integer> src = new Push<>();
        TestSubscriber<Rill<Integer>> outer = TestSubscriber.unbounded();
        src.rill.windowUntil(x -> {
            if (x == 2) {
                throw new IllegalStateException("boom at 2");
            }
            return false;
        }).subscribe(outer);
        src.next(1).next(2);
        assertThat(outer.errors).singleElement().satisfies(e -> assertThat(e).hasMessage("boom at 2"));
        assertThat(src.cancelled()).isTrue();
        StepVerifier.create(outer.values.get(0)).expectNext(1).expectErrorMessage("boom at 2").verify();
    }

    @Test
    void anUpstreamErrorReachesTheOpenWindowAndTheOuterStream() {
        StepVerifier.create(Rill.just(1, 2).concatWith(Rill.error(new IOException("boom")))
                        .windowUntil(x -> false).flatMap(w -> w))
                .expectNext(1, 2)
                .expectError(IOException.class)
                .verify();
    }

    @Test
    void cancellingTheOuterStreamLetsTheOpenWindowRunToItsEnd() {
        Push<Integer> src = new Push<>();
        TestSubscriber<Rill<Integer>> outer = new TestSubscriber<>(1);
        src.rill.windowUntil(x -> x == 3).subscribe(outer);
        src.next(1);
        outer.subscription.cancel();
        TestSubscriber<Integer> w = TestSubscriber.unbounded();
        outer.values.get(0).subscribe(w);
        assertThat(src.cancelled()).isFalse();
        src.next(2).next(3);
        w.assertValues(1, 2, 3);
        assertThat(w.completions).isEqualTo(1);
        assertThat(src.cancelled()).isTrue();
        assertThat(outer.values).hasSize(1);
    }

    @Test
    void windowsFollowDemandAndEveryValueIsInExactlyOneWindow() {
        TestSubscriber<Rill<Integer>> outer = new TestSubscriber<>(1);
        Rill.range(0, 100).hide().windowUntil(x -> x % 10 == 9).subscribe(outer);
        assertThat(outer.values).hasSize(1);
        StepVerifier.create(outer.values.get(0)).expectNextCount(10).verifyComplete();
        assertThat(outer.values).as("no second window before it is asked for").hasSize(1);
        outer.request(Long.MAX_VALUE);
        assertThat(outer.values).hasSize(10);
        assertThat(outer.completions).isEqualTo(1);
        assertThat(Rill.range(0, 100_000).hide().windowUntil(x -> x % 7 == 0).flatMap(Rill::count)
                .reduce(0L, Long::sum).blockLast()).isEqualTo(100_000L);
    }

    @Test
    void withCutBeforeTheWindowOpenedByTheValueThatEndedOneWaitsForARequest() {
        TestSubscriber<Rill<String>> outer = new TestSubscriber<>(1);
        Rill.just("a", "#", "b").hide().windowUntil("#"::equals, true).subscribe(outer);
        assertThat(outer.values).hasSize(1);
        StepVerifier.create(outer.values.get(0)).expectNext("a").verifyComplete();
        outer.request(1);
        assertThat(outer.values).hasSize(2);
        StepVerifier.create(outer.values.get(1)).expectNext("#", "b").verifyComplete();
        assertThat(outer.completions).isEqualTo(1);
    }
}
