package dev.rill.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.testng.annotations.AfterMethod;
import org.testng.annotations.BeforeMethod;
import org.testng.annotations.Test;

/**
 * The conformance runner on subscribers, blackbox and whitebox, plain and Flow: a correct one
 * passes every required rule, a broken one fails the rule it breaks and not unrelated ones.
 */
public class ConformanceSubscriberTest {

    private static final Duration FAST = ConformanceTest.FAST;

    /** These checks run no §3.13 rule, but take its turn anyway: they share the machine's short timeouts. */
    @BeforeMethod
    public void takeTheGcRulesTurn() {
        Tck.holdGcRule();
    }

    @AfterMethod(alwaysRun = true)
    public void giveTheGcRulesTurnBack() {
        Tck.releaseGcRule();
    }

    /**
     * A correct subscriber: asks for one value at a time, cancels a second subscription, rejects
     * nulls, and stops using its subscription after a terminal signal. {@code ignoresNullError}
     * breaks §2.13 on purpose; {@code acceptsSecondSubscription} breaks §2.5.
     */
    static final class OneByOne implements Subscriber<Integer> {
        private final boolean ignoresNullError;
        private final boolean acceptsSecondSubscription;
        private final AtomicReference<Subscription> subscription = new AtomicReference<>();
        private volatile boolean done;

        OneByOne(boolean ignoresNullError, boolean acceptsSecondSubscription) {
            this.ignoresNullError = ignoresNullError;
            this.acceptsSecondSubscription = acceptsSecondSubscription;
        }

        OneByOne() {
            this(false, false);
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (s == null) {
                throw new NullPointerException("§2.13: onSubscribe(null)");
            }
            if (!subscription.compareAndSet(null, s)) {
                if (!acceptsSecondSubscription) {
                    s.cancel(); // §2.5
                }
                return;
            }
            s.request(1);
        }

        @Override
        public void onNext(Integer t) {
            if (t == null) {
                throw new NullPointerException("§2.13: onNext(null)");
            }
            if (!done) {
                subscription.get().request(1);
            }
        }

        @Override
        public void onError(Throwable t) {
            if (t == null && !ignoresNullError) {
                throw new NullPointerException("§2.13: onError(null)");
            }
            done = true;
        }

        @Override
        public void onComplete() {
            done = true;
        }
    }

    @Test
    public void aCorrectSubscriberPassesTheBlackboxVerification() {
        ConformanceReport report = Conformance.subscriber("OneByOne", SubscriberUnderTest.of(OneByOne::new, i -> i))
                .timeout(FAST).run();
        assertThat(report.verification()).isEqualTo(Verification.SUBSCRIBER_BLACKBOX);
        assertThat(ConformanceTest.failures(report)).isEmpty();
        assertThat(report.count(Requirement.REQUIRED, Outcome.PASSED)).isGreaterThan(5);
        assertThat(report.rules()).filteredOn(r -> r.rule().equals("2.13")).singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.PASSED));
    }

    @Test
    public void aSubscriberThatIgnoresANullErrorFailsRule213Only() {
        ConformanceReport report = Conformance.subscriber("IgnoresNullError",
                SubscriberUnderTest.of(() -> new OneByOne(true, false), i -> i)).timeout(FAST).run();
        assertThat(report.conforms()).isFalse();
        assertThat(ConformanceTest.failedRules(report)).as(ConformanceTest.failures(report)).containsExactly("2.13");
        assertThat(report.tests()).filteredOn(t -> t.outcome() == Outcome.FAILED).singleElement()
                .satisfies(t -> {
                    assertThat(t.test()).contains("onError");
                    assertThat(t.meaning()).startsWith("Breaks §2.13");
                });
    }

    @Test
    public void aCorrectSubscriberPassesTheWhiteboxVerification() {
        ConformanceReport report = Conformance.whiteboxSubscriber("OneByOne",
                WhiteboxSubscriberUnderTest.of(OneByOne::new, i -> i)).timeout(FAST).run();
        assertThat(report.verification()).isEqualTo(Verification.SUBSCRIBER_WHITEBOX);
        assertThat(ConformanceTest.failures(report)).isEmpty();
        assertThat(report.count(Requirement.REQUIRED, Outcome.PASSED)).isGreaterThan(10);
    }

    @Test
    public void aWhiteboxSubscriberThatKeepsASecondSubscriptionFailsRule25() {
        ConformanceReport report = Conformance.whiteboxSubscriber("KeepsSecond",
                WhiteboxSubscriberUnderTest.of(() -> new OneByOne(false, true), i -> i)).timeout(FAST).run();
        assertThat(report.conforms()).isFalse();
        assertThat(ConformanceTest.failedRules(report)).as(ConformanceTest.failures(report)).containsExactly("2.5");
    }

    /** The Flow twins: the same subscriber seen as a {@link Flow.Subscriber}. */
    @Test
    public void aCorrectFlowSubscriberPassesBothFlowVerifications() {
        ConformanceReport blackbox = Conformance.flowSubscriber("flow OneByOne",
                FlowSubscriberUnderTest.of(() -> FlowAdapters.toFlowSubscriber(new OneByOne()), i -> i)).timeout(FAST).run();
        ConformanceReport whitebox = Conformance.flowWhiteboxSubscriber("flow OneByOne",
                FlowWhiteboxSubscriberUnderTest.<Integer>of(() -> FlowAdapters.toFlowSubscriber(new OneByOne()), i -> i))
                .timeout(FAST).run();
        assertThat(blackbox.flow()).isTrue();
        assertThat(ConformanceTest.failures(blackbox)).isEmpty();
        assertThat(ConformanceTest.failures(whitebox)).isEmpty();
        assertThat(whitebox.count(Requirement.REQUIRED, Outcome.PASSED)).isGreaterThan(10);
    }
}
