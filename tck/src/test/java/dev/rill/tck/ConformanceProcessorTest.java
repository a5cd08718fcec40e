package dev.rill.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Processor;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.testng.annotations.AfterMethod;
import org.testng.annotations.BeforeMethod;
import org.testng.annotations.Test;

/**
 * The conformance runner on identity processors, plain and Flow: a correct one passes every
 * required rule, one that keeps a second upstream subscription fails §2.5 only.
 */
public class ConformanceProcessorTest {

    private static final Duration FAST = ConformanceTest.FAST;

    /** The processor verification runs the §3.13 rule: take its turn for the whole test. */
    @BeforeMethod
    public void takeTheGcRulesTurn() {
        Tck.holdGcRule();
    }

    @AfterMethod(alwaysRun = true)
    public void giveTheGcRulesTurnBack() {
        Tck.releaseGcRule();
    }

    /**
     * A unicast identity processor: passes each downstream request upstream as it comes, queues
     * what arrives, delivers it in a drain loop; an error overtakes queued values. A second
     * downstream subscriber gets onSubscribe then onError. {@code keepsSecondUpstream} breaks §2.5.
     */
    static final class Relay<T> implements Processor<T, T> {
        private final boolean keepsSecondUpstream;
        private final AtomicReference<Subscription> upstream = new AtomicReference<>();
        private final AtomicLong pendingUpstream = new AtomicLong(); // asked for before upstream arrived
        private final AtomicBoolean taken = new AtomicBoolean();
        private volatile Subscriber<? super T> downstream; // cleared on cancel and termination (§3.13)
        private final Queue<T> queue = new ConcurrentLinkedQueue<>();
        private final AtomicLong requested = new AtomicLong();
        private final AtomicInteger wip = new AtomicInteger();
        private volatile boolean done;
        private volatile Throwable error;
        private volatile boolean cancelled;

        Relay(boolean keepsSecondUpstream) {
            this.keepsSecondUpstream = keepsSecondUpstream;
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (s == null) {
                throw new NullPointerException("§2.13: onSubscribe(null)");
            }
            if (!upstream.compareAndSet(null, s)) {
                if (!keepsSecondUpstream) {
                    s.cancel();
                }
                return;
            }
            if (cancelled) {
                s.cancel();
                return;
            }
            forwardPending(s);
        }

        private void forwardPending(Subscription s) {
            long p = pendingUpstream.getAndSet(0);
            if (p > 0) {
                s.request(p);
            }
        }

        @Override
        public void onNext(T t) {
            if (t == null) {
                throw new NullPointerException("§2.13: onNext(null)");
            }
            if (!done && !cancelled) {
                queue.offer(t);
                drain();
            }
        }

        @Override
        public void onError(Throwable t) {
            if (t == null) {
                throw new NullPointerException("§2.13: onError(null)");
            }
            if (!done) {
                error = t;
                done = true;
                drain();
            }
        }

        @Override
        public void onComplete() {
            done = true;
            drain();
        }

        @Override
        public void subscribe(Subscriber<? super T> s) {
            if (s == null) {
                throw new NullPointerException("§1.9: subscribe(null)");
            }
            if (!taken.compareAndSet(false, true)) {
                s.onSubscribe(new Subscription() {
                    @Override
                    public void request(long n) {
                    }

                    @Override
                    public void cancel() {
                    }
                });
                s.onError(new IllegalStateException("this relay takes one subscriber"));
                return;
            }
            s.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {
                    if (n <= 0) {
                        cancelUpstream();
                        error = new IllegalArgumentException("§3.9: request must be positive, was " + n);
                        done = true;
                        queue.clear();
                        drain();
                        return;
                    }
                    add(requested, n);
                    add(pendingUpstream, n);
                    Subscription up = upstream.get();
                    if (up != null) {
                        forwardPending(up);
                    }
                    drain();
                }

                @Override
                public void cancel() {
                    cancelled = true;
                    cancelUpstream();
                    drain();
                }
            });
            downstream = s; // only now: no signal may overlap onSubscribe (§1.3); what it requested waits in the counters
            drain();
        }

        private void cancelUpstream() {
            Subscription up = upstream.getAndSet(CANCELLED);
            if (up != null && up != CANCELLED) {
                up.cancel();
            }
        }

        private static void add(AtomicLong counter, long n) {
            counter.getAndUpdate(r -> r + n < 0 ? Long.MAX_VALUE : r + n);
        }

        private void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            do {
                Subscriber<? super T> d = downstream;
                if (d != null) {
                    drainTo(d);
                }
                missed = wip.addAndGet(-missed);
            } while (missed != 0);
        }

        private void drainTo(Subscriber<? super T> d) {
            if (cancelled) {
                queue.clear();
                downstream = null;
                return;
            }
            long r = requested.get();
            long e = 0;
            while (true) {
                Throwable err = error;
                if (err != null) { // an error overtakes queued values
                    queue.clear();
                    downstream = null;
                    d.onError(err);
                    return;
                }
                boolean finished = done;
                if (finished && queue.isEmpty()) {
                    downstream = null;
                    d.onComplete();
                    return;
                }
                if (e == r || cancelled) {
                    break;
                }
                T v = queue.poll();
                if (v == null) {
                    break;
                }
                d.onNext(v);
                e++;
            }
            if (e > 0) {
                long left = e;
                requested.getAndUpdate(x -> x == Long.MAX_VALUE ? x : x - left);
            }
        }

        private static final Subscription CANCELLED = new Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        };
    }

    /** The subject: a unicast relay (one subscriber at a time), values are the index. */
    static ProcessorUnderTest<Integer> relay(boolean keepsSecondUpstream) {
        return new ProcessorUnderTest<>() {
            @Override
            public Processor<Integer, Integer> create(int bufferSize) {
                return new Relay<>(keepsSecondUpstream);
            }

            @Override
            public Integer element(int i) {
                return i;
            }

            @Override
            public long maxSubscribers() {
                return 1;
            }
        };
    }

    @Test
    public void aCorrectIdentityProcessorPassesEveryRequiredRule() {
        ConformanceReport report = Conformance.processor("Relay", relay(false)).timeout(FAST).run();
        assertThat(report.verification()).isEqualTo(Verification.PROCESSOR);
        assertThat(ConformanceTest.failures(report)).isEmpty();
        assertThat(report.count(Requirement.REQUIRED, Outcome.PASSED)).isGreaterThan(30);
        assertThat(report.tests()).filteredOn(t -> t.meaning().startsWith("Not applicable to this subject: it takes 1"))
                .isNotEmpty(); // the multi-subscriber tests, with maxSubscribers() = 1
    }

    @Test
    public void aProcessorThatKeepsASecondUpstreamFailsRule25() {
        ConformanceReport report = Conformance.processor("KeepsSecond", relay(true)).timeout(FAST).run();
        assertThat(report.conforms()).isFalse();
        assertThat(ConformanceTest.failedRules(report)).as(ConformanceTest.failures(report)).containsExactly("2.5");
    }

    /** The Flow twin: the same relay seen as a {@link java.util.concurrent.Flow.Processor}. */
    @Test
    public void aCorrectFlowProcessorPassesTheFlowVerification() {
        FlowProcessorUnderTest<Integer> flowRelay = new FlowProcessorUnderTest<>() {
            @Override
            public java.util.concurrent.Flow.Processor<Integer, Integer> create(int bufferSize) {
                return FlowAdapters.toFlowProcessor(new Relay<>(false));
            }

            @Override
            public Integer element(int i) {
                return i;
            }

            @Override
            public long maxSubscribers() {
                return 1;
            }
        };
        ConformanceReport report = Conformance.flowProcessor("flow Relay", flowRelay).timeout(FAST).run();
        assertThat(report.flow()).isTrue();
        assertThat(ConformanceTest.failures(report)).isEmpty();
        assertThat(report.count(Requirement.REQUIRED, Outcome.PASSED)).isGreaterThan(30);
    }
}
