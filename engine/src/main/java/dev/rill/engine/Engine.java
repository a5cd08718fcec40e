package dev.rill.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jctools.queues.MpmcUnboundedXaddArrayQueue;
import org.jctools.queues.MpscUnboundedArrayQueue;

/**
 * Rill's runtime: a work-stealing pool of worker threads with per-worker run queues, a LIFO slot,
 * a lock-free global injection queue, throttled stealing and cooperative budgets (after Tokio's
 * multi-threaded scheduler), with a hierarchical timer wheel for every delay and a pool for
 * blocking work. It is a {@link Scheduler}, a {@link java.util.concurrent.Executor} and a
 * {@link ScheduledExecutorService}, so it can replace a {@code ScheduledThreadPoolExecutor}.
 *
 * <pre>{@code
 * try (Engine engine = Engine.builder().workers(4).name("app").build()) {
 *     engine.execute(() -> work());
 *     TimerHandle<?> t = engine.schedule(() -> onTimeout(), 250, TimeUnit.MILLISECONDS);
 *     engine.blocking().execute(() -> readFile());
 * }
 * }</pre>
 *
 * <p>Where work goes: a task submitted from one of this engine's threads goes to that thread's
 * LIFO slot and runs next (the task it displaces goes to the local ring); from any other thread it
 * goes to the global queue and one parked worker is woken if nobody is already searching; from one
 * of its blocking threads, to the return lane, which workers take before the global queue.
 *
 * <p>Timers: delayed and periodic tasks wait in a {@link TimerWheel} driven, one holder at a time,
 * by the timer thread ({@link TimerDriver}) or by a worker when that thread is late or a worker
 * watches the next deadline ({@link TimerParking}); when due they run on the workers, never on the
 * thread that drove the wheel.
 *
 * <p>Lifecycle: {@link #close()} stops intake ({@link RejectedExecutionException} from then on),
 * cancels timers that have not fired, lets queued work finish within {@link
 * Builder#closeTimeout(Duration)}, then stops what is left and joins every thread, the timer and
 * blocking threads included. {@link #shutdownNow()} stops at once and returns what never ran.
 *
 * <p>Threading: every public method may be called from any thread.
 */
public final class Engine extends AbstractExecutorService
        implements Scheduler, ScheduledExecutorService, AutoCloseable {

    private static final int RUNNING = 0;
    /** Intake closed and every in-flight external submission landed: workers may exit when dry. */
    private static final int SHUTDOWN = 1;
    /** Forced: workers exit after their current task and hand back their queues. */
    private static final int STOP = 2;
    private static final int TERMINATED = 3;

    private static final VarHandle RUN_STATE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RUN_STATE = l.findVarHandle(Engine.class, "runState", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final boolean common;
    private static final System.Logger LOG = System.getLogger(Engine.class.getName());

    /**
     * The one parked worker that wakes now and then to look for a task stranded in the slot of a
     * worker stuck in one long run (see {@code WorkerThread#reportStranded}); null when none does.
     */
    final AtomicReference<WorkerThread> strandedWatcher = new AtomicReference<>();
    private final Thread.UncaughtExceptionHandler errorHandler;
    /** The close timeout in nanoseconds, saturated: {@link Long#MAX_VALUE} waits as long as it takes. */
    private final long closeTimeoutNanos;

    final WorkerThread[] workers;
    final Idle idle;
    /** Tasks from outside the engine, and overflow batches from full local rings. */
    final MpmcUnboundedXaddArrayQueue<Object> global = new MpmcUnboundedXaddArrayQueue<>(1024, 4);
    /**
     * The return lane: tasks submitted by this engine's own blocking threads. They continue work
     * the engine already took in (a request back from its blocking call), so workers take them
     * before the global queue, whose tasks have not started: under overload a request that went to
     * the blocking pool would otherwise queue again behind everything that arrived meanwhile, and
     * time out there. The global queue cannot starve: every {@link WorkerThread#GLOBAL_INTERVAL}th
     * tick takes one task from the two in turn.
     */
    final MpmcUnboundedXaddArrayQueue<Object> returning = new MpmcUnboundedXaddArrayQueue<>(256, 2);

    /** External submissions: counted in and out, so shutdown knows when all accepted have landed. */
    private final IntakeGate intake = new IntakeGate();

    private volatile int runState; // read as a field (volatile), written through RUN_STATE

    private final AtomicInteger liveWorkers;
    private final CountDownLatch terminated = new CountDownLatch(1);
    /** What a forced stop took out of the queues; polled under its own monitor (several may collect). */
    private final MpscUnboundedArrayQueue<Object> neverRan = new MpscUnboundedArrayQueue<>(64);
    /**
     * The forced stop collected {@link #neverRan} and left: a worker that exits later (it was stuck
     * past the deadline) tells what it leaves behind itself. Dekker with the collector: a worker
     * offers (an atomic) then reads this; the collector writes it then polls again.
     */
    private volatile boolean abandoned;
    final TimerDriver timers;
    private final BlockingPool blocking;
    /**
     * The schedule delay of one submission in {@value DelaySampler#INTERVAL} (see {@link
     * DelaySampler}), or null if the builder switched sampling off.
     */
    final DelaySampler delays;
    /** Notices stuck workers; null when switched off. */
    private final Watchdog watchdog;
    private final String threadPrefix;
    private final int spareCap;
    private final AtomicInteger liveSpares = new AtomicInteger();
    private final AtomicInteger spareIds = new AtomicInteger();

    private Engine(Builder b, boolean common) {
        this.name = b.name;
        this.common = common;
        this.errorHandler = b.errorHandler != null ? b.errorHandler : Engine::printError;
        this.closeTimeoutNanos = Deadline.nanos(b.closeTimeout);
        this.delays = b.sampleScheduleDelay ? new DelaySampler() : null;
        this.idle = new Idle(b.workers);
        this.workers = new WorkerThread[b.workers];
        this.liveWorkers = new AtomicInteger(b.workers);
        String prefix = b.name.equals(Builder.DEFAULT_NAME) ? "rill-" : "rill-" + b.name + "-";
        this.timers = new TimerDriver(this, prefix + "timer"); // before the workers: each has a wheel fed by it
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new WorkerThread(this, i, prefix + "worker-" + i);
        }
        int blockingThreads = b.blockingThreads > 0 ? b.blockingThreads : 10 * Runtime.getRuntime().availableProcessors();
        this.blocking = new BlockingPool(this, prefix + "blocking-", blockingThreads, b.blockingQueueLimit,
                b.blockingKeepAlive);
        this.threadPrefix = prefix;
        this.spareCap = b.spareThreads >= 0 ? b.spareThreads : b.workers;
        this.watchdog = b.stuckThreshold.isZero() ? null : new Watchdog(this, b.stuckThreshold,
                b.stuckHook != null ? b.stuckHook : Engine::logStuck, prefix + "watchdog");
        for (WorkerThread w : workers) {
            w.start();
        }
        timers.start();
        if (watchdog != null) {
            watchdog.start();
        }
    }

    private static void logStuck(StuckWorker s) {
        LOG.log(System.Logger.Level.WARNING, s.toString());
    }

    /** A builder with defaults: one worker per available processor, named "rill". */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The shared engine, one worker per available processor, created on first use. Its threads are
     * daemons; it cannot be closed.
     *
     * <pre>{@code Engine.common().execute(() -> work());}</pre>
     */
    public static Engine common() {
        return CommonHolder.ENGINE;
    }

    /**
     * The engine whose worker is running the calling thread, or {@code null} off every engine. A
     * stage that finds its budget spent uses it to continue later as a {@link Task} on the same
     * engine.
     *
     * <pre>{@code Engine here = Engine.current();}</pre>
     */
    public static Engine current() {
        return of(Thread.currentThread());
    }

    /**
     * The engine whose worker {@code thread} is, or {@code null} for any other thread (the
     * blocking pool's included). Workers must never block: the Reactor and RxJava adapters use this
     * to mark them non-blocking, so those libraries' blocking calls fail fast on them.
     */
    public static Engine of(Thread thread) {
        return thread instanceof WorkerThread w ? w.engine : null;
    }

    private static final class CommonHolder {
        static final Engine ENGINE = new Engine(new Builder().name("common"), true);
    }

    /** The name given to the builder. */
    public String name() {
        return name;
    }

    /** Number of worker threads. */
    public int workerCount() {
        return workers.length;
    }

    // ------------------------------------------------------------------ submission

    /**
     * Runs {@code task} on the engine, without a handle and without allocating.
     *
     * @throws NullPointerException if {@code task} is null
     * @throws RejectedExecutionException if the engine is closed
     */
    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        submit0(task);
    }

    /**
     * Runs {@code task} on the engine; the returned handle stops it if it has not started.
     *
     * @throws NullPointerException if {@code task} is null
     * @throws RejectedExecutionException if the engine is closed
     */
    @Override
    public Cancellable schedule(Runnable task) {
        Objects.requireNonNull(task, "task");
        CancellableRunnable c = new CancellableRunnable(task);
        submit0(c);
        return c;
    }

    /**
     * A new ordered worker on this engine (see {@link Scheduler.Worker}).
     *
     * @throws RejectedExecutionException if the engine is closed
     */
    @Override
    public Scheduler.Worker createWorker() {
        if (runState != RUNNING) {
            throw closedError();
        }
        return new SerialWorker(this, timers);
    }

    /**
     * Runs {@code task} once, {@code delay} from now, on a worker. Never early; a delay of zero or
     * less runs it as soon as possible.
     *
     * <pre>{@code TimerHandle<?> t = engine.schedule(() -> onTimeout(), 250, TimeUnit.MILLISECONDS);}</pre>
     *
     * @throws NullPointerException if {@code task} or {@code unit} is null
     * @throws RejectedExecutionException if the engine is closed
     */
    @Override
    public TimerHandle<?> schedule(Runnable task, long delay, TimeUnit unit) {
        return submitTimed(ScheduledTask.oneShot(timers, null, task, null, delay, unit));
    }

    /**
     * Calls {@code callable} once, {@code delay} from now; the handle's {@code get()} returns its
     * result.
     *
     * @throws NullPointerException if {@code callable} or {@code unit} is null
     * @throws RejectedExecutionException if the engine is closed
     */
    @Override
    public <V> TimerHandle<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        Objects.requireNonNull(callable, "callable");
        return submitTimed(ScheduledTask.oneShot(timers, null, null, callable, delay, unit));
    }

    /**
     * Runs {@code task} after {@code initialDelay} and then every {@code period}, at a fixed rate
     * with no drift. A run that overruns makes the next start at once, with no pile-up; a run that
     * throws ends the periods and goes to the error handler.
     *
     * <pre>{@code engine.schedulePeriodically(tick, 0, 10, TimeUnit.MILLISECONDS);}</pre>
     *
     * @throws IllegalArgumentException if {@code period} is not positive
     * @throws NullPointerException if {@code task} or {@code unit} is null
     * @throws RejectedExecutionException if the engine is closed
     */
    @Override
    public TimerHandle<?> schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
        return submitTimed(ScheduledTask.periodic(timers, null, task, initialDelay, period, unit, true));
    }

    /** {@link ScheduledExecutorService}'s name for {@link #schedulePeriodically}. */
    @Override
    public TimerHandle<?> scheduleAtFixedRate(Runnable task, long initialDelay, long period, TimeUnit unit) {
        return schedulePeriodically(task, initialDelay, period, unit);
    }

    /**
     * Runs {@code task} after {@code initialDelay}, then again {@code delay} after each run ends.
     *
     * @throws IllegalArgumentException if {@code delay} is not positive
     */
    @Override
    public TimerHandle<?> scheduleWithFixedDelay(Runnable task, long initialDelay, long delay, TimeUnit unit) {
        return submitTimed(ScheduledTask.periodic(timers, null, task, initialDelay, delay, unit, false));
    }

    private <V> TimerHandle<V> submitTimed(ScheduledTask<V> t) {
        checkAccepting(t);
        if (t.isImmediate()) {
            execute(t);
        } else {
            timers.arm(t);
        }
        return t;
    }

    /**
     * Cancels every timer still waiting to come due whose task {@code which} accepts, and cancels
     * the task as well if it is a {@link Cancellable}. For code that disposes a group of delayed
     * tasks at once without keeping a list of them (Rill's Reactor and RxJava adapters when a
     * scheduler is disposed): the wheel already holds them all, so arming a timer stays free of
     * any bookkeeping. It visits every armed timer, so it is for rare events, not one per timer;
     * {@code which} runs while the wheel is held and must be quick. A timer armed while it runs
     * may be missed, and one that is already due runs or is cancelled by its own handle.
     *
     * @return how many timers it cancelled (0 once the engine is closed)
     * @throws NullPointerException if {@code which} is null
     */
    public int cancelTimers(Predicate<? super Runnable> which) {
        Objects.requireNonNull(which, "which");
        return timers.cancelIf(which);
    }

    /** The engine's monotonic clock (time since it started), in {@code unit}. */
    @Override
    public long now(TimeUnit unit) {
        return unit.convert(timers.nanoTime(), TimeUnit.NANOSECONDS);
    }

    /**
     * The pool for blocking work, so that workers never block: elastic up to a cap of threads
     * ({@link Builder#blockingThreads(int)}), idle threads leave after a keep-alive, tasks beyond
     * the cap queue up to a limit and are then rejected. It closes with the engine.
     *
     * <pre>{@code engine.blocking().execute(() -> readFile());}</pre>
     */
    public BlockingScheduler blocking() {
        return blocking;
    }

    /** Throws if the engine takes no more work; {@code task} is what the caller was about to queue. */
    void checkAccepting(Object task) {
        if (intake.isClosed()) {
            throw rejected(task);
        }
    }

    /** Queues a {@link Task} or a plain {@link Runnable}. */
    void submit(Task task) {
        submit0(task);
    }

    private void submit0(Object task) {
        Thread me = Thread.currentThread();
        if (me instanceof WorkerThread w && w.engine == this) {
            // One of our threads: it is alive and runs its own queue before it exits, so a plain
            // state check is enough here.
            if (runState != RUNNING) {
                throw rejected(task);
            }
            if (--w.sampleCountdown == 0) { // owner-only: a decrement per submission, no clock
                w.sampleCountdown = DelaySampler.INTERVAL;
                if (delays != null) {
                    delays.submitted(task);
                }
            }
            w.scheduleLocal(task);
            return;
        }
        // From outside: count ourselves in, so shutdown can wait until every accepted task has
        // landed in the queue before it lets workers exit; nothing accepted is ever stranded.
        if (!intake.enter()) {
            throw rejected(task);
        }
        // No per-thread state of ours out here: a thread-local random turn (DelaySampler).
        if (delays != null && DelaySampler.isOutsideTurn()) {
            delays.submitted(task); // before the offer: the task cannot start before it is sampled
        }
        if (me instanceof BlockingThread b && b.engine == this) {
            returning.offer(task);
        } else {
            global.offer(task);
        }
        intake.exit(); // an atomic add: also the StoreLoad barrier notifyOne would otherwise need
        idle.notifyOneRelaxed();
    }

    /** What a closed engine answers: its name, and that it takes no more tasks. */
    RejectedExecutionException closedError() {
        return new RejectedExecutionException("engine '" + name + "' is closed and takes no more tasks");
    }

    /** {@link #closedError()} for a submission of {@code task}, which a JFR recording is told of. */
    RejectedExecutionException rejected(Object task) {
        RejectedExecutionException e = closedError();
        RejectedTaskEvent.commit(name, task, e.getMessage());
        return e;
    }

    // ------------------------------------------------------------------ for the workers

    boolean mayExit() {
        return runState >= SHUTDOWN;
    }

    boolean isStopping() {
        return runState >= STOP;
    }

    boolean hasQueuedWork() {
        if (!global.isEmpty() || !returning.isEmpty()) {
            return true;
        }
        for (WorkerThread w : workers) {
            if (!w.stealer.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    void reportError(Thread thread, Throwable error) {
        try {
            errorHandler.uncaughtException(thread, error);
        } catch (Throwable handlerFailed) {
            handlerFailed.addSuppressed(error);
            printError(thread, handlerFailed);
        }
    }

    private static void printError(Thread thread, Throwable error) {
        System.err.println("[rill] task failed on " + thread.getName() + ":");
        error.printStackTrace();
    }

    // ------------------------------------------------------------------ stuck workers and spares

    /**
     * Runs {@code work}, which blocks (a JDBC call, a lock, a file read), right here without
     * stalling the engine, as Tokio's {@code block_in_place} does. On an engine worker, the
     * worker's queued tasks are first handed to the others, what the work schedules meanwhile goes
     * to them too, and a spare thread is started if no other worker is parked to take it; the
     * watchdog does not report the worker. On any other thread it simply runs {@code work}. Work
     * that can move belongs on {@link #blocking()} instead; this is for code that has to block
     * where it is (a callback that must return a value, say).
     *
     * @return what {@code work} returns
     * @throws Exception what {@code work} throws
     * @throws NullPointerException if {@code work} is null
     */
    public static <T> T blockInPlace(Callable<T> work) throws Exception {
        Objects.requireNonNull(work, "work");
        if (Thread.currentThread() instanceof WorkerThread w && !w.spare) {
            return w.blockInPlace(work);
        }
        return work.call();
    }

    /** Stuck-worker incidents the watchdog reported. */
    long stuckIncidents() {
        return watchdog == null ? 0 : watchdog.incidents();
    }

    /**
     * Every worker is stuck, or one is about to block in place with no other parked: if work is
     * waiting and the cap allows, a spare worker runs it (it leaves once it finds none).
     */
    void startSpareIfNeeded() {
        if (isStopping() || idle.unparkedCount() < workers.length || !hasWaitingWork()) {
            return; // a parked worker was (or will be) woken for the work
        }
        // Over the cap, or every worker has exited (the engine is terminating): give the place back.
        if (liveSpares.incrementAndGet() > spareCap || !joinLiveWorkers()) {
            liveSpares.decrementAndGet();
            return;
        }
        WorkerThread spare = new WorkerThread(this, -1, threadPrefix + "spare-" + spareIds.getAndIncrement(), true);
        spare.start();
    }

    /** Counts a spare among the live workers, so termination waits for it; false once none is left. */
    private boolean joinLiveWorkers() {
        for (;;) {
            int n = liveWorkers.get();
            if (n == 0) {
                return false;
            }
            if (liveWorkers.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    private boolean hasWaitingWork() {
        if (hasQueuedWork()) {
            return true;
        }
        for (WorkerThread w : workers) {
            if (w.lifo.isOccupied()) {
                return true;
            }
        }
        return false;
    }

    /** A spare left: it counted as a live worker, so it exits as one (it may be the last). */
    void spareExited(WorkerThread spare) {
        liveSpares.decrementAndGet();
        workerExited(spare);
    }

    void workerExited(WorkerThread w) {
        if (isStopping()) {
            w.drainUnrun(neverRan::offer);
        }
        boolean last = liveWorkers.decrementAndGet() == 0;
        if (last && isStopping()) {
            for (Object t; (t = returning.relaxedPoll()) != null; ) {
                neverRan.offer(t);
            }
            for (Object t; (t = global.relaxedPoll()) != null; ) {
                neverRan.offer(t);
            }
        }
        if (abandoned) { // we outlived the forced stop's deadline: nobody else will tell these
            RejectedExecutionException closed = closedError();
            for (Object t : takeNeverRan()) {
                Dropped.tell(t, closed, this);
            }
        }
        if (last) {
            if (watchdog != null) {
                watchdog.stop();
            }
            RUN_STATE.setVolatile(this, TERMINATED);
            terminated.countDown();
        }
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Stops intake; queued work still runs. Returns at once. Idempotent.
     *
     * @throws UnsupportedOperationException on {@link #common()}
     */
    @Override
    public void shutdown() {
        checkNotCommon();
        if (intake.close()) {
            intake.awaitNoneInFlight();
            stopTimers();
            RUN_STATE.compareAndSet(this, RUNNING, SHUTDOWN);
            for (WorkerThread w : workers) {
                w.nudge();
            }
        }
    }

    /**
     * Stops intake and the workers after their current task (interrupting them), and returns the
     * tasks that never ran. Waits up to the close timeout for the workers to stop. Work that can
     * be told is told instead of returned: a stream stage's {@link Task} or a {@link Rejectable}
     * hears {@code rejected}, so its stream ends with an error; plain tasks are returned.
     *
     * @throws UnsupportedOperationException on {@link #common()}
     */
    @Override
    public List<Runnable> shutdownNow() {
        List<Runnable> out = new ArrayList<>();
        RejectedExecutionException closed = closedError();
        for (Object t : stopNow(Deadline.after(closeTimeoutNanos))) {
            if (Dropped.canTell(t)) {
                Dropped.tell(t, closed, this);
            } else {
                out.add((Runnable) t);
            }
        }
        return out;
    }

    /** Stops the workers, waits for them until {@code deadline}; what never ran, tasks included. */
    private List<Object> stopNow(Deadline deadline) {
        shutdown();
        for (;;) {
            int s = runState;
            if (s >= STOP || RUN_STATE.compareAndSet(this, s, STOP)) {
                break;
            }
        }
        for (WorkerThread w : workers) {
            if (w != Thread.currentThread()) {
                w.interrupt();
            }
            w.nudge();
        }
        if (!isOwnThread()) {
            awaitQuietly(deadline.remainingNanos());
        }
        List<Object> out = takeNeverRan();
        abandoned = true; // then look again: a worker that offered before this write is collected here
        out.addAll(takeNeverRan());
        out.addAll(blocking.closeNow());
        return out;
    }

    private List<Object> takeNeverRan() {
        List<Object> out = new ArrayList<>();
        synchronized (neverRan) { // the queue has one consumer at a time
            for (Object t; (t = neverRan.poll()) != null; ) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * Closes the engine: stops intake, lets queued work finish within the close timeout, then
     * stops what is left and joins every worker thread (within one more close timeout, so a close
     * that had to stop work takes up to twice the timeout). Called from one of the engine's own threads
     * it only stops intake (a thread cannot wait for itself). Pending timers are dropped at once.
     * Nothing dropped is dropped silently: a stream stage's {@link Task} or timer, or any {@link
     * Rejectable}, hears {@code rejected} (its stream ends with {@code onError}), and a dropped
     * {@link java.util.concurrent.Future} is cancelled.
     *
     * @throws UnsupportedOperationException on {@link #common()}
     */
    @Override
    public void close() {
        shutdown();
        if (isOwnThread()) {
            return;
        }
        Deadline deadline = Deadline.after(closeTimeoutNanos); // one for the whole close
        if (!awaitQuietly(deadline.remainingNanos())) {
            RejectedExecutionException closed = closedError();
            for (Object t : stopNow(deadline)) {
                Dropped.tell(t, closed, this); // nobody gets these back: tell them, cancel futures
            }
            // The timeout went to the work; the threads, told to stop, get a grace of their own to
            // leave, or close would report live threads that were only a moment from exiting.
            deadline = Deadline.after(closeTimeoutNanos);
        }
        List<String> alive = new ArrayList<>();
        try {
            for (WorkerThread w : workers) {
                if (!deadline.join(w)) {
                    alive.add(w.getName());
                }
            }
            alive.addAll(blocking.close(deadline));
            if (!timers.stop(deadline)) {
                alive.add(timers.threadName());
            }
            if (watchdog != null && !watchdog.stop(deadline)) {
                alive.add(watchdog.threadName());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!alive.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "engine ''{0}'' closed after its close timeout with threads still "
                    + "running (stuck in a task that ignores interrupts?): {1}", name, alive);
        }
    }

    private void stopTimers() {
        try {
            Deadline deadline = Deadline.after(closeTimeoutNanos);
            timers.stop(deadline);
            if (watchdog != null) {
                watchdog.stop(deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean awaitQuietly(long nanos) {
        try {
            return terminated.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean isOwnThread() {
        return Thread.currentThread() instanceof WorkerThread w && w.engine == this;
    }

    private void checkNotCommon() {
        if (common) {
            throw new UnsupportedOperationException("Engine.common() is shared by the whole JVM and cannot be closed");
        }
    }

    @Override
    public boolean isShutdown() {
        return intake.isClosed();
    }

    @Override
    public boolean isTerminated() {
        return runState == TERMINATED && blocking.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        Deadline deadline = Deadline.after(Math.max(0, unit.toNanos(timeout))); // toNanos saturates
        if (!terminated.await(deadline.remainingNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        if (!blocking.isShutdown()) {
            blocking.close(deadline);
        }
        return blocking.awaitClosed(deadline.remainingNanos());
    }

    // ------------------------------------------------------------------ metrics

    /** A snapshot of the counters; never blocks the workers. */
    public EngineMetrics metrics() {
        List<WorkerMetrics> ws = new ArrayList<>(workers.length);
        for (WorkerThread w : workers) {
            ws.add(w.metrics());
        }
        return new EngineMetrics(name, ws, global.size() + returning.size(), idle.searchingCount(),
                workers.length - idle.unparkedCount(), timers.pending(), timers.fired(), timers.cancelled(),
                blocking.threads(), blocking.active(), blocking.queued(), timers.armed(),
                delays == null ? 0 : delays.samples(), delays == null ? 0 : delays.totalNanos(), stuckIncidents());
    }

    @Override
    public String toString() {
        return "Engine[" + name + ", " + workers.length + " workers]";
    }

    /**
     * Settings of a new {@link Engine}.
     *
     * <pre>{@code Engine e = Engine.builder().workers(2).name("io").build();}</pre>
     */
    public static final class Builder {

        static final String DEFAULT_NAME = "rill";

        private int workers = Runtime.getRuntime().availableProcessors();
        private String name = DEFAULT_NAME;
        private boolean sampleScheduleDelay = true;
        private Thread.UncaughtExceptionHandler errorHandler;
        private Duration closeTimeout = Duration.ofSeconds(10);
        private int blockingThreads;
        private int blockingQueueLimit = 100_000;
        private Duration blockingKeepAlive = Duration.ofSeconds(60);
        private Duration stuckThreshold = Duration.ofMillis(100);
        private Consumer<StuckWorker> stuckHook;
        private int spareThreads = -1;

        private Builder() {
        }

        /**
         * Most threads the blocking pool may have. Default: 10 × available processors.
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder blockingThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("blockingThreads must be positive, was " + threads);
            }
            this.blockingThreads = threads;
            return this;
        }

        /**
         * How many tasks may wait for a blocking thread before new ones are rejected. Default 100,000.
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder blockingQueueLimit(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("blockingQueueLimit must be positive, was " + limit);
            }
            this.blockingQueueLimit = limit;
            return this;
        }

        /**
         * How long an idle blocking thread stays before it leaves. Default 60 s.
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder blockingKeepAlive(Duration keepAlive) {
            Objects.requireNonNull(keepAlive, "keepAlive");
            if (keepAlive.isNegative() || keepAlive.isZero()) {
                throw new IllegalArgumentException("blockingKeepAlive must be positive, was " + keepAlive);
            }
            this.blockingKeepAlive = keepAlive;
            return this;
        }

        /**
         * Number of worker threads, 1 to 32767. Default: available processors.
         *
         * @throws IllegalArgumentException if out of range
         */
        public Builder workers(int workers) {
            if (workers < 1 || workers > Idle.MAX_WORKERS) {
                throw new IllegalArgumentException("workers must be in 1.." + Idle.MAX_WORKERS + ", was " + workers);
            }
            this.workers = workers;
            return this;
        }

        /**
         * Name of the engine; threads are called {@code rill-<name>-worker-<i>}.
         *
         * @throws NullPointerException if null
         * @throws IllegalArgumentException if blank
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name;
            return this;
        }

        /**
         * Where exceptions thrown by tasks go. Default: printed to stderr with the thread's name.
         * The worker carries on either way.
         *
         * @throws NullPointerException if null
         */
        public Builder onError(Thread.UncaughtExceptionHandler handler) {
            this.errorHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * How long {@link Engine#close()} may take in all: queued work finishes within it, then
         * what is left is stopped and the threads are joined, all before the same deadline. A
         * duration too long to count in nanoseconds (such as {@code ChronoUnit.FOREVER}) waits as
         * long as it takes. Default 10 s.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder closeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("closeTimeout must not be negative, was " + timeout);
            }
            this.closeTimeout = timeout;
            return this;
        }

        /**
         * How long a worker may stay in one task run before the engine reports it stuck (to {@link
         * #onStuckWorker}) and, if every worker is stuck, starts spare threads so queued work goes
         * on. Default 100 ms; {@link Duration#ZERO} switches the watchdog off.
         *
         * @throws IllegalArgumentException if negative, or positive but under 1 ms
         */
        public Builder stuckWorkerThreshold(Duration threshold) {
            Objects.requireNonNull(threshold, "threshold");
            if (threshold.isNegative() || (!threshold.isZero() && threshold.toNanos() < 1_000_000L)) {
                throw new IllegalArgumentException("stuckWorkerThreshold must be zero (off) or at least 1 ms, was "
                        + threshold);
            }
            this.stuckThreshold = threshold;
            return this;
        }

        /**
         * Told once per incident when a worker is stuck ({@link #stuckWorkerThreshold}), on the
         * watchdog's thread: keep it short. Default: a warning with the stack on the platform
         * logger ({@code System.getLogger("dev.rill.engine.Engine")}).
         *
         * @throws NullPointerException if null
         */
        public Builder onStuckWorker(Consumer<StuckWorker> hook) {
            this.stuckHook = Objects.requireNonNull(hook, "hook");
            return this;
        }

        /**
         * Most spare threads that may run queued work at once while every worker is stuck or in
         * {@link Engine#blockInPlace}. Default: the number of workers; 0 never starts one.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder spareThreads(int spares) {
            if (spares < 0) {
                throw new IllegalArgumentException("spareThreads must not be negative, was " + spares);
            }
            this.spareThreads = spares;
            return this;
        }

        /**
         * Whether the engine measures the schedule delay (submit to start) of one task in 1,024,
         * for {@link EngineMetrics#scheduleDelaySamples()} and the
         * Micrometer binder's timer. Default on; off spares each task run a read of the sample's
         * slot and leaves those metrics at zero.
         */
        public Builder scheduleDelaySampling(boolean on) {
            this.sampleScheduleDelay = on;
            return this;
        }

        /** Starts the worker threads and returns the engine. */
        public Engine build() {
            return new Engine(this, false);
        }
    }
}
