package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rill.test.StepVerifier;
import java.io.IOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Retry specs themselves: immutability, argument checks, the backoff arithmetic. */
class RetryTest {

    private static final IOException FAILURE = new IOException("down");

    private static long delayAt(Retry retry, long iteration) {
        return retry.delayNanos(new Retry.Signal(iteration, iteration, FAILURE));
    }

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void everyBuilderCallReturnsANewSpecAndLeavesTheOldOneAsItWas() {
        Retry.RetrySpec three = Retry.max(3);
        Retry.RetrySpec five = three.maxAttempts(5);
        assertThat(five).isNotSameAs(three);
        assertThat(three.maxAttempts).isEqualTo(3);
        assertThat(five.maxAttempts).isEqualTo(5);
        Retry.RetryBackoffSpec fixed = Retry.fixedDelay(2, Duration.ofMillis(10));
        Retry.RetryBackoffSpec jittered = fixed.jitter(0.9);
        assertThat(jittered).isNotSameAs(fixed);
        for (int i = 0; i < 100; i++) {
            assertThat(delayAt(fixed, 1)).as("still no jitter").isEqualTo(ms(10));
        }
        assertThat(Retry.indefinitely().maxAttempts).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void badArgumentsThrowWhenGivenNamingTheArgument() {
        Duration d = Duration.ofMillis(1);
        assertThatThrownBy(() -> Retry.max(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAttempts").hasMessageContaining("-1");
        assertThatThrownBy(() -> Retry.maxInARow(-2)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> Retry.max(1).maxAttempts(-3)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> Retry.backoff(-1, d)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> Retry.fixedDelay(1, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("fixedDelay");
        assertThatThrownBy(() -> Retry.fixedDelay(1, d.negated())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fixedDelay");
        assertThatThrownBy(() -> Retry.backoff(1, null)).hasMessage("minBackoff");
        assertThatThrownBy(() -> Retry.backoff(1, d).minBackoff(d.negated())).hasMessageContaining("minBackoff");
        assertThatThrownBy(() -> Retry.backoff(1, d).maxBackoff(null)).hasMessage("maxBackoff");
        assertThatThrownBy(() -> Retry.backoff(1, d).maxBackoff(d.negated())).hasMessageContaining("maxBackoff");
        for (double bad : new double[] {-0.1, 1.1, Double.NaN}) {
            assertThatThrownBy(() -> Retry.backoff(1, d).jitter(bad)).as("jitter %s", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jitterFactor");
        }
        assertThatThrownBy(() -> Retry.max(1).filter(null)).hasMessage("filter");
        assertThatThrownBy(() -> Retry.max(1).doBeforeRetry(null)).hasMessage("doBeforeRetry");
        assertThatThrownBy(() -> Retry.backoff(1, d).doAfterRetry(null)).hasMessage("doAfterRetry");
        assertThatThrownBy(() -> Retry.max(1).onRetryExhaustedThrow(null)).hasMessage("retryExhaustedGenerator");
        assertThatThrownBy(() -> Rill.just(1).retryWhen(null)).hasMessage("retrySpec");
    }

    /** Checked when the spec is used, so min and max can be set in either order (as in Reactor). */
    @Test
    void aMaximumBelowTheMinimumFailsAtRetryWhenAssembly() {
        Retry.RetryBackoffSpec upsideDown = Retry.backoff(3, Duration.ofSeconds(10)).maxBackoff(Duration.ofSeconds(1));
        assertThatThrownBy(() -> Rill.just(1).retryWhen(upsideDown)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBackoff").hasMessageContaining("minBackoff");
        assertThatCode(() -> Rill.just(1).retryWhen(upsideDown.minBackoff(Duration.ofMillis(100))))
                .doesNotThrowAnyException();
    }

    @Test
    void backoffDoublesAndIsCappedWithoutOverflowingAtAnyIteration() {
        Retry.RetryBackoffSpec noJitter = Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100))
                .maxBackoff(Duration.ofSeconds(1)).jitter(0);
        assertThat(delayAt(noJitter, 0)).isEqualTo(ms(100));
        assertThat(delayAt(noJitter, 1)).isEqualTo(ms(200));
        assertThat(delayAt(noJitter, 3)).isEqualTo(ms(800));
        assertThat(delayAt(noJitter, 4)).isEqualTo(ms(1000));
        Retry.RetryBackoffSpec uncapped = Retry.backoff(Long.MAX_VALUE, Duration.ofDays(365));
        for (long i : new long[] {40, 62, 63, 64, 1000, Long.MAX_VALUE}) {
            assertThat(delayAt(noJitter, i)).as("capped at %d", i).isEqualTo(ms(1000));
            assertThat(delayAt(uncapped, i)).as("saturated at %d", i).isPositive();
        }
        Retry.RetryBackoffSpec forever = Retry.backoff(5, ChronoUnit.FOREVER.getDuration()).jitter(1);
        assertThat(delayAt(forever, 3)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void jitterNeverLeavesTheMinimumAndTheCapNorTheFactorsSpread() {
        Retry.RetryBackoffSpec full = Retry.backoff(20, Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(2))
                .jitter(1);
        Retry.RetryBackoffSpec half = Retry.backoff(20, Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(2));
        boolean spread = false;
        for (int i = 0; i < 10; i++) {
            long base = Math.min(ms(100) << i, ms(2000));
            for (int k = 0; k < 500; k++) {
                long f = delayAt(full, i);
                assertThat(f).isBetween(ms(100), ms(2000));
                long h = delayAt(half, i);
                assertThat(h).isBetween(Math.max(ms(100), base - base / 2), Math.min(ms(2000), base + base / 2));
                spread |= h != base;
            }
        }
        assertThat(spread).as("the default jitter moves the delays").isTrue();
    }

    @Test
    void aZeroBackoffRetriesAtOnceWithoutAScheduler() {
        assertThat(delayAt(Retry.backoff(3, Duration.ZERO), 2)).isZero();
        assertThat(delayAt(Retry.max(3), 2)).isZero();
        StepVerifier.create(Rill.<Integer>error(FAILURE).retryWhen(Retry.backoff(3, Duration.ZERO)))
                .expectErrorMessage("Retries exhausted: 3/3")
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void hooksGetImmutableSignalsCountingFromZero() {
        List<Retry.RetrySignal> seen = new ArrayList<>();
        StepVerifier.create(Rill.<Integer>error(FAILURE).retryWhen(Retry.max(3).doBeforeRetry(seen::add)))
                .expectErrorMatches(Retry::isRetryExhausted)
                .verify(Duration.ofSeconds(10));
        assertThat(seen).extracting(Retry.RetrySignal::totalRetries).containsExactly(0L, 1L, 2L);
        assertThat(seen).extracting(Retry.RetrySignal::totalRetriesInARow).containsExactly(0L, 1L, 2L);
        assertThat(seen).extracting(Retry.RetrySignal::failure).containsOnly(FAILURE);
        assertThat(seen.get(0).copy()).isEqualTo(seen.get(0));
    }

    @Test
    void hooksAddedTwiceBothRunInOrder() {
        List<String> calls = new ArrayList<>();
        StepVerifier.create(Rill.<Integer>error(FAILURE).retryWhen(Retry.max(1)
                        .doBeforeRetry(s -> calls.add("a")).doBeforeRetry(s -> calls.add("b"))))
                .expectError()
                .verify(Duration.ofSeconds(10));
        assertThat(calls).containsExactly("a", "b");
    }

    @Test
    void anExhaustedErrorIsRecognisedAndOthersAreNot() {
        assertThat(Retry.isRetryExhausted(FAILURE)).isFalse();
        assertThat(Retry.isRetryExhausted(null)).isFalse();
    }

    @Test
    void aMultiplierGrowsTheBackoffByItselfAndBelowOneKeepsItConstant() {
        Retry.RetryBackoffSpec triple = Retry.backoff(10, Duration.ofMillis(100)).multiplier(3).jitter(0);
        assertThat(triple.multiplier).isEqualTo(3d);
        assertThat(delayAt(triple, 0)).isEqualTo(ms(100));
        assertThat(delayAt(triple, 2)).isEqualTo(ms(900));
        assertThat(delayAt(triple.maxBackoff(Duration.ofSeconds(1)), 3)).isEqualTo(ms(1000));
        assertThat(delayAt(triple, 500)).as("saturated, not negative").isEqualTo(Long.MAX_VALUE);
        Retry.RetryBackoffSpec half = Retry.backoff(10, Duration.ofMillis(100)).multiplier(0.5).jitter(0);
        assertThat(half.multiplier).as("as Reactor: at least 1").isEqualTo(1d);
        assertThat(delayAt(half, 5)).isEqualTo(ms(100));
        assertThatThrownBy(() -> Retry.backoff(1, Duration.ZERO).multiplier(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiplier");
    }

    @Test
    void theSpecsSettingsAreReadableAsInReactor() {
        Retry.RetryBackoffSpec spec = Retry.backoff(4, Duration.ofMillis(5)).maxBackoff(Duration.ofSeconds(1))
                .transientErrors(true);
        assertThat(spec.maxAttempts).isEqualTo(4);
        assertThat(spec.isTransientErrors).isTrue();
        assertThat(spec.minBackoff).isEqualTo(Duration.ofMillis(5));
        assertThat(spec.maxBackoff).isEqualTo(Duration.ofSeconds(1));
        assertThat(spec.jitterFactor).isEqualTo(0.5);
        assertThat(spec.multiplier).isEqualTo(2d);
        assertThat(Retry.fixedDelay(1, Duration.ofMillis(5)).jitterFactor).isZero();
        assertThat(Retry.max(1).errorFilter.test(FAILURE)).isTrue();
        assertThat(Retry.max(1).filter(e -> false).errorFilter.test(FAILURE)).isFalse();
    }
}
