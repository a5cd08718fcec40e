package dev.rill.engine;

/**
 * A thread of an engine's blocking pool. What such a thread submits to its own engine continues
 * work the engine already took in (a request came back from a blocking call), so the engine puts it
 * in its return lane, ahead of the global queue ({@link Engine#returning}).
 *
 * <p>Threading: immutable after construction.
 */
final class BlockingThread extends Thread {

    final Engine engine;

    BlockingThread(Engine engine, Runnable body, String name) {
        super(body, name);
        this.engine = engine;
    }
}
