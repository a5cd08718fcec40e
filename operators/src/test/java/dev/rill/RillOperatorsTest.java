package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rill.signal.Hooks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Behaviour of each operator: values, termination, errors from user code, cancellation, fusion. */
class RillOperatorsTest {

    @RegisterExtension
    final DroppedErrors dropped = DroppedErrors.noneAllowed();

    private static <T> List<T> list(Rill<T> r) {
        return r.collectList().blockLast();
    }

    /** Every chain gives the same result fused and with hide() between the stages. */
    private static <T> void sameFusedAndHidden(Function<Rill<Integer>, Rill<T>> chain, List<T> expected) {
        assertThat(list(chain.apply(Rill.range(0, 10)))).as("fused").isEqualTo(expected);
        assertThat(list(chain.apply(Rill.range(0, 10).hide()).hide())).as("hidden").isEqualTo(expected);
        assertThat(list(chain.apply(Rill.fromIterable(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)))))
                .as("iterable").isEqualTo(expected);
    }

    @Test
    void oneToOneOperators() {
        sameFusedAndHidden(r -> r.map(x -> x * 10), List.of(0, 10, 20, 30, 40, 50, 60, 70, 80, 90));
        sameFusedAndHidden(r -> r.filter(x -> x % 3 == 0), List.of(0, 3, 6, 9));
        sameFusedAndHidden(r -> r.map(x -> x + 1).filter(x -> x % 2 == 0).map(x -> -x), List.of(-2, -4, -6, -8, -10));
        sameFusedAndHidden(r -> r.take(3), List.of(0, 1, 2));
        sameFusedAndHidden(r -> r.take(0), List.of());
        sameFusedAndHidden(r -> r.skip(7), List.of(7, 8, 9));
        sameFusedAndHidden(r -> r.takeWhile(x -> x < 4), List.of(0, 1, 2, 3));
        sameFusedAndHidden(r -> r.skipWhile(x -> x < 8), List.of(8, 9));
        sameFusedAndHidden(r -> r.map(x -> x % 3).distinct(), List.of(0, 1, 2));
        sameFusedAndHidden(r -> r.map(x -> x / 4).distinctUntilChanged(), List.of(0, 1, 2));
        sameFusedAndHidden(r -> r.take(4).scan(Integer::sum), List.of(0, 1, 3, 6));
        sameFusedAndHidden(r -> r.startWith(-2, -1).take(3), List.of(-2, -1, 0));
        sameFusedAndHidden(r -> r.take(2).concatWith(Rill.just(100)), List.of(0, 1, 100));
    }

    @Test
    void singleValueResults() {
        sameFusedAndHidden(r -> r.reduce(Integer::sum), List.of(45));
        sameFusedAndHidden(r -> r.reduce(100, Integer::sum), List.of(145));
        sameFusedAndHidden(r -> r.count(), List.of(10L));
        sameFusedAndHidden(r -> r.any(x -> x == 7), List.of(true));
        sameFusedAndHidden(r -> r.all(x -> x < 5), List.of(false));
        sameFusedAndHidden(r -> r.first(), List.of(0));
        sameFusedAndHidden(r -> r.last(), List.of(9));
        sameFusedAndHidden(r -> r.elementAt(4), List.of(4));
        sameFusedAndHidden(r -> r.map(String::valueOf).collect(Collectors.joining()), List.of("0123456789"));
        assertThat(list(Rill.<Integer>empty().reduce(Integer::sum))).isEmpty();
        assertThat(list(Rill.<Integer>empty().reduce(7, Integer::sum))).containsExactly(7);
        assertThat(list(Rill.<Integer>empty().first())).isEmpty();
        assertThat(list(Rill.<Integer>empty().last())).isEmpty();
        assertThat(list(Rill.empty().count())).containsExactly(0L);
        assertThat(list(Rill.empty().all(x -> false))).containsExactly(true);
        assertThatThrownBy(() -> Rill.range(0, 3).elementAt(3).blockLast())
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("3");
    }

    @Test
    void earlyAnswersCancelUpstream() {
        AtomicInteger emitted = new AtomicInteger();
        AtomicBoolean cancelled = new AtomicBoolean();
        Rill<Integer> src = Rill.range(0, 1_000_000).doOnNext(x -> emitted.incrementAndGet())
                .doOnCancel(() -> cancelled.set(true));
        assertThat(src.any(x -> x == 5).blockLast()).isTrue();
        assertThat(emitted.get()).isEqualTo(6);
        assertThat(cancelled).isTrue();
        emitted.set(0);
        assertThat(src.take(3).count().blockLast()).isEqualTo(3);
        assertThat(emitted.get()).isEqualTo(3);
        emitted.set(0);
        assertThat(src.first().blockLast()).isZero();
        assertThat(emitted.get()).isEqualTo(1);
    }

    @Test
    void throwingUserFunctionsFailTheStreamAndCancelUpstream() {
        List<Function<Rill<Integer>, Rill<?>>> failing = List.of(
                r -> r.map(x -> boom(x)),
                r -> r.filter(x -> boom(x) > 0),
                r -> r.takeWhile(x -> boom(x) > 0),
                r -> r.skipWhile(x -> boom(x) > 0),
                r -> r.distinct().map(x -> boom(x)),
                r -> r.scan((a, b) -> boom(b)),
                r -> r.reduce((a, b) -> boom(b)),
                r -> r.reduce(0, (a, b) -> boom(b)),
                r -> r.any(x -> boom(x) < 0),
                r -> r.doOnNext(x -> boom(x)));
        for (Function<Rill<Integer>, Rill<?>> f : failing) {
            for (boolean hidden : new boolean[] {false, true}) {
                AtomicBoolean cancelled = new AtomicBoolean();
                Rill<Integer> src = Rill.range(1, 100).doOnCancel(() -> cancelled.set(true));
                Rill<?> chain = f.apply(hidden ? src.hide() : src);
                assertThatThrownBy(chain::blockLast).hasMessage("boom at 2");
                assertThat(cancelled).as("upstream cancelled").isTrue();
            }
        }
    }

    private static int boom(int x) {
        if (x == 2) {
            throw new IllegalStateException("boom at 2");
        }
        return x;
    }

    @Test
    void errorOperators() {
        Rill<Integer> failing = Rill.range(0, 3).concatWith(Rill.error(new IllegalStateException("bad")));
        assertThat(list(failing.onErrorReturn(-1))).containsExactly(0, 1, 2, -1);
        assertThat(list(failing.onErrorReturn(e -> e.getMessage().length()))).containsExactly(0, 1, 2, 3);
        assertThat(list(failing.onErrorResume(e -> Rill.just(7, 8)))).containsExactly(0, 1, 2, 7, 8);
        assertThatThrownBy(() -> failing.onErrorMap(e -> new UnsupportedOperationException("mapped", e)).blockLast())
                .isInstanceOf(UnsupportedOperationException.class).hasRootCauseMessage("bad");
        assertThatThrownBy(() -> failing.onErrorResume(e -> {
            throw new IllegalArgumentException("fallback fails");
        }).blockLast()).hasMessage("fallback fails");
        List<Throwable> seen = new ArrayList<>();
        assertThatThrownBy(() -> failing.doOnError(seen::add).blockLast()).hasMessage("bad");
        assertThat(seen).hasSize(1);
    }

    @Test
    void retryAndRepeatResubscribe() {
        AtomicInteger subscriptions = new AtomicInteger();
        Rill<Integer> flaky = Rill.defer(() -> subscriptions.incrementAndGet() < 3
                ? Rill.just(0).concatWith(Rill.error(new IllegalStateException("flaky")))
                : Rill.just(1));
        assertThat(list(flaky.retry(5))).containsExactly(0, 0, 1);
        subscriptions.set(0);
        assertThatThrownBy(() -> flaky.retry(1).blockLast()).hasMessage("flaky");
        assertThat(list(Rill.just(1, 2).repeat(2))).containsExactly(1, 2, 1, 2, 1, 2);
        // Trampolined: a million synchronous resubscriptions in constant stack.
        assertThat(Rill.just(1).repeat(1_000_000).count().blockLast()).isEqualTo(1_000_001);
        assertThat(list(Rill.range(0, 2).repeat(0))).containsExactly(0, 1);
    }

    @Test
    void emptinessOperators() {
        assertThat(list(Rill.<Integer>empty().defaultIfEmpty(5))).containsExactly(5);
        assertThat(list(Rill.just(1).defaultIfEmpty(5))).containsExactly(1);
        assertThat(list(Rill.<Integer>empty().switchIfEmpty(Rill.range(0, 3)))).containsExactly(0, 1, 2);
        assertThat(list(Rill.range(9, 1).switchIfEmpty(Rill.range(0, 3)))).containsExactly(9);
    }

    @Test
    void peekCallbacksSeeEverySignal() {
        List<String> events = new CopyOnWriteArrayList<>();
        Rill.range(0, 2)
                .doOnSubscribe(s -> events.add("subscribe"))
                .doOnRequest(n -> events.add("request " + n))
                .doOnNext(x -> events.add("next " + x))
                .doOnComplete(() -> events.add("complete"))
                .blockLast();
        assertThat(events).containsExactly("subscribe", "request " + Long.MAX_VALUE, "next 0", "next 1", "complete");
        events.clear();
        Rill.range(0, 100).doOnCancel(() -> events.add("cancel")).take(1).blockLast();
        assertThat(events).containsExactly("cancel");
    }

    @Test
    void errorsAfterTerminationGoToTheHook() {
        List<Throwable> late = new ArrayList<>();
        Hooks.setOnErrorDropped(late::add);
        Rill<Integer> misbehaving = Rill.from(s -> {
            s.onSubscribe(new org.reactivestreams.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            s.onComplete();
            s.onError(new IllegalStateException("late"));
        });
        assertThat(misbehaving.map(x -> x).count().blockLast()).isZero();
        assertThat(late).singleElement().extracting(Throwable::getMessage).isEqualTo("late");
        dropped.install();
    }
}
