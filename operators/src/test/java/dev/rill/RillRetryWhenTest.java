package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.VirtualTimeScheduler;
import dev.rill.test.StepVerifier;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** retryWhen(Retry) and retry(times, predicate): counting, delays on the timer wheel, hooks, demand. */
class RillRetryWhenTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    /** Fails its first {@code failures} subscriptions, then emits 1, 2 and completes. */
    private static Rill<Integer> failingFirst(int failures, AtomicInteger subscriptions) {
        return Rill.defer(() -> subscriptions.incrementAndGet() <= failures
                ? Rill.<Integer>error(new IllegalStateException("attempt " + subscriptions.get()))
                : Rill.just(1, 2));
    }

    @Test
    void maxRetriesAFailureThenDeliversTheSecondAttempt() {
        AtomicInteger subscriptions = new AtomicInteger();
        StepVerifier.create(failingFirst(1, subscriptions).retryWhen(Retry.max(3)))
                .expectNext(1, 2)
                .expectComplete()
                .verify(BOUND);
        assertThat(subscriptions.get()).isEqualTo(2);
    }

    /** Reactor's shape: "Retries exhausted: 3/3", an exhausted error whose cause is the last failure. */
    @Test
    void exhaustedErrorNamesTheAttemptsAndCarriesTheLastFailure() {
        AtomicInteger subscriptions = new AtomicInteger();
        StepVerifier.create(failingFirst(100, subscriptions).retryWhen(Retry.max(3)))
                .expectErrorMatches(e -> Retry.isRetryExhausted(e)
                        && e.getMessage().equals("Retries exhausted: 3/3")
                        && e.getCause() instanceof IllegalStateException
                        && e.getCause().getMessage().equals("attempt 4"))
                .verify(BOUND);
        assertThat(subscriptions.get()).isEqualTo(4);
    }

    @Test
    void maxInARowCountsOnlyErrorsWithoutAValueBetween() {
        // Each attempt emits a value, then fails; the fifth completes.
        AtomicInteger subscriptions = new AtomicInteger();
        Rill<Integer> flaky = Rill.defer(() -> subscriptions.incrementAndGet() < 5
                ? Rill.just(0).concatWith(Rill.error(new IOException("flaky")))
                : Rill.just(9));
        StepVerifier.create(flaky.retryWhen(Retry.maxInARow(1)))
                .expectNext(0, 0, 0, 0, 9)
                .expectComplete()
                .verify(BOUND);
        StepVerifier.create(Rill.<Integer>error(new IOException("x")).retryWhen(Retry.maxInARow(2)))
                .expectErrorMessage("Retries exhausted: 2/2 in a row (2 total)")
                .verify(BOUND);
    }

    @Test
    void anErrorTheFilterRejectsPassesAtOnceWithoutDelayOrHooks() {
        AtomicInteger hooks = new AtomicInteger();
        IllegalArgumentException notRetried = new IllegalArgumentException("bad request");
        AtomicInteger subscriptions = new AtomicInteger();
        Rill<Integer> source = Rill.defer(() -> {
            subscriptions.incrementAndGet();
            return Rill.error(notRetried);
        });
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        source.retryWhen(Retry.backoff(5, Duration.ofSeconds(1)).scheduler(vts)
                        .filter(e -> e instanceof IOException).doBeforeRetry(s -> hooks.incrementAndGet()))
                .subscribe(ts);
        assertThat(ts.error()).isSameAs(notRetried);
        assertThat(subscriptions.get()).isEqualTo(1);
        assertThat(hooks.get()).isZero();
        assertThat(vts.pending()).isZero();
    }

    @Test
    void fixedDelayWaitsExactlyTheDelayBeforeEachAttempt() {
        AtomicInteger subscriptions = new AtomicInteger();
        StepVerifier.withVirtualTime(() -> failingFirst(2, subscriptions)
                        .retryWhen(Retry.fixedDelay(3, Duration.ofMillis(100))))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(99))
                .then(() -> assertThat(subscriptions.get()).isEqualTo(1))
                .thenAwait(Duration.ofMillis(1))
                .then(() -> assertThat(subscriptions.get()).isEqualTo(2))
                .expectNoEvent(Duration.ofMillis(99))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(1, 2)
                .expectComplete()
                .verify(BOUND);
        assertThat(subscriptions.get()).isEqualTo(3);
    }

    /** Subscription times (virtual ns) of an always-failing source under {@code retry}. */
    private static List<Long> subscriptionTimes(Retry.RetryBackoffSpec retry, VirtualTimeScheduler vts,
                                                TestSubscriber<Integer> ts) {
        List<Long> times = new ArrayList<>();
        Rill.<Integer>defer(() -> {
            times.add(vts.now(TimeUnit.NANOSECONDS));
            return Rill.error(new IOException("down"));
        }).retryWhen(retry.scheduler(vts)).subscribe(ts);
        vts.advanceTimeBy(Duration.ofHours(1));
        return times;
    }

    @Test
    void backoffDoublesFromTheMinimumAndStopsAtTheCap() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        List<Long> times = subscriptionTimes(Retry.backoff(6, Duration.ofMillis(100))
                .maxBackoff(Duration.ofMillis(500)).jitter(0), vts, ts);
        // waits 100, 200, 400, then 500 (capped) three times
        assertThat(times).containsExactly(0L, ms(100), ms(300), ms(700), ms(1200), ms(1700), ms(2200));
        assertThat(ts.error()).hasMessage("Retries exhausted: 6/6").hasCauseInstanceOf(IOException.class);
    }

    @Test
    void jitteredWaitsStayWithinTheirBoundsAndTheMinimumAndCap() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        List<Long> times = subscriptionTimes(Retry.backoff(8, Duration.ofMillis(100))
                .maxBackoff(Duration.ofMillis(1000)), vts, ts);
        assertThat(times).hasSize(9);
        for (int i = 1; i < times.size(); i++) {
            long waited = times.get(i) - times.get(i - 1);
            long base = Math.min(ms(100) << (i - 1), ms(1000));
            assertThat(waited).as("wait %d", i)
                    .isBetween(Math.max(ms(100), base / 2), Math.min(ms(1000), base + base / 2));
        }
    }

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void hooksRunBeforeTheDelayAndAfterItJustBeforeResubscribing() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        List<String> events = new ArrayList<>();
        AtomicInteger n = new AtomicInteger();
        Rill<Integer> source = Rill.defer(() -> {
            events.add("subscribe@" + vts.now(TimeUnit.MILLISECONDS));
            return n.incrementAndGet() < 3 ? Rill.error(new IOException("e")) : Rill.just(1);
        });
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        source.retryWhen(Retry.fixedDelay(3, Duration.ofMillis(5)).scheduler(vts)
                .doBeforeRetry(s -> events.add("before" + s.totalRetries() + "@" + vts.now(TimeUnit.MILLISECONDS)))
                .doAfterRetry(s -> events.add("after" + s.totalRetries() + "@" + vts.now(TimeUnit.MILLISECONDS))))
                .subscribe(ts);
        vts.advanceTimeBy(Duration.ofSeconds(1));
        // Reactor's order: [sub, before0, after0, sub, before1, after1, sub]
        assertThat(events).containsExactly("subscribe@0", "before0@0", "after0@5", "subscribe@5", "before1@5",
                "after1@10", "subscribe@10");
        ts.assertValues(1);
        ts.assertComplete();
    }

    @Test
    void aCancelDuringTheDelayCancelsTheTimerAndNothingResubscribes() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        AtomicInteger subscriptions = new AtomicInteger();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        failingFirst(5, subscriptions).retryWhen(Retry.fixedDelay(5, Duration.ofSeconds(1)).scheduler(vts)).subscribe(ts);
        assertThat(vts.pending()).as("the delay is armed").isEqualTo(1);
        ts.subscription.cancel();
        assertThat(vts.pending()).as("the delay is cancelled").isZero();
        vts.advanceTimeBy(Duration.ofSeconds(10));
        assertThat(subscriptions.get()).isEqualTo(1);
        ts.assertNotTerminated();
    }

    @Test
    void demandCarriesAcrossAttemptsAndNoValueIsLostOrRepeated() {
        AtomicInteger subscriptions = new AtomicInteger();
        Rill<Integer> source = Rill.defer(() -> subscriptions.incrementAndGet() == 1
                ? Rill.just(1, 2).concatWith(Rill.error(new IOException("cut")))
                : Rill.range(3, 10));
        StepVerifier.create(source.retryWhen(Retry.max(1)), 3)
                .expectNext(1, 2, 3)
                .expectNoEvent(Duration.ofMillis(10))
                .thenRequest(2)
                .expectNext(4, 5)
                .thenCancel()
                .verify(BOUND);
    }

    @Test
    void aHookThatThrowsFailsTheStreamWithItsError() {
        IllegalStateException hookFailed = new IllegalStateException("hook");
        StepVerifier.create(Rill.<Integer>error(new IOException("x"))
                        .retryWhen(Retry.max(3).doBeforeRetry(s -> {
                            throw hookFailed;
                        })))
                .expectErrorMatches(e -> e == hookFailed)
                .verify(BOUND);
    }

    @Test
    void aCustomExhaustedErrorReplacesTheDefault() {
        StepVerifier.create(Rill.<Integer>error(new IOException("x"))
                        .retryWhen(Retry.fixedDelay(2, Duration.ZERO)
                                .onRetryExhaustedThrow((spec, s) -> new IllegalStateException(
                                        "gave up after " + spec.maxAttempts + ": " + s.failure().getMessage()))))
                .expectErrorMessage("gave up after 2: x")
                .verify(BOUND);
    }

    @Test
    void aSynchronousSourceRetriesInConstantStack() {
        AtomicInteger subscriptions = new AtomicInteger();
        StepVerifier.create(failingFirst(200_000, subscriptions).retryWhen(Retry.indefinitely()))
                .expectNext(1, 2)
                .expectComplete()
                .verify(BOUND);
        assertThat(subscriptions.get()).isEqualTo(200_001);
    }

    @Test
    void delaysWithoutASchedulerRunInTheVerifiersVirtualTime() {
        AtomicInteger subscriptions = new AtomicInteger();
        Retry.RetryBackoffSpec madeOutside = Retry.fixedDelay(1, Duration.ofHours(1));
        StepVerifier.withVirtualTime(() -> failingFirst(1, subscriptions).retryWhen(madeOutside))
                .expectSubscription()
                .expectNoEvent(Duration.ofMinutes(59))
                .thenAwait(Duration.ofMinutes(1))
                .expectNext(1, 2)
                .expectComplete()
                .verify(BOUND);
    }

    @Test
    void retryWithAPredicateRetriesMatchingErrorsAndPassesTheLastAsItIs() {
        AtomicInteger subscriptions = new AtomicInteger();
        StepVerifier.create(failingFirst(100, subscriptions).retry(2, e -> e instanceof IllegalStateException))
                .expectErrorMessage("attempt 3")
                .verify(BOUND);
        assertThat(subscriptions.get()).isEqualTo(3);
        AtomicInteger other = new AtomicInteger();
        StepVerifier.create(failingFirst(100, other).retry(2, e -> e instanceof IOException))
                .expectErrorMessage("attempt 1")
                .verify(BOUND);
        assertThat(other.get()).isEqualTo(1);
    }
}
