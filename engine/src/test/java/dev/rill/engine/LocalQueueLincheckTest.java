package dev.rill.engine;

import java.util.ArrayList;
import java.util.List;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.MpscUnboundedArrayQueue;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Model check of {@link LocalQueue}: the owner pushing and popping against a stealer, every
 * interleaving of their atomic steps explored (Lincheck's model checker, sequentially consistent
 * memory: it proves the claim/copy/release protocol, not the acquire/release choices, which the
 * ordering notes in {@code LocalQueue} argue).
 *
 * <p>What must hold: the queue behaves as if each operation happened at once, in some order
 * consistent with each thread's program order, against the same queue used by one thread. So a
 * steal takes exactly the oldest half (rounded up) of what is there at its claim, in order, a pop
 * the oldest, and no task is lost, duplicated or reordered. The owner's operations share one thread
 * ({@code nonParallelGroup}), as in the engine; the stealer returns what it took by draining its
 * own queue, which only it touches. The ring's overflow path needs 256 tasks and is left to
 * {@code LocalQueueTest}'s stress tests.
 */
public class LocalQueueLincheckTest {

    private final LocalQueue queue = new LocalQueue();
    private final LocalQueue thief = new LocalQueue();
    private final MessagePassingQueue<Object> overflow = new MpscUnboundedArrayQueue<>(16);

    @Operation(nonParallelGroup = "owner")
    public boolean push(int task) {
        return queue.push(task, overflow);
    }

    @Operation(nonParallelGroup = "owner")
    public Object pop() {
        return queue.pop();
    }

    @Operation(nonParallelGroup = "stealer")
    public List<Object> steal() {
        List<Object> took = new ArrayList<>();
        Object first = queue.stealInto(thief);
        if (first == null) {
            return took;
        }
        for (Object o; (o = thief.pop()) != null; ) {
            took.add(o);
        }
        took.add(first); // stealInto hands back the newest of the batch to run at once
        return took;
    }

    @Test
    void ownerAndStealerAreLinearizable() {
        new ModelCheckingOptions()
                .iterations(20)
                .invocationsPerIteration(500)
                .threads(2)
                .actorsPerThread(4)
                .actorsBefore(3)
                .actorsAfter(1)
                .check(getClass());
    }
}
