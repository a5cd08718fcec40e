package dev.rill.engine.rxjava;

import dev.rill.engine.BlockingScheduler;
import dev.rill.engine.Engine;
import dev.rill.engine.adapter.RailScheduler;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.functions.BooleanSupplier;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Rill under RxJava 3: an RxJava {@link Scheduler} backed by an {@link Engine}, and a one-line
 * switch of RxJava's standard schedulers to it.
 *
 * <pre>{@code
 * Scheduler rx = RillRx.scheduler(engine);   // for observeOn, subscribeOn, timeout, ...
 * RillRx.install(engine);                    // computation(), single(), io(), newThread() run on Rill
 * RillRx.uninstall();                        // RxJava's own schedulers again
 * }</pre>
 *
 * <p>After {@link #install}: {@code computation()} runs on the engine's workers; {@code single()}
 * on one serial worker (its tasks never overlap, as on RxJava's single thread); {@code io()} and
 * {@code newThread()} on the engine's blocking pool, one ordered worker per RxJava worker. The
 * engine's workers count as RxJava's non-blocking threads: with {@code
 * RxJavaPlugins.setFailOnNonBlockingScheduler(true)} a blocking call on them fails fast.
 *
 * <p>Threading: every method from any thread; {@code install}/{@code uninstall} are meant for
 * application start-up and shut-down.
 */
public final class RillRx {

    private static final AtomicReference<Installed> INSTALLED = new AtomicReference<>();

    private record Installed(Engine engine, List<Scheduler> schedulers, List<Scheduler> originals,
                             BooleanSupplier previousOnBeforeBlocking) {
    }

    private RillRx() {
    }

    /**
     * An RxJava scheduler on {@code engine}'s workers, like {@code Schedulers.computation()}.
     * Shutting it down does not close the engine.
     *
     * <pre>{@code Flowable.range(0, 1000).observeOn(RillRx.scheduler(engine))}</pre>
     */
    public static Scheduler scheduler(Engine engine) {
        Objects.requireNonNull(engine, "engine");
        return new RxScheduler("rill-computation(" + engine.name() + ")", engine, engine, engine::createWorker);
    }

    /** Like {@code Schedulers.single()}: every task, its workers' included, one at a time, in order. */
    public static Scheduler single(Engine engine) {
        RailScheduler single = RailScheduler.single(Objects.requireNonNull(engine, "engine"));
        return new RxScheduler("rill-single(" + engine.name() + ")", engine, single, single::createWorker);
    }

    /** Like {@code Schedulers.io()}: blocking work on the engine's blocking pool. */
    public static Scheduler io(Engine engine) {
        BlockingScheduler blocking = Objects.requireNonNull(engine, "engine").blocking();
        return new RxScheduler("rill-io(" + engine.name() + ")", engine, blocking, blocking::createWorker);
    }

    /**
     * Makes RxJava's {@code computation()}, {@code single()}, {@code io()} and {@code newThread()}
     * run on {@code engine}, through {@link RxJavaPlugins}' scheduler handlers.
     *
     * @throws IllegalStateException if Rill is already installed, the engine is closed, or
     *         RxJavaPlugins is locked down
     */
    public static void install(Engine engine) {
        Objects.requireNonNull(engine, "engine");
        if (engine.isShutdown()) {
            throw new IllegalStateException("engine '" + engine.name() + "' is closed: cannot install it under RxJava");
        }
        if (RxJavaPlugins.isLockdown()) {
            throw new IllegalStateException("RxJavaPlugins is locked down: cannot install Rill under RxJava");
        }
        Scheduler computation = scheduler(engine);
        Scheduler single = single(engine);
        Scheduler io = io(engine);
        Scheduler newThread = new RxScheduler("rill-newThread(" + engine.name() + ")", engine, engine.blocking(),
                engine.blocking()::createWorker);
        BooleanSupplier previous = RxJavaPlugins.getOnBeforeBlocking();
        List<Scheduler> originals = List.of(Schedulers.computation(), Schedulers.single(), Schedulers.io(),
                Schedulers.newThread());
        if (!INSTALLED.compareAndSet(null, new Installed(engine, List.of(computation, single, io, newThread), originals,
                previous))) {
            throw new IllegalStateException("Rill is already installed under RxJava (engine '"
                    + INSTALLED.get().engine().name() + "'); call RillRx.uninstall() first");
        }
        RxJavaPlugins.setComputationSchedulerHandler(s -> computation);
        RxJavaPlugins.setSingleSchedulerHandler(s -> single);
        RxJavaPlugins.setIoSchedulerHandler(s -> io);
        RxJavaPlugins.setNewThreadSchedulerHandler(s -> newThread);
        // RxJava's computation and single threads are its NonBlockingThreads: with
        // setFailOnNonBlockingScheduler(true) its blocking calls fail on them. Ours are the engine's
        // workers (not the blocking pool), marked through the hook RxJava asks before it blocks.
        RxJavaPlugins.setOnBeforeBlocking(() -> Engine.current() != null
                || (previous != null && previous.getAsBoolean()));
        // RxJava's own schedulers would keep their threads while nothing can reach them any more
        // (Schedulers.shutdown() now reaches ours): stop them, and start them again at uninstall.
        originals.forEach(Scheduler::shutdown);
    }

    /**
     * Gives RxJava its own schedulers back; the Rill-backed ones are shut down (the engine stays
     * open). Returns false if Rill was not installed.
     */
    public static boolean uninstall() {
        Installed i = INSTALLED.getAndSet(null);
        if (i == null) {
            return false;
        }
        RxJavaPlugins.setComputationSchedulerHandler(null);
        RxJavaPlugins.setSingleSchedulerHandler(null);
        RxJavaPlugins.setIoSchedulerHandler(null);
        RxJavaPlugins.setNewThreadSchedulerHandler(null);
        RxJavaPlugins.setOnBeforeBlocking(i.previousOnBeforeBlocking());
        i.schedulers().forEach(Scheduler::shutdown);
        i.originals().forEach(Scheduler::start);
        return true;
    }

    /** The engine installed under RxJava, or null. */
    public static Engine installed() {
        Installed i = INSTALLED.get();
        return i == null ? null : i.engine();
    }
}
