package dev.rill;

import dev.rill.signal.Demand;
import dev.rill.signal.Handles;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.reactivestreams.Subscriber;

/**
 * {@code bufferUntil} and {@code bufferWhile}: lists cut by a predicate on the values, as Reactor
 * cuts them. {@code bufferUntil} closes a list with the value that matches (the value ends it, or
 * with {@code cutBefore} starts the next one); {@code bufferWhile} keeps values while they match
 * and drops the one that does not, which closes the list. No list is ever emitted empty; the
 * unfinished one is emitted when the upstream completes (and dropped when it fails).
 *
 * <p>Demand: the upstream is asked for one value per list asked for, and for one more each time
 * a value closes no list, so what the upstream still owes always equals the lists still owed. The
 * last list may still find no demand (its list-closing value used the last request): it waits for
 * the next request, handed over through one atomic slot, so it goes down exactly once.
 *
 * <p>Threading: upstream signals serialized; {@code request}/{@code cancel} from any thread.
 */
final class RillBufferPredicate<T> extends RillOperator<T, List<T>> {

    /** How the predicate cuts. */
    enum Mode { UNTIL, UNTIL_CUT_BEFORE, WHILE }

    private final Rill<? extends T> source;
    private final Predicate<? super T> predicate;
    private final Mode mode;

    RillBufferPredicate(Rill<? extends T> source, Predicate<? super T> predicate, Mode mode) {
        this.source = source;
        this.predicate = Objects.requireNonNull(predicate, "predicate");
        this.mode = mode;
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super List<T>> s) {
        return new BufferPredicateSubscriber<>(s, predicate, mode);
    }

    static final class BufferPredicateSubscriber<T> extends UnfusedSubscriber<T, List<T>> {
        private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);
        private static final VarHandle LAST = Handles.field(MethodHandles.lookup(), "last", List.class);

        private final Predicate<? super T> predicate;
        private final Mode mode;
        /** Lists asked for, in total (saturating). */
        @SuppressWarnings("unused")
        private volatile long requested;
        /** The unfinished list once the upstream completed, until it goes down; taken by getAndSet. */
        @SuppressWarnings("unused")
        private volatile List<T> last;
        private volatile boolean cancelled;
        // Upstream-thread-owned.
        private List<T> buffer;
        /** Lists delivered; published to {@link #request} by the write of {@link #last}. */
        private long emitted;
        /** Everything was asked of the upstream: no more replacement requests. */
        private volatile boolean unbounded;

        BufferPredicateSubscriber(Subscriber<? super List<T>> downstream, Predicate<? super T> predicate, Mode mode) {
            super(downstream);
            this.predicate = predicate;
            this.mode = mode;
        }

        @Override
        public void onNext(T t) {
            if (!tryOnNext(t) && !done && !unbounded) {
                upstream.request(1); // no list went down for it: replace it
            }
        }

        @Override
        public boolean tryOnNext(T t) {
            if (done) {
                return true;
            }
            boolean match;
            try {
                match = predicate.test(t);
            } catch (Throwable e) {
                buffer = null;
                fail(e);
                return true;
            }
            switch (mode) {
                case UNTIL:
                    add(t);
                    return match && flush();
                case UNTIL_CUT_BEFORE:
                    boolean sent = match && flush();
                    add(t);
                    return sent;
                default:
                    if (match) {
                        add(t);
                        return false;
                    }
                    return flush(); // the value that ends the list belongs to none
            }
        }

        private void add(T t) {
            List<T> b = buffer;
            if (b == null) {
                b = new ArrayList<>();
                buffer = b;
            }
            b.add(t);
        }

        /** Emits the list if it holds anything; true if one went down. */
        private boolean flush() {
            List<T> b = buffer;
            if (b == null || b.isEmpty()) {
                return false;
            }
            buffer = null;
            emitted++;
            downstream.onNext(b); // not tryOnNext: a list the downstream drops was still asked for
            return true;
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
            done = true;
            List<T> b = buffer;
            buffer = null;
            if (b == null || b.isEmpty()) {
                downstream.onComplete();
                return;
            }
            LAST.setVolatile(this, b); // after `emitted`: a request that finds the list sees the count
            tryEmitLast();
        }

        /** The last list goes down once there is demand for it, from whichever side sees it first. */
        @SuppressWarnings("unchecked")
        private void tryEmitLast() {
            if ((long) REQUESTED.getVolatile(this) == emitted || cancelled) {
                return;
            }
            List<T> b = (List<T>) LAST.getAndSet(this, null);
            if (b != null) {
                downstream.onNext(b);
                if (!cancelled) {
                    downstream.onComplete();
                }
            }
        }

        @Override
        public void request(long n) {
            if (!Demand.isValid(n)) {
                return;
            }
            long before = Demand.add(REQUESTED, this, n);
            if (last != null) {
                tryEmitLast();
            } else if (before != Long.MAX_VALUE) {
                if (n == Long.MAX_VALUE || Demand.add(before, n) == Long.MAX_VALUE) {
                    unbounded = true; // seen by onNext at the latest after the next value: a few spare request(1)s at most
                }
                upstream.request(n);
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            last = null;
            super.cancel();
        }
    }
}
