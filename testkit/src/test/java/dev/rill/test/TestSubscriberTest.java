package dev.rill.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TestSubscriberTest {

    @Test
    void recordsValuesAndTheEnd() {
        TestSubscriber<Integer> ts = TestSubscriber.create();
        Publishers.range(1, 3).subscribe(ts);
        ts.awaitDone(Duration.ofSeconds(5)).assertSubscribed().assertValues(1, 2, 3).assertValueCount(3)
                .assertComplete().assertNoErrors();
        assertThat(ts.values()).containsExactly(1, 2, 3);
        assertThat(ts.isTerminated()).isTrue();
    }

    @Test
    void aWrongValueIsShownWithItsIndex() {
        TestSubscriber<Integer> ts = TestSubscriber.create();
        Publishers.range(1, 3).subscribe(ts);
        assertThatThrownBy(() -> ts.assertValues(1, 2, 4))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected values [1, 2, 4] but got [1, 2, 3]")
                .hasMessageContaining("first difference at index 2: expected 4, got 3")
                .hasMessageContaining("[received: 3 values [1, 2, 3], onComplete]");
    }

    @Test
    void requestsWhatItIsToldTo() {
        TestSubscriber<Integer> ts = TestSubscriber.create(0);
        Publishers.range(1, 5).subscribe(ts);
        ts.assertNoValues().assertNotTerminated();
        ts.request(2).assertValues(1, 2).assertNotComplete();
        ts.request(10).assertValueCount(5).assertComplete();
    }

    @Test
    void awaitDoneIsBoundedAndSaysWhatArrived() {
        TestSubscriber<Object> ts = TestSubscriber.create();
        Publishers.never(new AtomicBoolean()).subscribe(ts);
        assertThatThrownBy(() -> ts.awaitDone(Duration.ofMillis(100)))
                .hasMessageContaining("no onComplete or onError within PT0.1S")
                .hasMessageContaining("0 values, not terminated");
        assertThatThrownBy(() -> ts.awaitCount(1, Duration.ofMillis(50)))
                .hasMessageContaining("fewer than 1 values within");
    }

    @Test
    void aPublisherThatBreaksTheProtocolFailsEveryAssertion() {
        TestSubscriber<Integer> ts = TestSubscriber.create(1);
        Publishers.ignoringDemand(true, 1, 2).subscribe(ts);
        assertThatThrownBy(ts::assertComplete)
                .hasMessageContaining("the publisher broke the protocol: onNext(2) beyond demand: value 2 with 1 requested (§1.1)");
        TestSubscriber<String> late = TestSubscriber.create();
        Publishers.signalsAfterTheEnd("x").subscribe(late);
        assertThatThrownBy(late::assertNoValues).hasMessageContaining("onNext(x) after onComplete (§1.7)");
    }

    @Test
    void errorAssertions() {
        TestSubscriber<Object> ts = TestSubscriber.create();
        Publishers.error(new IllegalStateException("boom")).subscribe(ts);
        ts.assertError(IllegalStateException.class).assertErrorMessage("boom").assertNotComplete();
        assertThatThrownBy(() -> ts.assertError(IllegalArgumentException.class))
                .hasMessageContaining("expected onError(java.lang.IllegalArgumentException) but got onError(java.lang.IllegalStateException: boom)");
        assertThatThrownBy(ts::assertNoErrors).hasMessageContaining("expected no error");
        assertThatThrownBy(ts::assertComplete).hasMessageContaining("expected onComplete but got onError");
    }

    @Test
    void aCancelBeforeTheSubscriptionCancelsItOnArrival() {
        AtomicBoolean cancelled = new AtomicBoolean();
        TestSubscriber<Object> ts = TestSubscriber.create();
        ts.cancel();
        Publishers.never(cancelled).subscribe(ts);
        assertThat(cancelled).isTrue();
    }

    @Test
    void badInput() {
        assertThatThrownBy(() -> TestSubscriber.create(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("initialRequest");
        assertThatThrownBy(() -> TestSubscriber.create().request(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("before onSubscribe");
    }
}
