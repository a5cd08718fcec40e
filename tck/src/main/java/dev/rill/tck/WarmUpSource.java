package dev.rill.tck;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A small publisher of the values {@code 0..count-1} of an element generator, for the warm-up of
 * {@link Calibration}: it feeds a subscriber or processor under test, and tells when demand first
 * arrives. It emits on the thread that requests, never more than requested, and a request made
 * from inside {@code onNext} is served by the loop already running rather than by recursion.
 *
 * <p>Threading: one subscriber; its subscription is meant to be used serially (§2.7).
 */
final class WarmUpSource implements Publisher<Object> {

    private final int count;
    private final IntFunction<Object> elements;
    private final CountDownLatch requested = new CountDownLatch(1);

    WarmUpSource(int count, IntFunction<Object> elements) {
        this.count = count;
        this.elements = elements;
    }

    /** Waits up to {@code millis} for the first request; true if it came. */
    boolean awaitRequest(long millis) throws InterruptedException {
        return requested.await(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void subscribe(Subscriber<? super Object> s) {
        s.onSubscribe(new Subscription() {
            private long demand;
            private int sent;
            private boolean emitting;
            private boolean done;

            @Override
            public synchronized void request(long n) {
                requested.countDown();
                demand = n <= 0 || demand + n < 0 ? Long.MAX_VALUE : demand + n;
                if (emitting) {
                    return;
                }
                emitting = true;
                while (!done && demand > 0 && sent < count) {
                    demand--;
                    s.onNext(elements.apply(sent++));
                }
                if (!done && sent == count) {
                    done = true;
                    s.onComplete();
                }
                emitting = false;
            }

            @Override
            public synchronized void cancel() {
                done = true;
            }
        });
    }
}
