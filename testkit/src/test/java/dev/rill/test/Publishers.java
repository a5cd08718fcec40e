package dev.rill.test;

import dev.rill.engine.Scheduler;
import dev.rill.engine.VirtualTimeScheduler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;

/** Small publishers for the kit's own tests: well-behaved ones, and ones that break a rule on purpose. */
final class Publishers {

    private Publishers() {
    }

    /** {@code start, start + 1, ...}: {@code count} values on demand, then onComplete. */
    static Publisher<Integer> range(int start, int count) {
        return s -> s.onSubscribe(new Subscription() {
            final AtomicLong requested = new AtomicLong();
            int next = start;
            volatile boolean cancelled;

            @Override
            public void request(long n) {
                if (n <= 0) {
                    cancelled = true;
                    s.onError(new IllegalArgumentException("§3.9: request must be positive, was " + n));
                    return;
                }
                if (requested.getAndAdd(n) != 0) {
                    return; // a drain is in progress; it sees the new demand
                }
                long left = n;
                for (;;) {
                    while (left > 0 && next < start + count && !cancelled) {
                        s.onNext(next++);
                        left--;
                    }
                    if (next == start + count && !cancelled) {
                        cancelled = true;
                        s.onComplete();
                        return;
                    }
                    left = requested.addAndGet(-n);
                    if (left == 0 || cancelled) {
                        return;
                    }
                    n = left;
                }
            }

            @Override
            public void cancel() {
                cancelled = true;
            }
        });
    }

    /** Emits {@code values} at once, whatever was requested, then completes (if {@code complete}). */
    static Publisher<Integer> ignoringDemand(boolean complete, int... values) {
        int[] copy = values.clone();
        return s -> {
            s.onSubscribe(subscription(new AtomicBoolean()));
            for (int v : copy) {
                s.onNext(v);
            }
            if (complete) {
                s.onComplete();
            }
        };
    }

    /** Completes, then sends {@code late} anyway. */
    static Publisher<String> signalsAfterTheEnd(String late) {
        return s -> {
            s.onSubscribe(subscription(new AtomicBoolean()));
            s.onComplete();
            s.onNext(late);
        };
    }

    static <T> Publisher<T> error(Throwable e) {
        return s -> {
            s.onSubscribe(subscription(new AtomicBoolean()));
            s.onError(e);
        };
    }

    /** onSubscribe and nothing else; {@code cancelled} tells whether it was cancelled. */
    static <T> Publisher<T> never(AtomicBoolean cancelled) {
        return s -> s.onSubscribe(subscription(cancelled));
    }

    /**
     * {@code value} after {@code delay} on the scheduler of the assembly it is built in ({@link
     * VirtualTimeScheduler#assemble}): what a time operator with no scheduler argument does.
     */
    static <T> Publisher<T> delayedOnDefault(T value, Duration delay) {
        Scheduler on = VirtualTimeScheduler.assembling();
        if (on == null) {
            throw new IllegalStateException("not assembled under virtual time");
        }
        return s -> {
            AtomicBoolean cancelled = new AtomicBoolean();
            AtomicBoolean requested = new AtomicBoolean();
            AtomicBoolean due = new AtomicBoolean();
            Runnable emit = () -> {
                if (!cancelled.get()) {
                    s.onNext(value);
                    s.onComplete();
                }
            };
            s.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {
                    if (requested.compareAndSet(false, true) && due.get()) {
                        emit.run();
                    }
                }

                @Override
                public void cancel() {
                    cancelled.set(true);
                }
            });
            on.schedule(() -> {
                due.set(true);
                if (requested.get()) {
                    emit.run();
                }
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
        };
    }

    private static Subscription subscription(AtomicBoolean cancelled) {
        return new Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
                cancelled.set(true);
            }
        };
    }

}
