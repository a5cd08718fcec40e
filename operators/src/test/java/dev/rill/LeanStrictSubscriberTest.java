package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

@Timeout(10)
class LeanStrictSubscriberTest {

    @RegisterExtension
    final DroppedErrors dropped = DroppedErrors.collect();

    /** A plain subscriber that records everything; it asks for {@code initial} in onSubscribe. */
    static class Plain implements Subscriber<Integer> {
        final List<Object> signals = new CopyOnWriteArrayList<>();
        final long initial;
        volatile Subscription subscription;

        Plain(long initial) {
            this.initial = initial;
        }

        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
            if (initial != 0) {
                s.request(initial);
            }
        }

        @Override
        public void onNext(Integer v) {
            signals.add(v);
        }

        @Override
        public void onError(Throwable t) {
            signals.add(t);
        }

        @Override
        public void onComplete() {
            signals.add("complete");
        }
    }

    @Test
    void aPlainSubscriberOfPublishGetsTheLeanBoundaryAndOtherStagesTheStrictOne() {
        Plain ofPublish = new Plain(0);
        Rill.range(0, 3).publish().autoConnect(2).subscribe(ofPublish);
        Plain ofShare = new Plain(0);
        Rill.range(0, 3).share().subscribe(ofShare);
        Plain ofMap = new Plain(0);
        Rill.range(0, 3).map(x -> x).subscribe(ofMap);

        assertThat(ofPublish.subscription).isInstanceOf(LeanStrictSubscriber.class);
        assertThat(ofShare.subscription).isInstanceOf(LeanStrictSubscriber.class);
        assertThat(ofMap.subscription).isInstanceOf(dev.rill.signal.StrictSubscriber.class);
    }

    @Test
    void requestZeroEndsThatSubscriberWithTheSection309ErrorAndTheOthersGoOn() {
        Rill<Integer> shared = Rill.range(0, 5).publish().autoConnect(2);
        Plain bad = new Plain(0);
        Plain good = new Plain(Long.MAX_VALUE);
        shared.subscribe(bad);
        bad.subscription.request(0);
        shared.subscribe(good);

        assertThat(bad.signals).hasSize(1);
        assertThat(bad.signals.get(0)).isInstanceOf(IllegalArgumentException.class)
                .extracting(e -> ((Throwable) e).getMessage()).asString().contains("§3.9");
        assertThat(good.signals).containsExactly(0, 1, 2, 3, 4, "complete");
    }

    @Test
    void aBadRequestFromInsideOnNextComesRightAfterThatValue() {
        List<Object> signals = new CopyOnWriteArrayList<>();
        Rill.range(0, 5).share().subscribe(new Subscriber<Integer>() {
            Subscription s;

            @Override
            public void onSubscribe(Subscription s) {
                this.s = s;
                s.request(10);
            }

            @Override
            public void onNext(Integer v) {
                signals.add(v);
                if (v == 1) {
                    s.request(-3);
                }
            }

            @Override
            public void onError(Throwable t) {
                signals.add(t.getClass());
            }

            @Override
            public void onComplete() {
                signals.add("complete");
            }
        });

        assertThat(signals).containsExactly(0, 1, IllegalArgumentException.class);
    }

    @Test
    void aSubscriberThatThrowsFromOnNextIsCancelledAndTheSourceIsReleased() {
        AtomicBoolean sourceCancelled = new AtomicBoolean();
        AtomicInteger calls = new AtomicInteger();
        Rill<Integer> shared = Rill.range(0, 100).doOnCancel(() -> sourceCancelled.set(true)).share();
        shared.subscribe(new Plain(Long.MAX_VALUE) {
            @Override
            public void onNext(Integer v) {
                calls.incrementAndGet();
                throw new IllegalStateException("boom");
            }
        });

        assertThat(calls).hasValue(1);
        assertThat(sourceCancelled).isTrue(); // the only subscriber left: refCount disconnected
        assertThat(dropped.errors).singleElement().satisfies(e -> {
            assertThat(e).hasMessageContaining("§2.13");
            assertThat(e.getCause()).hasMessage("boom");
        });
    }

    @Test
    void aThrowingSubscriberDoesNotStopTheOthers() {
        Rill<Integer> shared = Rill.range(0, 4).publish().autoConnect(2);
        shared.subscribe(new Plain(Long.MAX_VALUE) {
            @Override
            public void onNext(Integer v) {
                throw new IllegalStateException("boom");
            }
        });
        Plain good = new Plain(Long.MAX_VALUE);
        shared.subscribe(good);

        assertThat(good.signals).containsExactly(0, 1, 2, 3, "complete");
        assertThat(dropped.errors).hasSize(1);
    }

    @Test
    void aSecondOnSubscribeIsCancelledAndNothingFollowsTheEnd() {
        Plain plain = new Plain(1);
        LeanStrictSubscriber<Integer> lean = new LeanStrictSubscriber<>(plain);
        AtomicInteger requested = new AtomicInteger();
        AtomicBoolean secondCancelled = new AtomicBoolean();
        lean.onSubscribe(subscription(requested, new AtomicBoolean()));
        lean.onSubscribe(subscription(new AtomicInteger(), secondCancelled));
        lean.onNext(7);
        lean.onComplete();
        lean.onNext(8);
        lean.onComplete();
        lean.onError(new IllegalStateException("late"));

        assertThat(requested).hasValue(1);
        assertThat(secondCancelled).isTrue();
        assertThat(plain.signals).containsExactly(7, "complete");
        assertThat(dropped.errors).extracting(Throwable::getMessage)
                .anySatisfy(m -> assertThat(m).contains("§2.12"))
                .anySatisfy(m -> assertThat(m).isEqualTo("late"));
    }

    @Test
    void aThrowingOnCompleteIsDroppedNotThrownIntoTheStage() {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        LeanStrictSubscriber<Integer> lean = new LeanStrictSubscriber<>(new Plain(1) {
            @Override
            public void onComplete() {
                throw new IllegalStateException("boom");
            }
        });
        lean.onSubscribe(subscription(new AtomicInteger(), new AtomicBoolean()));
        try {
            lean.onComplete();
        } catch (Throwable e) {
            thrown.set(e);
        }

        assertThat(thrown).hasValue(null);
        assertThat(dropped.errors).singleElement()
                .satisfies(e -> assertThat(e).hasMessageContaining("§2.13"));
    }

    private static Subscription subscription(AtomicInteger requested, AtomicBoolean cancelled) {
        return new Subscription() {
            @Override
            public void request(long n) {
                requested.addAndGet((int) n);
            }

            @Override
            public void cancel() {
                cancelled.set(true);
            }
        };
    }
}
