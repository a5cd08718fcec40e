package dev.rill;

import dev.rill.test.StepVerifier;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RillIndexTest {

    @Test
    void indexPairsEachValueWithItsPositionFromZero() {
        StepVerifier.create(Rill.just("a", "b", "c").index())
                .expectNext(Map.entry(0L, "a"), Map.entry(1L, "b"), Map.entry(2L, "c"))
                .verifyComplete();
    }

    @Test
    void indexMapperCombinesThem() {
        StepVerifier.create(Rill.just("a", "b").index((i, v) -> i + v)).expectNext("0a", "1b").verifyComplete();
    }

    @Test
    void eachSubscriberCountsFromZero() {
        Rill<String> indexed = Rill.just("a", "b").index((i, v) -> i + v);
        StepVerifier.create(indexed).expectNext("0a", "1b").verifyComplete();
        StepVerifier.create(indexed).expectNext("0a", "1b").verifyComplete();
    }

    @Test
    void theIndexFollowsTheValuesThatArrivedFusedOrNot() {
        StepVerifier.create(Rill.range(0, 100).filter(x -> x % 10 == 0).index((i, v) -> i * 10 == v))
                .expectNextCount(10)
                .verifyComplete();
        StepVerifier.create(Rill.range(0, 100).hide().filter(x -> x % 10 == 0).index((i, v) -> i * 10 == (long) v)
                        .filter(ok -> !ok))
                .verifyComplete();
    }

    @Test
    void aNullFromTheMapperFailsNamingIt() {
        StepVerifier.create(Rill.just("a").index((i, v) -> null))
                .expectErrorMatches(e -> e instanceof NullPointerException && e.getMessage().contains("index mapper"))
                .verify();
    }
}
