package dev.rill;

import dev.rill.signal.Demand;
import java.util.ArrayList;
import java.util.List;
import org.reactivestreams.Subscriber;

/**
 * {@code buffer(int)}: gathers values into lists of {@code size}; the last list may be shorter. A
 * request for {@code k} lists asks the upstream for {@code k * size} values (saturating), so a
 * short last list always has demand when the upstream completes: it had fewer values than asked.
 * Lists start at most {@link PrefetchQueues#EXACT} long and grow with their values.
 *
 * <p>Threading: serialized signals from the upstream; {@code request} from any thread.
 */
final class RillBuffer<T> extends RillOperator<T, List<T>> {

    private final Rill<? extends T> source;
    private final int size;

    RillBuffer(Rill<? extends T> source, int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("buffer: size must be positive, was " + size);
        }
        this.source = source;
        this.size = size;
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super List<T>> s) {
        return new BufferSubscriber<>(s, size);
    }

    static final class BufferSubscriber<T> extends UnfusedSubscriber<T, List<T>> {
        private final int size;
        private List<T> buffer;

        BufferSubscriber(Subscriber<? super List<T>> downstream, int size) {
            super(downstream);
            this.size = size;
        }

        @Override
        public void onNext(T t) {
            tryOnNext(t); // every value counts towards a list: nothing to replace
        }

        @Override
        public boolean tryOnNext(T t) {
            if (done) {
                return false;
            }
            List<T> b = buffer;
            if (b == null) {
                // Sized by the content, not the bound: buffer(50_000_000) emitting short lists
                // must not hold 50 million slots each; up to EXACT the list never regrows.
                b = new ArrayList<>(Math.min(size, PrefetchQueues.EXACT));
                buffer = b;
            }
            b.add(t);
            if (b.size() == size) {
                buffer = null;
                downstream.onNext(b);
            }
            return true; // every value was asked for (k lists = k * size values), buffered or not
        }

        @Override
        public void onError(Throwable t) {
            buffer = null;
            super.onError(t);
        }

        @Override
        public void onComplete() {
            if (done) {
                return;
            }
            List<T> b = buffer;
            buffer = null;
            if (b != null) {
                downstream.onNext(b);
            }
            super.onComplete();
        }

        @Override
        public void request(long n) {
            if (!Demand.isValid(n)) {
                return;
            }
            long m = n * size;
            upstream.request(m / size != n || m < 0 ? Long.MAX_VALUE : m);
        }
    }
}
