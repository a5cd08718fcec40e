package dev.rill.publishers;

import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Exceptions;
import dev.rill.signal.Hooks;
import dev.rill.signal.Subscriptions;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A resource per subscriber, and a stream made from it: the resource is acquired at subscription
 * and cleaned up exactly once on every terminal path (completion, error, cancel), before the
 * terminal signal goes down. If making the stream fails, the resource is cleaned up at once.
 *
 * <pre>{@code new UsingPublisher<>(() -> Files.newBufferedReader(p), r -> new StreamPublisher<>(r.lines()), r -> close(r))}</pre>
 */
public final class UsingPublisher<T, R> implements Publisher<T> {

    private final Callable<? extends R> resource;
    private final Function<? super R, ? extends Publisher<? extends T>> factory;
    private final Consumer<? super R> cleanup;

    /** @throws NullPointerException if an argument is null */
    public UsingPublisher(Callable<? extends R> resource, Function<? super R, ? extends Publisher<? extends T>> factory,
                          Consumer<? super R> cleanup) {
        this.resource = Objects.requireNonNull(resource, "resourceSupplier");
        this.factory = Objects.requireNonNull(factory, "sourceFactory");
        this.cleanup = Objects.requireNonNull(cleanup, "resourceCleanup");
    }

    @Override
    public void subscribe(Subscriber<? super T> s) {
        Objects.requireNonNull(s, "§1.9: subscriber must not be null");
        R r;
        try {
            r = Exceptions.requireNonNull(resource.call(), "using: the resource supplier");
        } catch (Throwable e) {
            Exceptions.throwIfFatal(e);
            Subscriptions.error(s, e);
            return;
        }
        Publisher<? extends T> p;
        try {
            p = Exceptions.requireNonNull(factory.apply(r), "using: the source factory");
        } catch (Throwable e) {
            Exceptions.throwIfFatal(e);
            try {
                cleanup.accept(r);
            } catch (Throwable c) {
                Exceptions.throwIfFatal(c);
                e.addSuppressed(c);
            }
            Subscriptions.error(s, e);
            return;
        }
        p.subscribe(new UsingSubscriber<>(s, r, cleanup));
    }

    static final class UsingSubscriber<T, R> implements CoreSubscriber<T>, Subscription {
        private static final VarHandle CLEANED;

        static {
            try {
                CLEANED = MethodHandles.lookup().findVarHandle(UsingSubscriber.class, "cleaned", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Subscriber<? super T> downstream;
        private final R resource;
        private final Consumer<? super R> cleanup;
        private Subscription upstream;
        @SuppressWarnings("unused")
        private volatile boolean cleaned;

        UsingSubscriber(Subscriber<? super T> downstream, R resource, Consumer<? super R> cleanup) {
            this.downstream = downstream;
            this.resource = resource;
            this.cleanup = cleanup;
        }

        /** @return the cleanup's failure, or null */
        private Throwable cleanUp() {
            if (!CLEANED.compareAndSet(this, false, true)) {
                return null;
            }
            try {
                cleanup.accept(resource);
                return null;
            } catch (Throwable e) {
                Exceptions.throwIfFatal(e);
                return e;
            }
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Subscriptions.validate(upstream, s)) {
                upstream = s;
                downstream.onSubscribe(this);
            }
        }

        @Override
        public void onNext(T t) {
            downstream.onNext(t);
        }

        @Override
        public void onError(Throwable t) {
            Throwable c = cleanUp();
            if (c != null) {
                t.addSuppressed(c);
            }
            downstream.onError(t);
        }

        @Override
        public void onComplete() {
            Throwable c = cleanUp();
            if (c != null) {
                downstream.onError(c);
            } else {
                downstream.onComplete();
            }
        }

        @Override
        public void request(long n) {
            upstream.request(n);
        }

        @Override
        public void cancel() {
            upstream.cancel();
            Throwable c = cleanUp();
            if (c != null) {
                Hooks.onErrorDropped(c);
            }
        }
    }
}
