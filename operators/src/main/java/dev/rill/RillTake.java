package dev.rill;

import dev.rill.signal.Demand;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.reactivestreams.Subscriber;

/**
 * {@code take(n)}: the first {@code n} values, then cancel upstream and complete. A downstream
 * request of at least {@code n} is passed up as unbounded (nothing past {@code n} is emitted
 * anyway); smaller requests pass through. Not fusable (it must see every value to count).
 */
final class RillTake<T> extends RillOperator<T, T> {

    private final Rill<? extends T> source;
    private final long limit;

    RillTake(Rill<? extends T> source, long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("take: n must not be negative, was " + limit);
        }
        this.source = source;
        this.limit = limit;
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super T> s) {
        return new TakeSubscriber<>(s, limit);
    }

    static final class TakeSubscriber<T> extends UnfusedSubscriber<T, T> {
        private static final VarHandle FIRST_REQUEST;

        static {
            try {
                FIRST_REQUEST = MethodHandles.lookup().findVarHandle(TakeSubscriber.class, "firstRequest", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final long limit;
        private long remaining;
        @SuppressWarnings("unused")
        private volatile boolean firstRequest;

        TakeSubscriber(Subscriber<? super T> downstream, long limit) {
            super(downstream);
            this.limit = limit;
            this.remaining = limit;
        }

        @Override
        protected void onStart() {
            if (limit == 0 && !done) {
                done = true;
                upstream.cancel();
                downstream.onComplete();
            }
        }

        @Override
        public boolean tryOnNext(T t) {
            if (done) {
                return false;
            }
            if (remaining == 0) { // take(0) whose upstream emitted before onStart could stop it
                done = true;
                upstream.cancel();
                downstream.onComplete();
                return false;
            }
            long r = --remaining;
            boolean passed = emit(t);
            if (!passed) {
                remaining++;
                return false;
            }
            if (r == 0 && !done) {
                done = true;
                upstream.cancel();
                downstream.onComplete();
            }
            return true;
        }

        @Override
        public void request(long n) {
            if (limit == 0) {
                return; // nothing will ever be emitted; onStart completes
            }
            if (Demand.isValid(n) && !(boolean) FIRST_REQUEST.getVolatile(this)
                    && FIRST_REQUEST.compareAndSet(this, false, true) && n >= limit) {
                upstream.request(Long.MAX_VALUE);
                return;
            }
            upstream.request(n);
        }
    }
}
