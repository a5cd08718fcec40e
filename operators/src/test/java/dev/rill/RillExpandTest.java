package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.Engine;
import dev.rill.test.StepVerifier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code expand} (breadth first) and {@code expandDeep} (depth first). */
class RillExpandTest {

    /** Reactor's documented tree: A has AA (which has aa1), B has BB (which has bb1). */
    private static final Map<String, List<String>> TREE = Map.of(
            "A", List.of("AA"), "AA", List.of("aa1"), "B", List.of("BB"), "BB", List.of("bb1"));

    private static Rill<String> children(String node) {
        return Rill.fromIterable(TREE.getOrDefault(node, List.of()));
    }

    @Test
    void expandGoesLevelByLevelAsReactorDocuments() {
        StepVerifier.create(Rill.just("A", "B").expand(RillExpandTest::children))
                .expectNext("A", "B", "AA", "BB", "aa1", "bb1")
                .verifyComplete();
    }

    @Test
    void expandDeepFollowsEachBranchToItsEndAsReactorDocuments() {
        StepVerifier.create(Rill.just("A", "B").expandDeep(RillExpandTest::children))
                .expectNext("A", "AA", "aa1", "B", "BB", "bb1")
                .verifyComplete();
    }

    @Test
    void bothHonourBackpressure() {
        for (boolean deep : new boolean[] {false, true}) {
            Rill<Integer> r = Rill.just(1);
            Rill<Integer> tree = deep ? r.expandDeep(x -> x < 8 ? Rill.just(2 * x, 2 * x + 1) : Rill.empty())
                    : r.expand(x -> x < 8 ? Rill.just(2 * x, 2 * x + 1) : Rill.empty());
            StepVerifier.create(tree, 0)
                    .expectSubscription()
                    .thenRequest(1)
                    .expectNext(1)
                    .thenRequest(2)
                    .expectNextCount(2)
                    .thenRequest(100)
                    .expectNextCount(12)
                    .verifyComplete();
        }
    }

    /** A recursion 100,000 levels deep: no stack growth, within a bound. */
    @Test
    void aHundredThousandLevelsRunInConstantStack() {
        int depth = 100_000;
        StepVerifier.create(Rill.just(0).expand(x -> x < depth ? Rill.just(x + 1) : Rill.empty()).last())
                .expectNext(depth)
                .verifyComplete();
        StepVerifier.create(Rill.just(0).expandDeep(x -> x < depth ? Rill.just(x + 1) : Rill.empty()).last())
                .expectNext(depth)
                .verifyComplete();
        StepVerifier.create(Rill.just(0).expandDeep(x -> x < depth ? Rill.just(x + 1).hide() : Rill.<Integer>empty().hide())
                        .count())
                .expectNext((long) depth + 1)
                .expectComplete()
                .verify(Duration.ofSeconds(30));
    }

    @Test
    void aDeepRecursionOnAnEngineWorkerYieldsAndCompletes() {
        Engine engine = Engine.builder().workers(1).name("expand").build();
        try {
            assertThat(Rill.just(0).subscribeOn(engine).expand(x -> x < 50_000 ? Rill.just(x + 1) : Rill.empty())
                    .blockLast(Duration.ofSeconds(20))).isEqualTo(50_000);
            assertThat(Rill.just(0).subscribeOn(engine).expandDeep(x -> x < 50_000 ? Rill.just(x + 1) : Rill.empty())
                    .blockLast(Duration.ofSeconds(20))).isEqualTo(50_000);
        } finally {
            engine.close();
        }
    }

    @Test
    void anErrorInAnExpansionEndsTheStream() {
        for (boolean deep : new boolean[] {false, true}) {
            Rill<Integer> r = Rill.just(1, 2);
            java.util.function.Function<Integer, Rill<Integer>> f =
                    x -> x == 1 ? Rill.error(new IllegalStateException("branch")) : Rill.empty();
            StepVerifier.create(deep ? r.expandDeep(f) : r.expand(f))
                    .expectNext(1)
                    .expectNextCount(deep ? 0 : 1)
                    .expectErrorMessage("branch")
                    .verify(Duration.ofSeconds(5));
        }
    }

    @Test
    void aThrowingExpanderFailsTheStreamAndCancelsTheSource() {
        for (boolean deep : new boolean[] {false, true}) {
            Push<Integer> src = new Push<>();
            TestSubscriber<Integer> ts = TestSubscriber.unbounded();
            java.util.function.Function<Integer, Rill<Integer>> f = x -> {
                throw new IllegalStateException("expander");
            };
            (deep ? src.rill.expandDeep(f) : src.rill.expand(f)).subscribe(ts);
            src.next(1);
            ts.assertValues(1);
            assertThat(ts.error()).hasMessage("expander");
            assertThat(src.cancelled()).as("deep " + deep).isTrue();
        }
    }

    @Test
    void cancelStopsTheRunningPublisher() {
        for (boolean deep : new boolean[] {false, true}) {
            Push<Integer> inner = new Push<>();
            TestSubscriber<Integer> ts = TestSubscriber.unbounded();
            java.util.function.Function<Integer, Rill<Integer>> f = x -> x == 1 ? inner.rill : Rill.empty();
            (deep ? Rill.just(1).expandDeep(f) : Rill.just(1).expand(f)).subscribe(ts);
            inner.next(5);
            ts.assertValues(1, 5);
            ts.subscription.cancel();
            assertThat(inner.cancelled()).as("deep " + deep).isTrue();
            ts.assertNotTerminated();
        }
    }

    @Test
    void aNullFromTheExpanderFailsTheStreamNamingIt() {
        StepVerifier.create(Rill.just(1).expand(x -> null))
                .expectNext(1)
                .expectErrorMatches(e -> e instanceof NullPointerException
                        && e.getMessage().equals("expand: the expander returned null"))
                .verify();
        StepVerifier.create(Rill.just(1).expandDeep(x -> null))
                .expectNext(1)
                .expectErrorMatches(e -> e instanceof NullPointerException
                        && e.getMessage().equals("expandDeep: the expander returned null"))
                .verify();
    }
}
