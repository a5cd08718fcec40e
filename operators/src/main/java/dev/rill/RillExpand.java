package dev.rill;

import dev.rill.engine.Budget;
import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Exceptions;
import dev.rill.signal.Handles;
import dev.rill.signal.Hooks;
import dev.rill.signal.SubscriptionArbiter;
import dev.rill.signal.Wip;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * {@code expand}: the source's values, then the expansion of each, level by level (breadth first,
 * Reactor's {@code Flux.expand}): each value goes down and {@code expander}'s publisher for it
 * joins a queue; when the running publisher completes, the next in the queue is subscribed; the
 * stream completes when the queue is empty.
 *
 * <p>One publisher runs at a time, through a {@link SubscriptionArbiter}, so downstream demand
 * carries from one to the next. Switching is trampolined by a work-in-progress counter: a
 * publisher that completes inside its own {@code subscribe} does not nest, so a recursion a
 * hundred thousand levels deep runs in constant stack; each switch spends a {@link Budget} unit
 * and, when the budget is spent on an engine worker, the switching continues as a task.
 *
 * <p>Threading: one publisher signals at a time (the next is subscribed after the one before
 * completed), on any thread; {@code request}/{@code cancel} from any thread. The queue of
 * publishers is a plain deque: offers (in {@code onNext}) and polls (in the drain, only while no
 * publisher runs) are ordered by the volatile {@code active} flag and the counter.
 */
final class RillExpand<T> extends Rill<T> {

    private final Rill<? extends T> source;
    private final Function<? super T, ? extends Publisher<? extends T>> expander;

    RillExpand(Rill<? extends T> source, Function<? super T, ? extends Publisher<? extends T>> expander) {
        this.source = source;
        this.expander = Objects.requireNonNull(expander, "expander");
    }

    @Override
    protected void subscribeActual(Subscriber<? super T> s) {
        ExpandSubscriber<T> parent = new ExpandSubscriber<>(s, expander);
        parent.queue.offer(source);
        s.onSubscribe(parent);
        parent.drain();
    }

    static final class ExpandSubscriber<T> extends SubscriptionArbiter implements CoreSubscriber<T> {
        private static final VarHandle WIP = Handles.field(MethodHandles.lookup(), "wip", int.class);

        private final Subscriber<? super T> downstream;
        private final Function<? super T, ? extends Publisher<? extends T>> expander;
        final ArrayDeque<Publisher<? extends T>> queue = new ArrayDeque<>();

        @SuppressWarnings("unused")
        private volatile int wip;
        /** A publisher is subscribed and has not completed; cleared by its completion. */
        private volatile boolean active;
        /** The stream ended (an error or the completion went down); later signals are dropped. */
        private volatile boolean done;
        /** Values of the running publisher, settled with the arbiter when it completes. */
        private long produced;

        // Drain-owned.
        private int resumeMissed;
        private DrainResumption resume;

        ExpandSubscriber(Subscriber<? super T> downstream, Function<? super T, ? extends Publisher<? extends T>> expander) {
            this.downstream = downstream;
            this.expander = expander;
        }

        @Override
        public void onSubscribe(org.reactivestreams.Subscription s) {
            Objects.requireNonNull(s, "§2.13 violated: onSubscribe with a null Subscription");
            setSubscription(s);
        }

        @Override
        public void onNext(T t) {
            if (done) {
                return;
            }
            produced++;
            downstream.onNext(t);
            if (isCancelled()) {
                return;
            }
            Publisher<? extends T> p;
            try {
                p = Exceptions.requireNonNull(expander.apply(t), "expand: the expander");
            } catch (Throwable ex) {
                Exceptions.throwIfFatal(ex);
                cancel();
                onError(ex);
                return;
            }
            queue.offer(p);
        }

        @Override
        public void onError(Throwable t) {
            if (done) {
                Hooks.onErrorDropped(t);
                return;
            }
            done = true;
            cancel(); // the queued publishers are never subscribed
            downstream.onError(t);
        }

        @Override
        public void onComplete() {
            if (done) {
                return;
            }
            long p = produced;
            if (p != 0) {
                produced = 0;
                produced(p);
            }
            active = false;
            drain();
        }

        void drain() {
            if (Wip.enter(WIP, this)) {
                drainLoop();
            }
        }

        private void drainLoop() {
            int missed = resumeMissed != 0 ? resumeMissed : 1;
            resumeMissed = 0;
            for (;;) {
                if (!active) {
                    if (isCancelled() || done) {
                        return; // holds the counter for good: nothing runs again
                    }
                    Publisher<? extends T> p = queue.poll();
                    if (p == null) {
                        done = true;
                        downstream.onComplete();
                        return;
                    }
                    if (Budget.claim(1) == 0) {
                        queue.addFirst(p);
                        yieldDrain(missed);
                        return;
                    }
                    active = true;
                    p.subscribe(this); // one that completes inside counts a missed round: no nesting
                    continue;
                }
                missed = Wip.leave(WIP, this, missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        /** Keeps the counter and switches to the next publisher in a later task. */
        private void yieldDrain(int missed) {
            resumeMissed = missed;
            if (resume == null) {
                resume = new DrainResumption(this::drainLoop, this::drainRejected);
            }
            resume.resume();
        }

        private void drainRejected(RejectedExecutionException ex) {
            resumeMissed = 0;
            if (!isCancelled() && !done) {
                onError(ex);
            }
        }
    }
}
