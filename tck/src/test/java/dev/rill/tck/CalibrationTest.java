package dev.rill.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.publishers.LongRangePublisher;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.testng.annotations.Test;

/** How the runner picks its timeouts: given by the user, or measured with a bounded warm-up. */
public class CalibrationTest {

    @Test
    public void aGivenTimeoutIsUsedForBothWindows() {
        Calibration c = Calibration.fixed(Duration.ofMillis(250));
        assertThat(c.timeoutMillis()).isEqualTo(250);
        assertThat(c.noSignalMillis()).isEqualTo(250);
        assertThat(c.how()).startsWith("given by the user: 250 ms");
    }

    @Test
    public void aMeasuredTimeoutStaysWithinItsBoundsAndSaysHow() {
        PublisherUnderTest<Long> range = n -> new LongRangePublisher(0, n);
        Calibration c = Calibration.measure(Verification.PUBLISHER, range);
        assertThat(c.timeoutMillis()).isBetween(Calibration.FLOOR_MS, Calibration.CAP_MS);
        assertThat(c.noSignalMillis()).isBetween(Calibration.FLOOR_MS, c.timeoutMillis());
        assertThat(c.how()).startsWith("measured on this machine").doesNotContain("warm-up failed");
    }

    /** Released at the end of the test, so the stuck warm-up thread can end. */
    static volatile boolean released;

    /** A subject that blocks in subscribe, deaf to interrupts, is left out of the measure: no hang. */
    @Test(timeOut = 30_000)
    public void aSubjectThatBlocksInItsWarmUpIsLeftOut() {
        released = false;
        try {
            PublisherUnderTest<Long> stuck = n -> s -> {
                while (!released) {
                    Thread.interrupted(); // deaf to interrupts, on purpose
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
            };
            Calibration c = Calibration.measure(Verification.PUBLISHER, stuck);
            assertThat(c.how()).contains("warm-up failed").contains("does it block?");
            assertThat(c.timeoutMillis()).isBetween(Calibration.FLOOR_MS, Calibration.CAP_MS);
        } finally {
            released = true;
        }
    }

    /** A subscriber that never requests by itself (it waits to be told) is measured without its part. */
    @Test
    public void aSubscriberThatWaitsToBeToldIsLeftOut() {
        SubscriberUnderTest<Integer> passive = SubscriberUnderTest.of(() -> new org.reactivestreams.Subscriber<Integer>() {
            @Override
            public void onSubscribe(org.reactivestreams.Subscription s) {
            }

            @Override
            public void onNext(Integer t) {
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        }, i -> i);
        Calibration c = Calibration.measure(Verification.SUBSCRIBER_BLACKBOX, passive);
        assertThat(c.how()).contains("did not request within");
    }
}
