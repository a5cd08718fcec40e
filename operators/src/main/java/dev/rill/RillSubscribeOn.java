package dev.rill;

import dev.rill.engine.Rejectable;
import dev.rill.engine.Scheduler;
import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Demand;
import dev.rill.signal.Handles;
import dev.rill.signal.Subscriptions;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code subscribeOn}: subscribes to the source on a {@link Scheduler.Worker}, so the source's
 * subscription side effects and its synchronous emissions run there. With
 * {@code requestOnSeparateThread} (the default) a {@code request} made from any other thread is
 * also handed to that worker, in order, so a source that emits inside {@code request} always does
 * so on the worker; requests made on the worker itself go straight up, which keeps a synchronous
 * source from deadlocking on its own re-entrant requests.
 *
 * <p>Requests made before the source's subscription arrives are added up and passed on once it
 * does. The worker is released on the terminal signal or on cancel. A rejected schedule (closed
 * engine), or a subscription or request the scheduler dropped unrun when it closed ({@link
 * Rejectable}), becomes {@code onError(RejectedExecutionException)}.
 */
final class RillSubscribeOn<T> extends Rill<T> {

    private final Publisher<? extends T> source;
    private final Scheduler scheduler;
    private final boolean requestOnSeparateThread;

    RillSubscribeOn(Publisher<? extends T> source, Scheduler scheduler, boolean requestOnSeparateThread) {
        this.source = source;
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.requestOnSeparateThread = requestOnSeparateThread;
    }

    @Override
    protected void subscribeActual(Subscriber<? super T> s) {
        Scheduler.Worker worker;
        try {
            worker = scheduler.createWorker();
        } catch (RejectedExecutionException e) {
            Subscriptions.error(s, e);
            return;
        }
        SubscribeOnSubscriber<T> parent = new SubscribeOnSubscriber<>(s, worker, requestOnSeparateThread);
        s.onSubscribe(parent);
        parent.start(source);
    }

    static final class SubscribeOnSubscriber<T> implements CoreSubscriber<T>, Subscription, Rejectable {
        private static final VarHandle UPSTREAM = Handles.field(MethodHandles.lookup(), "upstream", Subscription.class);
        private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);

        private final Subscriber<? super T> downstream;
        private final Scheduler.Worker worker;
        private final boolean requestOnSeparateThread;

        /** Set once by the source (on the worker), or to CANCELLED by cancel. */
        private volatile Subscription upstream;
        /** Demand that arrived before {@link #upstream}; handed over once by whoever sees both. */
        @SuppressWarnings("unused")
        private volatile long requested;
        /** The worker's thread while it subscribes; requests from it go straight up. */
        private volatile Thread subscribeThread;
        private Publisher<? extends T> source;
        /** Set before the worker is released (terminal signal or cancel): later requests are no-ops. */
        private volatile boolean finished;

        SubscribeOnSubscriber(Subscriber<? super T> downstream, Scheduler.Worker worker, boolean requestOnSeparateThread) {
            this.downstream = downstream;
            this.worker = worker;
            this.requestOnSeparateThread = requestOnSeparateThread;
        }

        void start(Publisher<? extends T> source) {
            this.source = source;
            try {
                worker.schedule(this);
            } catch (RejectedExecutionException e) {
                rejected(e);
            }
        }

        /** The subscription (or a request) will never run on the worker: the stream ends here. */
        @Override
        public void rejected(RejectedExecutionException cause) {
            // Our own release of the worker racing with a late request is not an error; a closed
            // engine is.
            if (!finished && Subscriptions.cancel(UPSTREAM, this)) {
                finished = true;
                downstream.onError(cause);
                worker.cancel();
            }
        }

        /** On the worker: subscribe to the source. */
        @Override
        public void run() {
            subscribeThread = Thread.currentThread();
            Publisher<? extends T> p = source;
            source = null;
            p.subscribe(this);
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Subscriptions.setOnce(UPSTREAM, this, s)) {
                // Whatever was requested before now is ours to pass on; later requests see the
                // subscription and go up themselves. getAndSet makes the two sides hand over once.
                long r = (long) REQUESTED.getAndSet(this, 0L);
                if (r != 0L) {
                    requestUpstream(r, s);
                }
            }
        }

        @Override
        public void onNext(T t) {
            downstream.onNext(t);
        }

        @Override
        public void onError(Throwable t) {
            finished = true;
            downstream.onError(t);
            worker.cancel();
        }

        @Override
        public void onComplete() {
            finished = true;
            downstream.onComplete();
            worker.cancel();
        }

        @Override
        public void request(long n) {
            if (!Demand.isValid(n)) {
                return; // the strict boundary downstream has already reported §3.9
            }
            Subscription s = upstream;
            if (s != null) {
                requestUpstream(n, s);
                return;
            }
            Demand.add(REQUESTED, this, n);
            // The subscription may have arrived between our read and our add: take the demand back
            // if it is still there and pass it on ourselves.
            s = upstream;
            if (s != null) {
                long r = (long) REQUESTED.getAndSet(this, 0L);
                if (r != 0L) {
                    requestUpstream(r, s);
                }
            }
        }

        private void requestUpstream(long n, Subscription s) {
            if (!requestOnSeparateThread || Thread.currentThread() == subscribeThread) {
                s.request(n);
                return;
            }
            if (finished) {
                return;
            }
            try {
                worker.schedule(new Request(s, n));
            } catch (RejectedExecutionException e) {
                rejected(e);
            }
        }

        /** A request handed to the worker; dropped unrun, it ends the stream. */
        private final class Request implements Rejectable {
            private final Subscription s;
            private final long n;

            Request(Subscription s, long n) {
                this.s = s;
                this.n = n;
            }

            @Override
            public void run() {
                s.request(n);
            }

            @Override
            public void rejected(RejectedExecutionException cause) {
                SubscribeOnSubscriber.this.rejected(cause);
            }
        }

        @Override
        public void cancel() {
            finished = true;
            Subscriptions.cancel(UPSTREAM, this);
            worker.cancel();
        }
    }
}
