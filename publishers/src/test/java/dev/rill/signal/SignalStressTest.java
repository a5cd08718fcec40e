package dev.rill.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** Races on the lock-free signal helpers, bounded in rounds: each outcome must be exact. */
class SignalStressTest {

    static final int ROUNDS = 20_000;

    /** Records signals and fails on overlap or on anything after a terminal signal. */
    static final class Recorder<T> implements Subscriber<T> {
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger nexts = new AtomicInteger();
        final AtomicInteger terminals = new AtomicInteger();
        volatile boolean violation;
        volatile Throwable error;
        volatile Subscription s;

        @Override
        public void onSubscribe(Subscription s) {
            this.s = s;
        }

        @Override
        public void onNext(T t) {
            enter();
            if (terminals.get() != 0) {
                violation = true;
            }
            nexts.incrementAndGet();
            inside.decrementAndGet();
        }

        @Override
        public void onError(Throwable t) {
            enter();
            error = t;
            terminals.incrementAndGet();
            inside.decrementAndGet();
        }

        @Override
        public void onComplete() {
            enter();
            terminals.incrementAndGet();
            inside.decrementAndGet();
        }

        private void enter() {
            if (inside.incrementAndGet() != 1) {
                violation = true;
            }
        }
    }

    private static void race(Runnable a, Runnable b) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(2);
        Thread t = new Thread(() -> {
            await(barrier);
            b.run();
        });
        t.start();
        await(barrier);
        a.run();
        t.join();
    }

    private static void await(CyclicBarrier b) {
        try {
            b.await();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The value arriving and the request arriving race: exactly one onNext and one onComplete. */
    @Test
    void deferredScalarCompleteRacingRequestEmitsExactlyOnce() throws Exception {
        for (int i = 0; i < ROUNDS; i++) {
            Recorder<Integer> r = new Recorder<>();
            DeferredScalarSubscription<Integer> d = new DeferredScalarSubscription<>(r);
            r.onSubscribe(d);
            race(() -> d.complete(1), () -> d.request(1));
            assertThat(r.nexts.get()).isEqualTo(1);
            assertThat(r.terminals.get()).isEqualTo(1);
            assertThat(r.violation).isFalse();
        }
    }

    /** A §3.9 request from another thread races onNext: the error never overlaps a value. */
    @Test
    void strictSubscriberSerializesAnErrorFromAnotherThread() throws Exception {
        AtomicInteger late = new AtomicInteger();
        Hooks.setOnErrorDropped(e -> late.incrementAndGet()); // a bad request after completion lands here
        try {
            strictRounds();
        } finally {
            Hooks.resetOnErrorDropped();
        }
    }

    private void strictRounds() throws Exception {
        for (int i = 0; i < ROUNDS; i++) {
            Recorder<Integer> r = new Recorder<>();
            StrictSubscriber<Integer> strict = new StrictSubscriber<>(r);
            AtomicLong cancelled = new AtomicLong();
            strict.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                    cancelled.incrementAndGet();
                }
            });
            race(() -> {
                for (int k = 0; k < 5; k++) {
                    strict.onNext(k);
                }
                strict.onComplete();
            }, () -> strict.request(0));
            assertThat(r.violation).as("overlap or signal after terminal").isFalse();
            assertThat(r.terminals.get()).isEqualTo(1);
            if (r.error != null) {
                assertThat(r.error).hasMessageContaining("§3.9");
                assertThat(cancelled.get()).isEqualTo(1);
            }
        }
    }

    /**
     * An upstream that emits from another thread the moment it gets demand: a request made inside
     * onSubscribe must not let onNext start before onSubscribe returns (§1.3).
     */
    @Test
    void strictSubscriberHoldsRequestsMadeInsideOnSubscribe() throws Exception {
        for (int i = 0; i < 20; i++) {
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            java.util.concurrent.CountDownLatch attempted = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch got = new java.util.concurrent.CountDownLatch(1);
            Subscriber<Integer> plain = new Subscriber<>() {
                @Override
                public void onSubscribe(Subscription s) {
                    inside.incrementAndGet();
                    s.request(1);
                    try {
                        // Without the hold, the upstream gets the request and emits right now.
                        attempted.await(20, java.util.concurrent.TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    inside.decrementAndGet();
                }

                @Override
                public void onNext(Integer t) {
                    if (inside.get() != 0) {
                        overlaps.incrementAndGet();
                    }
                    got.countDown();
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onComplete() {
                }
            };
            StrictSubscriber<Integer> strict = new StrictSubscriber<>(plain);
            strict.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {
                    new Thread(() -> {
                        attempted.countDown();
                        strict.onNext(1);
                    }).start();
                }

                @Override
                public void cancel() {
                }
            });
            assertThat(got.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(overlaps.get()).as("onNext while onSubscribe ran").isZero();
        }
    }

    /** Requests and a switch of upstream race: the new upstream is asked for all outstanding demand. */
    @Test
    void arbiterNeverLosesDemandAcrossASwitch() throws Exception {
        for (int i = 0; i < ROUNDS; i++) {
            AtomicLong firstGot = new AtomicLong();
            AtomicLong secondGot = new AtomicLong();
            SubscriptionArbiter arbiter = new SubscriptionArbiter() { };
            arbiter.setSubscription(counting(firstGot));
            race(() -> {
                for (int k = 0; k < 10; k++) {
                    arbiter.request(1);
                }
            }, () -> {
                arbiter.produced(0);
                arbiter.setSubscription(counting(secondGot));
            });
            // Whatever the first upstream got before the switch, the second got the rest: all 10
            // requested units reach the upstream in force at the end (nothing was produced).
            assertThat(secondGot.get()).isEqualTo(10);
            assertThat(firstGot.get()).isLessThanOrEqualTo(10);
        }
    }

    private static Subscription counting(AtomicLong got) {
        return new Subscription() {
            @Override
            public void request(long n) {
                got.addAndGet(n);
            }

            @Override
            public void cancel() {
            }
        };
    }
}
