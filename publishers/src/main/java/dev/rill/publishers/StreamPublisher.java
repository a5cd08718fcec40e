package dev.rill.publishers;

import dev.rill.signal.Subscriptions;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Iterator;
import java.util.Objects;
import java.util.stream.Stream;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * Emits the elements of a {@link Stream}, then completes, closing the stream on every terminal
 * path (completion, error, cancel). A stream can be consumed once, so only the first subscriber
 * gets it; later ones get {@code onError(IllegalStateException)}. SYNC-fusable.
 *
 * <pre>{@code new StreamPublisher<>(Stream.of(1, 2, 3)).subscribe(s);}</pre>
 */
public final class StreamPublisher<T> implements Publisher<T> {

    private static final VarHandle USED;

    static {
        try {
            USED = MethodHandles.lookup().findVarHandle(StreamPublisher.class, "used", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Stream<? extends T> stream;
    @SuppressWarnings("unused")
    private volatile boolean used;

    /** @throws NullPointerException if {@code stream} is null */
    public StreamPublisher(Stream<? extends T> stream) {
        this.stream = Objects.requireNonNull(stream, "stream");
    }

    @Override
    public void subscribe(Subscriber<? super T> s) {
        Objects.requireNonNull(s, "§1.9: subscriber must not be null");
        if (!USED.compareAndSet(this, false, true)) {
            Subscriptions.error(s, new IllegalStateException("fromStream: a Stream can be consumed only once"));
            return;
        }
        Iterator<? extends T> it;
        try {
            it = stream.iterator();
        } catch (Throwable e) {
            stream.close();
            Subscriptions.error(s, e);
            return;
        }
        s.onSubscribe(new IterablePublisher.IteratorSubscription<>(s, it, stream::close));
    }
}
