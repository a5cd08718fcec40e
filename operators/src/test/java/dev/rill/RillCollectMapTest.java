package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.test.StepVerifier;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@code collectMap}, {@code collectMultimap}, {@code collectSortedList} and {@code sort}: Reactor's results. */
class RillCollectMapTest {

    @Test
    void collectMapKeepsTheLastValueOfAKey() {
        StepVerifier.create(Rill.just("a", "bb", "c").collectMap(String::length))
                .expectNext(Map.of(1, "c", 2, "bb"))
                .verifyComplete();
    }

    @Test
    void collectMapWithValuesAndAMapOfOurChoosing() {
        StepVerifier.create(Rill.just("b", "a", "cc").collectMap(s -> s, String::length, TreeMap::new))
                .assertNext(m -> {
                    assertThat(m).isInstanceOf(TreeMap.class);
                    assertThat(m).containsExactly(Map.entry("a", 1), Map.entry("b", 1), Map.entry("cc", 2));
                })
                .verifyComplete();
        StepVerifier.create(Rill.just("a").collectMap(s -> s, s -> s))
                .assertNext(m -> assertThat(m).isInstanceOf(HashMap.class))
                .verifyComplete();
    }

    @Test
    void anEmptySourceGivesAnEmptyMapOrList() {
        StepVerifier.create(Rill.<String>empty().collectMap(String::length)).expectNext(Map.of()).verifyComplete();
        StepVerifier.create(Rill.<String>empty().collectMultimap(String::length)).expectNext(Map.of()).verifyComplete();
        StepVerifier.create(Rill.<Integer>empty().collectSortedList()).expectNext(List.of()).verifyComplete();
        StepVerifier.create(Rill.<Integer>empty().sort()).verifyComplete();
    }

    @Test
    void aNullKeyOrValueOrMapFailsNamingTheFunction() {
        StepVerifier.create(Rill.just("a").collectMap(s -> null))
                .expectErrorMatches(e -> e instanceof NullPointerException && e.getMessage().contains("key selector"))
                .verify();
        StepVerifier.create(Rill.just("a").collectMap(s -> s, s -> null))
                .expectErrorMatches(e -> e instanceof NullPointerException && e.getMessage().contains("value selector"))
                .verify();
        StepVerifier.create(Rill.just("a").collectMap(s -> s, s -> s, () -> null))
                .expectErrorMatches(e -> e instanceof NullPointerException && e.getMessage().contains("map supplier"))
                .verify();
    }

    @Test
    void collectMultimapGroupsInArrivalOrder() {
        StepVerifier.create(Rill.just("a", "bb", "c", "dd", "e").collectMultimap(String::length))
                .assertNext(m -> {
                    assertThat(m).containsOnlyKeys(1, 2);
                    assertThat(m.get(1)).containsExactly("a", "c", "e");
                    assertThat(m.get(2)).containsExactly("bb", "dd");
                })
                .verifyComplete();
        StepVerifier.create(Rill.just("a", "bb", "c").collectMultimap(String::length, String::toUpperCase))
                .assertNext(m -> {
                    Collection<String> ones = m.get(1);
                    assertThat(ones).containsExactly("A", "C");
                })
                .verifyComplete();
    }

    @Test
    void collectSortedListSortsNaturallyOrByComparator() {
        StepVerifier.create(Rill.just(3, 1, 2).collectSortedList()).expectNext(List.of(1, 2, 3)).verifyComplete();
        StepVerifier.create(Rill.just(3, 1, 2).collectSortedList(Comparator.reverseOrder()))
                .expectNext(List.of(3, 2, 1)).verifyComplete();
    }

    @Test
    void notComparableValuesFailTheNaturalSort() {
        StepVerifier.create(Rill.just(new Object(), new Object()).collectSortedList())
                .verifyError(ClassCastException.class);
    }

    @Test
    void sortEmitsTheValuesInOrderAfterCompletionHonouringDemand() {
        StepVerifier.create(Rill.just(5, 3, 4, 1, 2).sort(), 2)
                .expectNext(1, 2)
                .thenRequest(10)
                .expectNext(3, 4, 5)
                .verifyComplete();
        StepVerifier.create(Rill.just("bb", "a", "ccc", "dd").sort(Comparator.comparing(String::length)))
                .expectNext("a", "bb", "dd", "ccc") // stable: bb before dd
                .verifyComplete();
    }

    @Test
    void sortWaitsForCompletion() {
        Push<Integer> push = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        push.rill.sort().subscribe(ts);
        push.next(2).next(1);
        assertThat(ts.values).isEmpty();
        push.complete();
        ts.assertValues(1, 2);
        ts.assertComplete();
    }

    @Test
    void anErrorFailsTheCollection() {
        StepVerifier.create(Rill.just(1).concatWith(Rill.error(new IllegalStateException("e"))).collectMap(x -> x))
                .verifyError(IllegalStateException.class);
        StepVerifier.create(Rill.just(1).concatWith(Rill.error(new IllegalStateException("e"))).sort())
                .verifyError(IllegalStateException.class);
    }
}
