package dev.rill.signal;

import org.reactivestreams.Subscription;

/**
 * Operator fusion (micro-fusion), as established by reactive-streams-commons, Reactor and RxJava: a
 * {@link Subscription} that can also act as a queue, so adjacent stages share one loop instead of
 * handing each signal through {@code onNext}.
 *
 * <p>The downstream calls {@link #requestFusion(int)} from its {@code onSubscribe}, before any
 * {@code request}, with {@link #SYNC}, {@link #ASYNC} or {@link #ANY}, optionally or-ed with
 * {@link #THREAD_BOUNDARY} when it will {@link #poll()} from another thread. The answer is
 * {@link #NONE}, {@link #SYNC} or {@link #ASYNC} (never {@code ANY}):
 * <ul>
 *   <li>SYNC: the downstream pulls with {@link #poll()}, which returns {@code null} once the source
 *       is exhausted; no {@code request} and no {@code onXxx} calls follow.</li>
 *   <li>ASYNC: {@code onNext} (with any value, null included) only means "poll now"; terminal
 *       signals arrive as usual and the downstream still calls {@code request}.</li>
 * </ul>
 * A stage that runs user code (a {@code map} function, a predicate) must answer {@link #NONE} when
 * it sees {@link #THREAD_BOUNDARY}: fusing it would move the user's code to the other thread.
 * {@link #poll()} may throw (a user function failed); the consumer then cancels and signals the
 * error.
 *
 * <p>Threading: {@link #poll()}, {@link #isEmpty()}, {@link #clear()} and {@link #size()} only by
 * the one consumer that negotiated fusion.
 */
public interface QueueSubscription<T> extends Subscription {

    int NONE = 0;
    int SYNC = 1;
    int ASYNC = 2;
    int ANY = SYNC | ASYNC;
    int THREAD_BOUNDARY = 4;

    /** Negotiates the fusion mode; see the class comment. */
    int requestFusion(int mode);

    /** The next value, or null if none is available now (ASYNC) or ever (SYNC). */
    T poll();

    boolean isEmpty();

    void clear();

    int size();
}
