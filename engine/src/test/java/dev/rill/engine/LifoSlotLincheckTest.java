package dev.rill.engine;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Model check of {@link LifoSlot}: the owner putting and taking against a thief, every
 * interleaving of their atomic steps explored (sequentially consistent memory: it proves the
 * put/take/steal protocol, not the release/acquire choices, which the notes in {@code LifoSlot}
 * argue).
 *
 * <p>What must hold: the slot behaves as if each operation happened at once, against a one-task
 * slot used by one thread. So a put returns exactly the task it displaced, and every task put is
 * handed out once: by a later put (displaced), a take or a steal, never by two of them, never lost.
 * The owner's operations share one thread ({@code nonParallelGroup}), as in the engine.
 */
public class LifoSlotLincheckTest {

    private final LifoSlot slot = new LifoSlot();

    @Operation(nonParallelGroup = "owner")
    public Object put(int task) {
        return slot.put(task);
    }

    @Operation(nonParallelGroup = "owner")
    public Object take() {
        return slot.take();
    }

    @Operation
    public Object steal() {
        return slot.steal();
    }

    @Test
    void ownerAndThievesAreLinearizable() {
        new ModelCheckingOptions()
                .iterations(15)
                .invocationsPerIteration(500)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(1)
                .check(getClass());
    }
}
