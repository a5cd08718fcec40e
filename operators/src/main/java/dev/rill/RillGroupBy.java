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
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.jctools.queues.MpscLinkedQueue;
import org.jctools.queues.SpscUnboundedArrayQueue;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code groupBy}: splits the source into one {@link GroupedRill} per key, as Reactor's
 * {@code FluxGroupBy}. The source is asked for {@code prefetch} values, and asked again as the
 * groups' subscribers take them (a group's queued values count as outstanding until taken). A
 * group opens with the first value of its key and is emitted downstream, as the main stream's
 * demand allows; its values wait in its own JCTools SPSC queue and drain with its own demand. A
 * value whose group can take it at once (subscribed, demand left, nothing queued) goes straight
 * down on the upstream's thread, without the queue.
 *
 * <p>Lifecycle: a group whose subscriber cancels is removed (its queued values are dropped and
 * asked for again), and a later value with its key opens a new group. When the main subscriber
 * cancels, no group opens any more (values of new keys are dropped and asked for again), the groups
 * not yet emitted are cancelled, and the emitted ones go on until they end or are cancelled (from
 * then on, values a cancel drops are asked for again with the groups' next request, not by the
 * cancel: see {@code dropped}; a group left waiting with no request of its own to come, while
 * every outstanding value was in groups that were cancelled, waits for that request): the
 * source is cancelled once the main stream and every group are (a count of holders). Errors and
 * completion reach every open group and the main stream; an error reaches the main stream at once,
 * ahead of the groups it has not emitted yet. A key or value function that throws or returns null
 * cancels the source and ends everything with that error.
 *
 * <p>Requests: consumed values are requested again in batches (half of the usual three quarters
 * of {@code prefetch}), counted on the upstream's thread for values that went straight down and
 * in one atomic counter for the groups' drains; with two counters of under half a batch each,
 * what is consumed and not yet requested again stays below {@code prefetch}, so the source is never
 * left unasked while the groups wait. Requests to the source are serialized (§2.7) by their own
 * work-in-progress counter, since any group's drain may make them.
 *
 * <p>The stall ({@code Rill#groupBy} javadoc): when {@code prefetch} groups or more are open and
 * none of them has a subscriber yet, every prefetched value waits in a group nobody reads, so the
 * source is no longer asked and nothing moves until someone subscribes to them. This is detected
 * exactly when the count of open, never-subscribed groups reaches {@code prefetch} (cheap: one
 * counter), and reported once per subscription as a WARNING on the {@link System.Logger} {@code
 * dev.rill.groupBy}. It is a report, not an error: a group handed to a subscriber on another
 * thread (through {@code publishOn}) may be subscribed a moment later, and then the stream goes on.
 *
 * <p>Not done: groups do not offer fusion (their subscriber gets {@code onNext}).
 *
 * <p>Threading: upstream signals serialized; the key map is the upstream thread's own; {@code
 * request}/{@code cancel} of the main stream and of every group from any thread; each drain owned
 * by whoever takes its counter, spending the engine's budget one unit per signal.
 */
final class RillGroupBy<T, K, V> extends RillOperator<T, GroupedRill<K, V>> {

    static final System.Logger STALL_LOG = System.getLogger("dev.rill.groupBy");

    private final Rill<? extends T> source;
    private final Function<? super T, ? extends K> key;
    private final Function<? super T, ? extends V> value;
    private final int prefetch;

    RillGroupBy(Rill<? extends T> source, Function<? super T, ? extends K> key,
                Function<? super T, ? extends V> value, int prefetch) {
        if (prefetch <= 0) {
            throw new IllegalArgumentException("groupBy: prefetch must be positive, was " + prefetch);
        }
        this.source = source;
        this.key = Objects.requireNonNull(key, "key");
        this.value = Objects.requireNonNull(value, "value");
        this.prefetch = prefetch;
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super GroupedRill<K, V>> s) {
        return new GroupByMain<>(s, key, value, prefetch);
    }

    static final class GroupByMain<T, K, V> implements CoreSubscriber<T>, Subscription {
        private static final VarHandle WIP = Handles.field(MethodHandles.lookup(), "wip", int.class);
        private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);
        private static final VarHandle HOLDERS = Handles.field(MethodHandles.lookup(), "holders", int.class);
        private static final VarHandle CONSUMED = Handles.field(MethodHandles.lookup(), "consumed", long.class);
        private static final VarHandle REQUESTING = Handles.field(MethodHandles.lookup(), "requesting", int.class);
        private static final VarHandle UNSUBSCRIBED = Handles.field(MethodHandles.lookup(), "unsubscribed", int.class);

        private final Subscriber<? super GroupedRill<K, V>> downstream;
        private final Function<? super T, ? extends K> keyFn;
        private final Function<? super T, ? extends V> valueFn;
        private final int prefetch;
        /** Consumed values are asked for again this many at a time (see the class comment). */
        private final int batch;
        /** Upstream-thread-owned: the open groups by key. */
        private final Map<Object, Group<K, V>> groups = new HashMap<>();
        /** Groups opened and not yet emitted downstream: the upstream thread offers, the drain polls. */
        private final Queue<Group<K, V>> fresh = new SpscUnboundedArrayQueue<>(16);
        /** Cancelled groups, for the upstream thread to take out of the map ({@link #purge}). */
        private final Queue<Group<K, V>> left = new MpscLinkedQueue<>();
        private volatile boolean purge;

        private Subscription upstream;

        @SuppressWarnings("unused")
        private volatile int wip;
        @SuppressWarnings("unused")
        private volatile long requested;
        /** The main stream (until cancelled) plus every group not cancelled. */
        @SuppressWarnings("unused")
        private volatile int holders = 1;
        /** Values the groups' drains consumed and that were not asked for again yet. */
        @SuppressWarnings("unused")
        private volatile long consumed;
        @SuppressWarnings("unused")
        private volatile int requesting;
        /** Groups open and never subscribed (nor cancelled): the stall detector. */
        @SuppressWarnings("unused")
        private volatile int unsubscribed;
        /** Written after {@link #error}. */
        private volatile boolean done;
        private Throwable error;
        private volatile boolean cancelled;

        // Upstream-thread-owned.
        private boolean stopped;
        private int consumedHere;
        private boolean warned;

        // Drain-owned.
        private long emitted;
        private int resumeMissed;
        private DrainResumption resume;

        GroupByMain(Subscriber<? super GroupedRill<K, V>> downstream, Function<? super T, ? extends K> keyFn,
                    Function<? super T, ? extends V> valueFn, int prefetch) {
            this.downstream = downstream;
            this.keyFn = keyFn;
            this.valueFn = valueFn;
            this.prefetch = prefetch;
            this.batch = Math.max(1, (prefetch - (prefetch >> 2)) >> 1);
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Subscriptions.validate(upstream, s)) {
                upstream = s;
                downstream.onSubscribe(this);
                s.request(prefetch);
            }
        }

        @Override
        public void onNext(T t) {
            if (stopped) {
                return;
            }
            if (purge) {
                purge();
            }
            K k;
            V v;
            try {
                k = Exceptions.requireNonNull(keyFn.apply(t), "groupBy: the key function");
                v = Exceptions.requireNonNull(valueFn.apply(t), "groupBy: the value function");
            } catch (Throwable ex) {
                Exceptions.throwIfFatal(ex);
                upstream.cancel();
                onError(ex);
                return;
            }
            Group<K, V> g = groups.get(k);
            if (g != null && !g.cancelled) {
                g.next(v);
                return;
            }
            if (g != null) {
                groups.remove(k);
            }
            if (cancelled) {
                consumedHere(1); // the main stream is gone: no new group, the value is dropped
                return;
            }
            g = new Group<>(k, this);
            groups.put(k, g);
            HOLDERS.getAndAdd(this, 1);
            UNSUBSCRIBED.getAndAdd(this, 1);
            fresh.offer(g);
            drain();
            g.next(v);
            if (!warned && (int) UNSUBSCRIBED.getVolatile(this) >= prefetch) {
                warned = true;
                warnStall();
            }
        }

        private void warnStall() {
            STALL_LOG.log(System.Logger.Level.WARNING, "groupBy(prefetch {0}): {1} groups are open and none has a "
                    + "subscriber: every prefetched value waits in a group nobody reads, so the source is no longer "
                    + "requested. Unless these groups are subscribed (the maxConcurrency of a flatMap must be at "
                    + "least the number of groups), the stream hangs here; see Rill.groupBy.", prefetch, unsubscribed);
        }

        /** Upstream thread: takes the groups cancelled since the last look out of the map. */
        private void purge() {
            purge = false;
            Group<K, V> g;
            while ((g = left.poll()) != null) {
                groups.remove(g.key, g);
            }
        }

        @Override
        public void onError(Throwable t) {
            if (stopped) {
                Hooks.onErrorDropped(t);
                return;
            }
            stopped = true;
            for (Group<K, V> g : groups.values()) {
                g.fail(t);
            }
            groups.clear();
            error = t;
            done = true;
            drain();
        }

        @Override
        public void onComplete() {
            if (stopped) {
                return;
            }
            stopped = true;
            for (Group<K, V> g : groups.values()) {
                g.complete();
            }
            groups.clear();
            done = true;
            drain();
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
            if (cancelled) {
                return;
            }
            cancelled = true;
            release();
            drain(); // cancels the groups not emitted yet
        }

        // ------------------------------------------------------------ the groups' side

        /** A holder let go (the main stream or a group cancelled): the last one cancels the source. */
        private void release() {
            if ((int) HOLDERS.getAndAdd(this, -1) == 1) {
                upstream.cancel();
            }
        }

        /** A group got its subscriber: it no longer counts toward the stall. */
        void groupSubscribed() {
            UNSUBSCRIBED.getAndAdd(this, -1);
        }

        /** A group was cancelled (by its subscriber, or never emitted): forget it, let go of it. */
        void groupCancelled(Group<K, V> g, boolean everSubscribed) {
            if (!everSubscribed) {
                UNSUBSCRIBED.getAndAdd(this, -1);
            }
            left.offer(g);
            purge = true;
            release();
        }

        /** Upstream thread: {@code n} values were consumed on this thread. */
        void consumedHere(int n) {
            int c = consumedHere + n;
            if (c >= batch) {
                consumedHere = 0;
                replenish(c);
            } else {
                consumedHere = c;
            }
        }

        /**
         * Any thread: {@code n} values were consumed (or dropped); asks the source for them (and for
         * what {@link #dropped} only counted) again
         * once a batch is due, one requester at a time (§2.7). Only the requester subtracts, so the
         * count never goes negative; a thread that brings it to a batch while another requests
         * makes that one look again.
         */
        void replenish(long n) {
            if ((long) CONSUMED.getAndAdd(this, n) + n < batch || !Wip.enter(REQUESTING, this)) {
                return;
            }
            int missed = 1;
            for (;;) {
                long c = (long) CONSUMED.getVolatile(this);
                if (c >= batch) {
                    CONSUMED.getAndAdd(this, -c);
                    upstream.request(c);
                }
                missed = Wip.leave(REQUESTING, this, missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        /**
         * A cancelled group dropped {@code n} queued values. While the main stream is live they are
         * asked for again at once. Once it is cancelled they are only counted, and asked for with
         * the next request a remaining group makes: a cancel must not make the source emit on the
         * canceller's thread, where the stage below may be cancelling one group after another
         * (a flatMap cancels its upstream before its inners: a request there would feed the inners
         * not yet cancelled, on and on, inside that cancel).
         */
        void dropped(long n) {
            if (cancelled) {
                CONSUMED.getAndAdd(this, n);
            } else {
                replenish(n);
            }
        }

        // ------------------------------------------------------------ the main drain

        private void drain() {
            if (Wip.enter(WIP, this)) {
                drainLoop();
            }
        }

        /** Holds WIP: emits the fresh groups within demand and budget. */
        private void drainLoop() {
            int missed = resumeMissed != 0 ? resumeMissed : 1;
            resumeMissed = 0;
            for (;;) {
                if (cancelled) {
                    cancelFresh();
                } else if (emitGroups(missed)) {
                    return;
                }
                missed = Wip.leave(WIP, this, missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        /** True if the drain ended (terminal signal delivered) or yielded. */
        private boolean emitGroups(int missed) {
            long r = (long) REQUESTED.getVolatile(this);
            long e = emitted;
            while (e != r) {
                if (Budget.claim(1) == 0) {
                    emitted = e;
                    yieldDrain(missed);
                    return true;
                }
                boolean d = done;
                Group<K, V> g = fresh.poll();
                if (terminated(d, g == null)) {
                    return true;
                }
                if (g == null || cancelled) {
                    if (g != null) {
                        g.cancelUndelivered();
                    }
                    break;
                }
                downstream.onNext(g);
                e++;
            }
            emitted = e;
            return e == r && terminated(done, fresh.isEmpty());
        }

        /** Holds WIP: true (and the terminal signal delivered) if the main stream is over. */
        private boolean terminated(boolean d, boolean empty) {
            if (!d || cancelled) {
                return false;
            }
            Throwable ex = error;
            if (ex != null) {
                cancelled = true; // holds WIP for good: nothing more goes down
                fresh.clear(); // they failed already; nobody can subscribe to them now
                downstream.onError(ex);
                return true;
            }
            if (empty) {
                cancelled = true;
                downstream.onComplete();
                return true;
            }
            return false;
        }

        /** Holds WIP, the main stream cancelled: the groups never emitted can never be subscribed. */
        private void cancelFresh() {
            Group<K, V> g;
            while ((g = fresh.poll()) != null) {
                g.cancelUndelivered();
            }
        }

        /** Out of budget: keep WIP and continue in a task, behind what the worker has waiting. */
        private void yieldDrain(int missed) {
            resumeMissed = missed;
            if (resume == null) {
                resume = new DrainResumption(this::drainLoop, this::drainRejected);
            }
            resume.resume();
        }

        /** Holds WIP with no continuation coming (the engine closed): the main stream fails. */
        private void drainRejected(RejectedExecutionException ex) {
            resumeMissed = 0;
            boolean over = cancelled;
            cancelled = true;
            cancelFresh();
            if (!over) {
                release();
                downstream.onError(ex);
            }
        }
    }

    /**
     * One group: a unicast {@link GroupedRill} fed by the main subscriber on the upstream's thread.
     * Its values go straight down when it can take them at once ({@link #next}), else into its
     * queue, drained with its subscriber's demand.
     */
    static final class Group<K, V> extends GroupedRill<K, V> implements Subscription {
        private static final VarHandle WIP = Handles.field(MethodHandles.lookup(), "wip", int.class);
        private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);
        private static final VarHandle SUBSCRIBER = Handles.field(MethodHandles.lookup(), "subscriber", Subscriber.class);

        /** Takes the subscriber's place once the group is over, so the subscriber can be collected. */
        private static final Subscriber<Object> RELEASED = new Subscriber<>() {
            @Override
            public void onSubscribe(Subscription s) {
            }

            @Override
            public void onNext(Object o) {
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        };

        final K key;
        private final GroupByMain<?, K, V> parent;
        private final Queue<V> queue;
        @SuppressWarnings("unused")
        private volatile int wip;
        @SuppressWarnings("unused")
        private volatile long requested;
        private volatile Subscriber<? super V> subscriber;
        /** Written after {@link #error}. */
        private volatile boolean done;
        private Throwable error;
        /** Cancelled, or over (its terminal signal delivered). */
        volatile boolean cancelled;

        // Drain-owned.
        private long emitted;
        private int resumeMissed;
        private DrainResumption resume;

        Group(K key, GroupByMain<?, K, V> parent) {
            this.key = key;
            this.parent = parent;
            this.queue = new SpscUnboundedArrayQueue<>(Math.max(8, Math.min(parent.prefetch, 64)));
        }

        @Override
        public K key() {
            return key;
        }

        /** Upstream thread: a value of this group. */
        void next(V v) {
            if ((int) WIP.getVolatile(this) == 0 && WIP.compareAndSet(this, 0, 1)) {
                Subscriber<? super V> a = subscriber;
                if (cancelled) {
                    parent.consumedHere(1); // dropped: a cancel's drain may be over already
                } else if (a != null && emitted != (long) REQUESTED.getVolatile(this) && queue.isEmpty()) {
                    // The counter is ours and we are the one producer: an empty queue stays empty.
                    a.onNext(v);
                    emitted++;
                    parent.consumedHere(1);
                } else {
                    queue.offer(v);
                }
                int missed = Wip.leave(WIP, this, 1);
                if (missed != 0) {
                    drainLoop(missed);
                }
                return;
            }
            queue.offer(v);
            drain();
        }

        /** Upstream thread: the source completed. */
        void complete() {
            done = true;
            drain();
        }

        /** Upstream thread: the source failed (or a key or value function did). */
        void fail(Throwable e) {
            error = e;
            done = true;
            drain();
        }

        @Override
        protected void subscribeActual(Subscriber<? super V> s) {
            if (!SUBSCRIBER.compareAndSet(this, null, s)) {
                Subscriptions.error(s, new IllegalStateException("a group of groupBy allows one subscriber"));
                return;
            }
            parent.groupSubscribed();
            s.onSubscribe(this);
            drain();
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
            if (cancelled) {
                return;
            }
            cancelled = true;
            SUBSCRIBER.setVolatile(this, RELEASED);
            parent.groupCancelled(this, true);
            drain(); // drops what is queued, and asks the source for it again
        }

        /** The main drain: the main stream was cancelled before this group was emitted. */
        void cancelUndelivered() {
            if (!cancelled && SUBSCRIBER.compareAndSet(this, null, RELEASED)) {
                cancelled = true;
                parent.groupCancelled(this, false);
                drain();
            }
        }

        private void drain() {
            if (Wip.enter(WIP, this)) {
                drainLoop(1);
            }
        }

        /** Holds WIP. */
        private void drainLoop(int missed) {
            for (;;) {
                if (cancelled) {
                    dropQueued();
                } else if (subscriber != null && emit(missed)) {
                    return;
                }
                missed = Wip.leave(WIP, this, missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        /** Emits within demand and budget; true if the drain ended (terminal signal) or yielded. */
        private boolean emit(int missed) {
            Subscriber<? super V> a = subscriber;
            long r = (long) REQUESTED.getVolatile(this);
            long start = emitted;
            long e = start;
            while (e != r) {
                int b = Budget.claim((int) Math.min(r - e, Budget.PER_RUN));
                if (b == 0) {
                    emitted = e;
                    parent.replenish(e - start);
                    yieldDrain(missed);
                    return true;
                }
                int k = 0;
                for (; k < b && !cancelled; k++) {
                    boolean d = done;
                    V v = queue.poll();
                    if (v == null) {
                        if (d) {
                            return finish(a, e + k - start);
                        }
                        break;
                    }
                    a.onNext(v);
                }
                e += k;
                if (k < b) {
                    break;
                }
            }
            emitted = e;
            if (e != start) {
                parent.replenish(e - start);
            }
            return !cancelled && done && queue.isEmpty() && finish(a, 0);
        }

        /** Holds WIP for good: delivers the terminal signal. */
        private boolean finish(Subscriber<? super V> a, long taken) {
            if (taken != 0) {
                parent.replenish(taken);
            }
            cancelled = true;
            SUBSCRIBER.setVolatile(this, RELEASED);
            Throwable ex = error;
            if (ex != null) {
                a.onError(ex);
            } else {
                a.onComplete();
            }
            return true;
        }

        /** Holds WIP, cancelled: drops the queued values, to be asked for again ({@code dropped}). */
        private void dropQueued() {
            long n = 0;
            while (queue.poll() != null) {
                n++;
            }
            if (n != 0) {
                parent.dropped(n);
            }
        }

        /** Out of budget: keep WIP and continue in a task, behind what the worker has waiting. */
        private void yieldDrain(int missed) {
            resumeMissed = missed;
            if (resume == null) {
                resume = new DrainResumption(this::resumeDrain, this::drainRejected);
            }
            resume.resume();
        }

        /** The continuation's run: the drain goes on with the misses it kept. */
        private void resumeDrain() {
            int m = resumeMissed;
            resumeMissed = 0;
            drainLoop(m);
        }

        /** Holds WIP with no continuation coming (the engine closed): the group fails. */
        private void drainRejected(RejectedExecutionException ex) {
            Subscriber<? super V> a = subscriber;
            if (cancelled) {
                dropQueued();
                return;
            }
            cancelled = true;
            SUBSCRIBER.setVolatile(this, RELEASED);
            parent.groupCancelled(this, true);
            dropQueued();
            a.onError(ex);
        }

        @Override
        public String toString() {
            return "group(" + key + ")" + (subscriber == null ? " (not subscribed)" : "");
        }
    }
}
