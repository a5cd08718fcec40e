package dev.rill.engine;

/**
 * What other workers may do with a worker's run queue: steal from it and look at its length. The
 * owner's operations ({@code push}, {@code pop}) are not reachable through it, so the threading
 * contract of {@link LocalQueue} is a type, as Tokio's {@code Steal} handle makes it.
 *
 * <p>Threading: any worker other than the owner (the thief passes its own queue).
 */
interface Stealer {

    /**
     * Moves about half of the victim's tasks into {@code dst} (the thief's own queue) and returns
     * one of them to run at once; null if there was nothing to steal, another steal was under way,
     * or {@code dst} is too full. {@code dst.lastSteal()} then tells the thief how many it took.
     */
    Object stealInto(LocalQueue dst);

    /** Tasks waiting: a racy estimate. */
    int len();

    /** No task waiting: a racy estimate. */
    boolean isEmpty();
}
