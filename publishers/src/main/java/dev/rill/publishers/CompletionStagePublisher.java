package dev.rill.publishers;

import dev.rill.signal.DeferredScalarSubscription;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * Emits the value of a {@link CompletionStage} when it completes (on the thread that completes it,
 * or at once if it already has), or its failure as {@code onError}; a null value completes empty.
 * Cancelling stops listening; it does not cancel the stage, which others may share.
 *
 * <pre>{@code new CompletionStagePublisher<>(http.sendAsync(req, handler)).subscribe(s);}</pre>
 */
public final class CompletionStagePublisher<T> implements Publisher<T> {

    private final CompletionStage<? extends T> stage;

    /** @throws NullPointerException if {@code stage} is null */
    public CompletionStagePublisher(CompletionStage<? extends T> stage) {
        this.stage = Objects.requireNonNull(stage, "completionStage");
    }

    @Override
    public void subscribe(Subscriber<? super T> s) {
        Objects.requireNonNull(s, "§1.9: subscriber must not be null");
        DeferredScalarSubscription<T> d = new DeferredScalarSubscription<>(s);
        s.onSubscribe(d);
        stage.whenComplete((v, e) -> {
            if (d.isCancelled()) {
                return;
            }
            if (e != null) {
                d.error(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
            } else if (v == null) {
                d.completeEmpty();
            } else {
                d.complete(v);
            }
        });
    }
}
