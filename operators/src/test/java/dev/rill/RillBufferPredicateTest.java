package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.test.StepVerifier;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RillBufferPredicateTest {

    @Test
    void bufferUntilEndsEachListWithTheMatchingValue() {
        StepVerifier.create(Rill.just("ALPHA", "#", "BETA", "#", "#", "GAMMA").bufferUntil("#"::equals))
                .expectNext(List.of("ALPHA", "#"), List.of("BETA", "#"), List.of("#"), List.of("GAMMA"))
                .verifyComplete();
    }

    @Test
    void bufferUntilCutBeforeStartsTheNextListWithTheMatchingValue() {
        StepVerifier.create(Rill.just("ALPHA", "#", "BETA", "#", "#").bufferUntil("#"::equals, true))
                .expectNext(List.of("ALPHA"), List.of("#", "BETA"), List.of("#"), List.of("#"))
                .verifyComplete();
        StepVerifier.create(Rill.just("#", "red").bufferUntil("#"::equals, true))
                .expectNext(List.of("#", "red")) // no empty list before a leading match
                .verifyComplete();
        StepVerifier.create(Rill.just("a", "#").bufferUntil("#"::equals, false))
                .expectNext(List.of("a", "#"))
                .verifyComplete();
    }

    @Test
    void bufferWhileDropsTheValueThatEndsAListAndEmitsNoEmptyList() {
        StepVerifier.create(Rill.just("#", "ALPHA", "#", "#", "BETA", "GAMMA", "#").bufferWhile(s -> !"#".equals(s)))
                .expectNext(List.of("ALPHA"), List.of("BETA", "GAMMA"))
                .verifyComplete();
    }

    @Test
    void aThrowingPredicateFailsTheStreamCancelsTheSourceAndDropsTheList() {
        Push<Integer> src = new Push<>();
        TestSubscriber<List<Integer>> ts = TestSubscriber.unbounded();
        src.rill.bufferUntil(x -> {
            if (x == 3) {
                throw new IllegalStateException("boom at 3");
            }
            return false;
        }).subscribe(ts);
        src.next(1).next(2).next(3);
        assertThat(ts.errors).singleElement().satisfies(e -> assertThat(e).hasMessage("boom at 3"));
        assertThat(src.cancelled()).isTrue();
        assertThat(ts.values).isEmpty();
    }

    @Test
    void anErrorDropsTheUnfinishedList() {
        StepVerifier.create(Rill.just(1, 2).concatWith(Rill.error(new IOException("boom"))).bufferUntil(x -> x == 9))
                .expectError(IOException.class)
                .verify();
    }

    @Test
    void theLastListWaitsForARequestWhenTheValueBeforeItUsedTheLastOne() {
        // 2 closes [1] (the one list asked for) and opens [2]; the source then completes.
        StepVerifier.create(Rill.just(1, 2).bufferUntil(x -> x == 2, true), 1)
                .expectNext(List.of(1))
                .expectNoEvent(java.time.Duration.ofMillis(20))
                .thenRequest(1)
                .expectNext(List.of(2))
                .verifyComplete();
    }

    @Test
    void theSourceIsAskedForNoMoreValuesThanTheListsAskedForNeed() {
        java.util.concurrent.atomic.AtomicInteger pulled = new java.util.concurrent.atomic.AtomicInteger();
        TestSubscriber<List<Integer>> ts = new TestSubscriber<>(2);
        Rill.range(0, 100).hide().doOnNext(x -> pulled.incrementAndGet()).bufferUntil(x -> x % 10 == 9).subscribe(ts);
        ts.assertValues(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), List.of(10, 11, 12, 13, 14, 15, 16, 17, 18, 19));
        assertThat(pulled).as("one value per list owed, plus one per value that closed none").hasValue(20);
        ts.request(Long.MAX_VALUE);
        assertThat(ts.values).hasSize(10);
        assertThat(ts.completions).isEqualTo(1);
    }
}
