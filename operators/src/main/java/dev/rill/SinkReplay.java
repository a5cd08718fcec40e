package dev.rill;

import dev.rill.engine.Scheduler;
import dev.rill.signal.Demand;
import dev.rill.signal.Handles;
import dev.rill.signal.Wip;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code Sinks.many().replay()}: {@code all()}, {@code limit(n)} and {@code limit(maxAge)}. The
 * history is a linked list of nodes that only grows at its tail; the sink's head moves forward as
 * the limit drops old values, and each subscriber walks the list from where it joined at its own
 * pace (its own demand, its own drain), so a slow subscriber holds back nobody and keeps only the
 * nodes after its cursor reachable. Emissions never overflow.
 *
 * <p>Threading: emitters and joining subscribers serialize on this object's monitor (append, trim,
 * take the head). A node's {@code next} is published with a release store after its value is set;
 * a subscriber's drain reads it with an acquire load, so it sees the value. One drain per
 * subscriber at a time ({@link Wip}), on the emitting or requesting thread, inline and bounded by
 * demand.
 *
 * <p>The same history backs {@code Rill.replay()} ({@link RillReplay}): there a pacer is told
 * whenever a subscriber moves on or leaves, and reads {@link #slowest()} to ask the source for more,
 * so the slowest subscriber paces the source. Each node carries its place in the sequence and each
 * subscriber publishes the place it reached, once per drain pass.
 */
final class SinkReplay<T> implements Sinks.Many<T>, Publisher<T> {
    private static final VarHandle APPENDED = Handles.field(MethodHandles.lookup(), "appended", long.class);

    private final int limit;
    private final long maxAgeNanos;
    private final Scheduler clock;
    /** Told when a subscriber moved on or left (replay's connection); null for a plain sink. */
    private final Runnable pacer;
    private final Rill<T> view = new Rill.Source<>(this);
    // Guarded by this.
    private Node<T> head = new Node<>(null, 0, 0);
    private Node<T> tail = head;
    private int size;
    /**
     * The tail's place in the sequence, for {@link #slowest()} to read without the monitor: written
     * with release under it (only with a pacer) before the node is linked, so a subscriber that
     * reached the node, and the pacer run after it, read at least that place.
     */
    @SuppressWarnings("unused")
    private long appended;
    /** Copy-on-write under the monitor; volatile for {@link #slowest()}, which reads it without. */
    private volatile Inner<T>[] subscribers = newArray(0);
    /** The end; readers see it after the last node (volatile: written after that node is linked). */
    private volatile boolean done;
    private Throwable error;

    SinkReplay(int limit, long maxAgeNanos, Scheduler clock) {
        this(limit, maxAgeNanos, clock, null);
    }

    SinkReplay(int limit, long maxAgeNanos, Scheduler clock, Runnable pacer) {
        this.limit = limit;
        this.maxAgeNanos = maxAgeNanos;
        this.clock = clock;
        this.pacer = pacer;
    }

    @Override
    public Sinks.EmitResult tryEmitNext(T value) {
        Objects.requireNonNull(value, "value");
        Inner<T>[] subs;
        synchronized (this) {
            if (done) {
                return Sinks.EmitResult.FAIL_TERMINATED;
            }
            long now = now();
            Node<T> n = new Node<>(value, now, tail.seq + 1);
            if (pacer != null) {
                APPENDED.setRelease(this, n.seq); // before the link: whoever sees the node sees this
            }
            tail.link(n);
            tail = n;
            size++;
            trim(now);
            subs = subscribers;
        }
        for (Inner<T> inner : subs) {
            inner.drain();
        }
        return Sinks.EmitResult.OK;
    }

    /** The clock of an age limit (one read per emission), or 0 without one. */
    private long now() {
        return clock != null ? clock.now(TimeUnit.NANOSECONDS) : 0;
    }

    /** Under the monitor: drops from the head what the limits no longer keep at {@code now}. */
    private void trim(long now) {
        while (size > limit) {
            head = head.next();
            size--;
        }
        if (clock != null) {
            // Ages as differences: a clock may read negative, and a "forever" age must not wrap.
            for (Node<T> n; (n = head.next()) != null && now - n.time > maxAgeNanos; ) {
                head = n;
                size--;
            }
        }
    }

    @Override
    public Sinks.EmitResult tryEmitComplete() {
        return terminate(null);
    }

    @Override
    public Sinks.EmitResult tryEmitError(Throwable e) {
        return terminate(Objects.requireNonNull(e, "error"));
    }

    private Sinks.EmitResult terminate(Throwable e) {
        Inner<T>[] subs;
        synchronized (this) {
            if (done) {
                return Sinks.EmitResult.FAIL_TERMINATED;
            }
            error = e;
            done = true;
            subs = subscribers;
            subscribers = newArray(0);
        }
        for (Inner<T> inner : subs) {
            inner.drain();
        }
        return Sinks.EmitResult.OK;
    }

    @Override
    public int currentSubscriberCount() {
        return subscribers.length;
    }

    @Override
    public Rill<T> asRill() {
        return view;
    }

    @Override
    public void subscribe(Subscriber<? super T> s) {
        Objects.requireNonNull(s, "§1.9: subscriber must not be null");
        Node<T> start;
        Inner<T> inner;
        synchronized (this) {
            trim(now()); // an age limit drops what grew too old while nobody emitted
            start = head;
            inner = new Inner<>(s, this, start);
            if (!done) {
                subscribers = CopyOnWriteArrays.with(subscribers, inner);
            }
        }
        s.onSubscribe(inner);
        inner.drain();
    }

    void remove(Inner<T> inner) {
        synchronized (this) {
            subscribers = CopyOnWriteArrays.without(subscribers, inner);
        }
        if (pacer != null) {
            pacer.run(); // it no longer holds the source back
        }
    }

    /**
     * The place in the sequence (values appended so far, counted from 1) that every current
     * subscriber has reached; with none, the last value appended. A subscriber that joins later
     * starts at the history's head, at or after every place reported before.
     */
    long slowest() {
        Inner<T>[] subs = subscribers;
        long min = (long) APPENDED.getAcquire(this);
        for (Inner<T> inner : subs) {
            min = Math.min(min, inner.position);
        }
        return min;
    }

    boolean isDone() {
        return done;
    }

    Throwable error() {
        return error; // read after done was seen true
    }

    @SuppressWarnings("unchecked")
    private static <T> Inner<T>[] newArray(int n) {
        return (Inner<T>[]) new Inner<?>[n];
    }

    /** A node of the history; the first one is an empty head. */
    static final class Node<T> {
        private static final VarHandle NEXT = Handles.field(MethodHandles.lookup(), "next", Node.class);

        final T value;
        final long time;
        /** Its place in the sequence: the head of a new history is 0, the first value 1. */
        final long seq;
        @SuppressWarnings("unused")
        private volatile Node<T> next;

        Node(T value, long time, long seq) {
            this.value = value;
            this.time = time;
            this.seq = seq;
        }

        /** Release: the new node's fields before it is reachable. */
        void link(Node<T> n) {
            NEXT.setRelease(this, n);
        }

        @SuppressWarnings("unchecked")
        Node<T> next() {
            return (Node<T>) NEXT.getAcquire(this);
        }
    }

    /** One subscriber: its cursor in the history and its demand. */
    static final class Inner<T> implements Subscription {
        private static final VarHandle WIP = Handles.field(MethodHandles.lookup(), "wip", int.class);
        private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);

        private final Subscriber<? super T> downstream;
        private final SinkReplay<T> parent;
        /** Drain-only: the last node delivered (or the head it joined at). */
        private Node<T> cursor;
        /** The cursor's place in the sequence, published once per drain pass for the pacer. */
        volatile long position;
        @SuppressWarnings("unused")
        private volatile long requested;
        @SuppressWarnings("unused")
        private volatile int wip;
        private volatile boolean cancelled;
        private volatile long badRequest;

        Inner(Subscriber<? super T> downstream, SinkReplay<T> parent, Node<T> start) {
            this.downstream = downstream;
            this.parent = parent;
            this.cursor = start;
            this.position = start.seq;
        }

        @Override
        public void request(long n) {
            if (Demand.isValid(n)) {
                Demand.add(REQUESTED, this, n);
            } else {
                badRequest = n;
            }
            drain();
        }

        @Override
        public void cancel() {
            cancelled = true;
            parent.remove(this);
            drain(); // lets go of the cursor
        }

        void drain() {
            if (!Wip.enter(WIP, this)) {
                return;
            }
            int missed = 1;
            do {
                if (emit()) {
                    cursor = null;
                    return; // over: the counter stays taken, no drain runs again
                }
                missed = Wip.leave(WIP, this, missed);
            } while (missed != 0);
        }

        /** Delivers what demand allows; true once this subscriber is over. */
        private boolean emit() {
            long r = requested;
            long e = 0;
            Node<T> c = cursor;
            for (;;) {
                if (cancelled) {
                    return true;
                }
                long bad = badRequest;
                if (bad != 0) {
                    parent.remove(this);
                    downstream.onError(Demand.nonPositive(bad));
                    return true;
                }
                boolean d = parent.isDone(); // before the look at next: a done seen means the last node is linked
                Node<T> n = c.next();
                if (n == null) {
                    if (d) {
                        Throwable err = parent.error();
                        if (err != null) {
                            downstream.onError(err);
                        } else {
                            downstream.onComplete();
                        }
                        return true;
                    }
                    break;
                }
                if (e == r) {
                    break;
                }
                downstream.onNext(n.value);
                c = n;
                e++;
            }
            cursor = c;
            if (e != 0) {
                Demand.produced(REQUESTED, this, e);
                position = c.seq;
                if (parent.pacer != null) {
                    parent.pacer.run();
                }
            }
            return false;
        }
    }
}
