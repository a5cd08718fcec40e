package dev.rill;

import dev.rill.engine.Budget;
import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Demand;
import dev.rill.signal.Exceptions;
import dev.rill.signal.Handles;
import dev.rill.signal.Hooks;
import dev.rill.signal.Subscriptions;
import dev.rill.signal.Wip;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code expandDeep}: the source's values, each followed at once by its whole expansion, depth
 * first (Reactor's {@code Flux.expandDeep}): a value goes down, {@code expander}'s publisher for it
 * is subscribed, and its values (each with its own expansion) come before the next value of the
 * publisher above it.
 *
 * <p>The publishers being read form a stack, held on the heap, not the call stack: each is read
 * one value at a time; the top one's value goes down and pushes its expansion; a publisher that
 * completed is popped and the one below is asked for its next value. One serialized drain does
 * all of it, so a recursion a hundred thousand levels deep runs in constant stack; it spends a
 * {@link Budget} unit per step and, when the budget is spent on an engine worker, continues as a
 * task.
 *
 * <p>Threading: every publisher on any thread; {@code request}/{@code cancel} from any thread;
 * the stack and {@link #emitted} belong to whoever holds the counter.
 */
final class RillExpandDeep<T> extends Rill<T> {

    private final Rill<? extends T> source;
    private final Function<? super T, ? extends Publisher<? extends T>> expander;

    RillExpandDeep(Rill<? extends T> source, Function<? super T, ? extends Publisher<? extends T>> expander) {
        this.source = source;
        this.expander = Objects.requireNonNull(expander, "expander");
    }

    @Override
    protected void subscribeActual(Subscriber<? super T> s) {
        DeepSubscription<T> parent = new DeepSubscription<>(s, expander);
        Level<T> root = parent.push(); // before the downstream can request: an empty stack is the end
        s.onSubscribe(parent);
        source.subscribe(root);
    }

    static final class DeepSubscription<T> implements Subscription {
        private static final VarHandle WIP = Handles.field(MethodHandles.lookup(), "wip", int.class);
        private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);
        private static final VarHandle ERROR = Handles.field(MethodHandles.lookup(), "error", Throwable.class);

        private final Subscriber<? super T> downstream;
        private final Function<? super T, ? extends Publisher<? extends T>> expander;
        /** Drain-owned (and the subscriber's, before the downstream has the subscription). */
        private final ArrayDeque<Level<T>> stack = new ArrayDeque<>();

        @SuppressWarnings("unused")
        private volatile int wip;
        @SuppressWarnings("unused")
        private volatile long requested;
        @SuppressWarnings("unused")
        private volatile Throwable error;
        private volatile boolean cancelled;

        // Drain-owned.
        private long emitted;
        private int resumeMissed;
        private DrainResumption resume;

        DeepSubscription(Subscriber<? super T> downstream, Function<? super T, ? extends Publisher<? extends T>> expander) {
            this.downstream = downstream;
            this.expander = expander;
        }

        Level<T> push() {
            Level<T> l = new Level<>(this);
            stack.push(l);
            return l;
        }

        @Override
        public void request(long n) {
            if (Demand.isValid(n)) {
                Demand.add(REQUESTED, this, n);
                drain();
            }
        }

        @Override
        public void cancel() {
            if (!cancelled) {
                cancelled = true;
                drain(); // whoever holds the counter cancels the stack
            }
        }

        void innerError(Throwable t) {
            if (!Exceptions.addThrowable(ERROR, this, t)) {
                Hooks.onErrorDropped(t);
                return;
            }
            drain();
        }

        void drain() {
            if (Wip.enter(WIP, this)) {
                drainLoop();
            }
        }

        private void cancelAll() {
            Level<T> l;
            while ((l = stack.poll()) != null) {
                l.cancel();
            }
        }

        /** Holds the counter: true if the stream is over (cancelled, failed or completed now). */
        private boolean stopped() {
            if (cancelled) {
                cancelAll();
                return true;
            }
            if (error != null) {
                cancelled = true;
                cancelAll();
                downstream.onError(Exceptions.terminate(ERROR, this));
                return true;
            }
            if (stack.isEmpty()) {
                cancelled = true;
                downstream.onComplete();
                return true;
            }
            return false;
        }

        private void drainLoop() {
            int missed = resumeMissed != 0 ? resumeMissed : 1;
            resumeMissed = 0;
            for (;;) {
                if (stopped()) {
                    return;
                }
                int step = step();
                if (step == YIELD) {
                    yieldDrain(missed);
                    return;
                }
                if (step == MORE) {
                    continue;
                }
                missed = Wip.leave(WIP, this, missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        private static final int IDLE = 0;
        private static final int MORE = 1;
        private static final int YIELD = 2;

        /** One move on the top of the stack: emit and expand its value, pop it, or ask it for more. */
        private int step() {
            Level<T> top = stack.peek();
            boolean d = top.done; // before the value: a publisher's last value is there before its end
            T v = top.value;
            if (v == null) {
                if (d) {
                    stack.pop();
                    return Budget.claim(1) == 0 ? YIELD : MORE;
                }
                if (top.wantsMore) {
                    top.wantsMore = false;
                    top.requestOne(); // a synchronous value comes back as a missed round
                    return MORE;
                }
                return IDLE;
            }
            if (emitted == (long) REQUESTED.getVolatile(this)) {
                return IDLE;
            }
            if (Budget.claim(1) == 0) {
                return YIELD;
            }
            top.value = null;
            top.wantsMore = true; // its next value after this one's expansion
            emitted++;
            downstream.onNext(v);
            Publisher<? extends T> p;
            try {
                p = Exceptions.requireNonNull(expander.apply(v), "expandDeep: the expander");
            } catch (Throwable ex) {
                Exceptions.throwIfFatal(ex);
                Exceptions.addThrowable(ERROR, this, ex);
                return MORE;
            }
            if (!cancelled) {
                p.subscribe(push());
            }
            return MORE;
        }

        /** Keeps the counter and goes on in a later task. */
        private void yieldDrain(int missed) {
            resumeMissed = missed;
            if (resume == null) {
                resume = new DrainResumption(this::drainLoop, this::drainRejected);
            }
            resume.resume();
        }

        private void drainRejected(RejectedExecutionException ex) {
            resumeMissed = 0;
            boolean over = cancelled;
            cancelled = true;
            cancelAll();
            if (!over) {
                downstream.onError(ex);
            }
        }
    }

    /** One publisher on the stack, read one value at a time. */
    static final class Level<T> implements CoreSubscriber<T> {
        private static final VarHandle UPSTREAM = Handles.field(MethodHandles.lookup(), "upstream", Subscription.class);

        private final DeepSubscription<T> parent;
        @SuppressWarnings("unused")
        private volatile Subscription upstream;
        /** Its current value, until the drain takes it; written before the drain is signalled. */
        volatile T value;
        volatile boolean done;
        /** Drain-owned: its value was taken, and it is to be asked for the next when it is the top again. */
        boolean wantsMore;

        Level(DeepSubscription<T> parent) {
            this.parent = parent;
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Subscriptions.setOnce(UPSTREAM, this, s)) {
                s.request(1);
            }
        }

        @Override
        public void onNext(T t) {
            value = t;
            parent.drain();
        }

        @Override
        public void onError(Throwable t) {
            done = true;
            parent.innerError(t);
        }

        @Override
        public void onComplete() {
            done = true;
            parent.drain();
        }

        void requestOne() {
            ((Subscription) UPSTREAM.getVolatile(this)).request(1);
        }

        void cancel() {
            Subscriptions.cancel(UPSTREAM, this);
        }
    }
}
