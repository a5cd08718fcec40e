package dev.rill;

import java.util.Queue;
import org.jctools.queues.SpscArrayQueue;
import org.jctools.queues.SpscGrowableArrayQueue;
import org.jctools.queues.SpscUnboundedArrayQueue;

/**
 * The single-producer single-consumer queues of stages sized by a user's bound (a prefetch, a
 * concurrency limit). Up to {@link #EXACT} slots the queue is allocated at its bound, so the usual
 * prefetch (256) costs one array and no growth. Above it the queue starts at {@link #EXACT} and
 * grows with its content: a bound is an upper limit the demand rarely reaches, and
 * {@code prefetch(Integer.MAX_VALUE)} must not allocate gigabytes in {@code subscribe}.
 *
 * <p>A growable queue's bound is rounded up to a power of two by JCTools, and above 2<sup>30</sup>
 * (no larger power of two fits an int) it has none: the stage's own requests bound what the
 * upstream may send, the queue bound only catches an upstream that ignores them.
 *
 * <p>Threading: no state; each queue has the one producer and one consumer of its stage.
 */
final class PrefetchQueues {

    /** 1024 references (4-8 KB): exact below, grown from here above. */
    static final int EXACT = 1024;

    private static final int MAX_POWER_OF_TWO = 1 << 30;

    private PrefetchQueues() {
    }

    /** A queue for at most {@code bound} values (positive), allocated for at most {@link #EXACT}. */
    static <T> Queue<T> spsc(int bound) {
        if (bound <= EXACT) {
            return new SpscArrayQueue<>(bound);
        }
        if (bound <= MAX_POWER_OF_TWO) {
            return new SpscGrowableArrayQueue<>(EXACT, bound);
        }
        return new SpscUnboundedArrayQueue<>(EXACT);
    }
}
