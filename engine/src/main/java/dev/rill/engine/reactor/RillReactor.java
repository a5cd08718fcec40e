package dev.rill.engine.reactor;

import dev.rill.engine.BlockingScheduler;
import dev.rill.engine.Engine;
import dev.rill.engine.adapter.QueueCap;
import dev.rill.engine.adapter.RailScheduler;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Rill under Project Reactor: a Reactor {@link Scheduler} backed by an {@link Engine}, and a
 * one-line switch of Reactor's shared schedulers to it.
 *
 * <pre>{@code
 * Scheduler s = RillReactor.scheduler(engine);   // for any Reactor operator that takes a Scheduler
 * RillReactor.install(engine);                   // parallel(), single(), boundedElastic() run on Rill
 * RillReactor.uninstall();                       // Reactor's own schedulers again
 * }</pre>
 *
 * <p>After {@link #install}: {@code Schedulers.parallel()} and {@code newParallel(..)} run on the
 * engine's workers, at most as many tasks at once as the parallelism asked for; {@code single()} and {@code newSingle(..)} on one serial worker each (their
 * tasks never overlap, as with Reactor's single thread); {@code boundedElastic()} and {@code
 * newBoundedElastic(..)} on the engine's blocking pool, within the thread and queue caps Reactor
 * asks for. Thread factories are not used: Rill's threads are the engine's.
 *
 * <p>Threading: every method from any thread; {@code install}/{@code uninstall} are meant for
 * application start-up and shut-down.
 */
public final class RillReactor {

    private static final AtomicReference<Engine> INSTALLED = new AtomicReference<>();
    /** Whether Reactor was told that engine workers are non-blocking threads (once per JVM). */
    private static final AtomicBoolean MARKED = new AtomicBoolean();

    private RillReactor() {
    }

    /**
     * A Reactor scheduler running on {@code engine}'s workers, like {@code Schedulers.parallel()}.
     * Disposing it does not close the engine.
     *
     * <pre>{@code Flux.range(0, 1000).publishOn(RillReactor.scheduler(engine))}</pre>
     */
    public static Scheduler scheduler(Engine engine) {
        markWorkersNonBlocking();
        return parallel(Objects.requireNonNull(engine, "engine"), "rill-parallel(" + engine.name() + ")");
    }

    /** Like {@code Schedulers.single()}: every task, its workers' included, one at a time, in order. */
    public static Scheduler single(Engine engine) {
        RailScheduler single = RailScheduler.single(Objects.requireNonNull(engine, "engine"));
        return new ReactorScheduler("rill-single(" + engine.name() + ")", engine, single, single::createWorker, 1, null);
    }

    /**
     * Like {@code Schedulers.newBoundedElastic(threadCap, queuedTaskCap, ..)}, on the engine's
     * blocking pool: at most {@code threadCap} tasks at once, and {@code queuedTaskCap} waiting per
     * thread as Reactor counts them (delayed, periodic and workers' tasks included; {@link QueueCap}).
     *
     * @throws IllegalArgumentException if a cap is not positive
     */
    public static Scheduler boundedElastic(Engine engine, int threadCap, int queuedTaskCap) {
        QueueCap cap = new QueueCap(threadCap, queuedTaskCap);
        // The view caps the threads; the waiting tasks are capped per thread by QueueCap, which
        // sees each task, where the view sees a worker's whole queue as one drain.
        BlockingScheduler view = Objects.requireNonNull(engine, "engine").blocking().limited(threadCap, Integer.MAX_VALUE);
        return new ReactorScheduler("rill-boundedElastic(" + engine.name() + ")", engine, view, view::createWorker,
                threadCap, cap);
    }

    /**
     * Like {@code Schedulers.newParallel(name, parallelism)}: at most {@code parallelism} tasks at
     * once. As many as the engine has workers or more is the engine itself (it cannot run more);
     * fewer are that many rails of the engine ({@link RailScheduler}).
     *
     * @throws IllegalArgumentException if {@code parallelism} is not positive, as Reactor's own
     */
    static Scheduler newParallel(Engine engine, int parallelism) {
        if (parallelism <= 0) {
            throw new IllegalArgumentException("n > 0 required but it was " + parallelism);
        }
        String name = "rill-parallel(" + engine.name() + ")";
        if (parallelism >= engine.workerCount()) {
            return parallel(engine, name);
        }
        RailScheduler rails = RailScheduler.rails(engine, parallelism);
        return new ReactorScheduler(name, engine, rails, rails::createWorker, parallelism, null);
    }

    private static Scheduler parallel(Engine engine, String name) {
        return new ReactorScheduler(name, engine, engine, engine::createWorker, engine.workerCount(), null);
    }

    /**
     * Makes Reactor's shared and new schedulers run on {@code engine} (through {@link
     * Schedulers#setFactory}, which also disposes the ones Reactor had cached).
     *
     * @throws IllegalStateException if Rill is already installed, or the engine is closed
     */
    public static void install(Engine engine) {
        Objects.requireNonNull(engine, "engine");
        if (engine.isShutdown()) {
            throw new IllegalStateException("engine '" + engine.name() + "' is closed: cannot install it under Reactor");
        }
        if (!INSTALLED.compareAndSet(null, engine)) {
            throw new IllegalStateException("Rill is already installed under Reactor (engine '"
                    + INSTALLED.get().name() + "'); call RillReactor.uninstall() first");
        }
        markWorkersNonBlocking();
        Schedulers.setFactory(new Schedulers.Factory() {
            @Override
            public Scheduler newParallel(int parallelism, ThreadFactory threadFactory) {
                return RillReactor.newParallel(engine, parallelism);
            }

            @Override
            public Scheduler newSingle(ThreadFactory threadFactory) {
                return single(engine);
            }

            @Override
            public Scheduler newBoundedElastic(int threadCap, int queuedTaskCap, ThreadFactory threadFactory,
                                               int ttlSeconds) {
                return boundedElastic(engine, threadCap, queuedTaskCap);
            }

            @Override
            public Scheduler newThreadPerTaskBoundedElastic(int threadCap, int queuedTaskCap,
                                                            ThreadFactory threadFactory) {
                return boundedElastic(engine, threadCap, queuedTaskCap);
            }
        });
    }

    /**
     * Tells Reactor that every engine's workers are non-blocking threads, as its own {@code
     * parallel()} and {@code single()} threads are (they implement its {@code NonBlocking} marker):
     * {@code block()} on them fails fast and {@code Schedulers.isInNonBlockingThread()} is true.
     * The blocking pool's threads are not marked. Once per JVM: Reactor's predicates can only be
     * added, or all reset; the mark stays true after {@link #uninstall}, as a worker must never
     * block whoever schedules on it.
     */
    private static void markWorkersNonBlocking() {
        if (MARKED.compareAndSet(false, true)) {
            Schedulers.registerNonBlockingThreadPredicate(t -> Engine.of(t) != null);
        }
    }

    /**
     * Gives Reactor its own schedulers back ({@link Schedulers#resetFactory}); the Rill-backed ones
     * are disposed (the engine stays open). Returns false if Rill was not installed.
     */
    public static boolean uninstall() {
        if (INSTALLED.getAndSet(null) == null) {
            return false;
        }
        Schedulers.resetFactory();
        return true;
    }

    /** The engine installed under Reactor, or null. */
    public static Engine installed() {
        return INSTALLED.get();
    }
}
