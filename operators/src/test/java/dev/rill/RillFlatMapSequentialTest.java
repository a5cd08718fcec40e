package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.Engine;
import dev.rill.test.StepVerifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RillFlatMapSequentialTest {

    private final Engine engine = Engine.builder().workers(2).name("flatMapSequential").build();

    @AfterEach
    void close() {
        engine.close();
    }

    /** The later inner finishes first (virtual time), yet its values come after the earlier inner's. */
    @Test
    void emitsInSourceOrderWhateverOrderTheInnersFinishIn() {
        StepVerifier.withVirtualTime(() -> Rill.just(3, 1, 2)
                        .flatMapSequential(x -> Rill.just(x * 10, x * 10 + 1).delayElements(Duration.ofSeconds(x))))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(10))
                .expectNext(30, 31, 10, 11, 20, 21)
                .verifyComplete();
    }

    /** All inners are subscribed at once (unlike concatMap), up to maxConcurrency. */
    @Test
    void subscribesTheInnersEagerlyUpToMaxConcurrency() {
        AtomicInteger subscribed = new AtomicInteger();
        List<Push<Integer>> inners = new ArrayList<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        Rill.range(0, 5).flatMapSequential(x -> {
            Push<Integer> p = new Push<>();
            inners.add(p);
            return p.rill.doOnSubscribe(s -> subscribed.incrementAndGet());
        }, 3).subscribe(ts);
        assertThat(subscribed).hasValue(3);
        inners.get(2).next(2).complete(); // the third is done first: held back
        inners.get(1).next(1);
        assertThat(ts.values).isEmpty();
        inners.get(0).next(0);
        ts.assertValues(0);
        inners.get(0).complete();
        ts.assertValues(0, 1);
        inners.get(1).complete();
        ts.assertValues(0, 1, 2);
        assertThat(subscribed).hasValue(5); // each finished inner let the next in
        inners.get(3).complete();
        inners.get(4).next(4).complete();
        ts.assertValues(0, 1, 2, 4);
        ts.assertComplete();
    }

    @Test
    void honoursBackpressureAcrossInners() {
        StepVerifier.create(Rill.range(0, 4).flatMapSequential(x -> Rill.range(x * 10, 3)), 0)
                .expectSubscription()
                .thenRequest(2)
                .expectNext(0, 1)
                .thenRequest(3)
                .expectNext(2, 10, 11)
                .thenRequest(100)
                .expectNext(12, 20, 21, 22, 30, 31, 32)
                .verifyComplete();
    }

    @Test
    void scalarAndEmptyInnersKeepTheirPlace() {
        StepVerifier.create(Rill.range(0, 6).flatMapSequential(x -> x % 3 == 0 ? Rill.<Integer>empty()
                        : x % 3 == 1 ? Rill.just(x) : Rill.range(x * 10, 2).hide()))
                .expectNext(1, 20, 21, 4, 50, 51)
                .verifyComplete();
    }

    @Test
    void anInnerErrorCancelsEverythingAndGoesDownAtOnce() {
        Push<Integer> slow = new Push<>();
        Push<Integer> src = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        src.rill.flatMapSequential(x -> x == 0 ? slow.rill : Rill.<Integer>error(new IllegalStateException("inner")))
                .subscribe(ts);
        src.next(0).next(1);
        assertThat(ts.error()).hasMessage("inner");
        assertThat(slow.cancelled()).isTrue();
        assertThat(src.cancelled()).isTrue();
    }

    @Test
    void delayErrorRunsEveryInnerFirst() {
        StepVerifier.create(Rill.range(0, 3).flatMapSequentialDelayError(
                        x -> x == 1 ? Rill.<Integer>error(new IllegalStateException("one")) : Rill.just(x), 2, 2))
                .expectNext(0, 2)
                .expectErrorMessage("one")
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aThrowingMapperFailsTheStreamAndCancelsTheSource() {
        Push<Integer> src = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        src.rill.flatMapSequential(x -> {
            if (x == 2) {
                throw new IllegalStateException("mapper");
            }
            return Rill.just(x);
        }).subscribe(ts);
        src.next(1).next(2);
        ts.assertValues(1);
        assertThat(ts.error()).hasMessage("mapper");
        assertThat(src.cancelled()).isTrue();
    }

    @Test
    void cancelReachesTheSourceAndEveryInner() {
        Push<Integer> a = new Push<>();
        Push<Integer> b = new Push<>();
        Push<Integer> src = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        src.rill.flatMapSequential(x -> x == 0 ? a.rill : b.rill).subscribe(ts);
        src.next(0).next(1);
        ts.subscription.cancel();
        assertThat(src.cancelled()).isTrue();
        assertThat(a.cancelled()).isTrue();
        assertThat(b.cancelled()).isTrue();
    }

    /**
     * On a real engine, inners that finish in random order after random delays: every value
     * arrives once, in source order, under a subscriber that requests in small random batches.
     */
    @Test
    void keepsOrderAndLosesNothingUnderRandomInnerDelaysOnAnEngine() throws Exception {
        for (int round = 0; round < 5; round++) {
            int n = 500;
            TestSubscriber<Integer> ts = new TestSubscriber<>(3) {
                @Override
                void onValue(Integer t) {
                    subscription.request(t % 7 == 0 ? 2 : 1); // a few outstanding at a time
                }
            };
            Rill.range(0, n).flatMapSequential(x -> Rill.range(x * 3, 3)
                    .delayElements(Duration.ofNanos(ThreadLocalRandom.current().nextInt(1, 200_000)), engine)
                    .publishOn(engine, 2), 16, 2).subscribe(ts);
            ts.await();
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 3 * n; i++) {
                expected.add(i);
            }
            assertThat(new ArrayList<>(ts.values)).isEqualTo(expected);
            ts.assertComplete();
        }
    }

    /** A deep chain of scalar inners on an engine yields instead of starving the worker, and ends. */
    @Test
    void aLongRunOnAWorkerCompletes() {
        Long last = Rill.range(0L, 100_000L).subscribeOn(engine)
                .flatMapSequential(Rill::just).blockLast(Duration.ofSeconds(20));
        assertThat(last).isEqualTo(99_999L);
    }

    @Test
    void aNullFromTheMapperFailsTheStreamNamingIt() {
        StepVerifier.create(Rill.just(1).flatMapSequential(x -> null))
                .expectErrorMatches(e -> e instanceof NullPointerException
                        && e.getMessage().equals("flatMapSequential: the mapper returned null"))
                .verify();
    }
}
