package dev.rill.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One engine thread and its local state: the run queue, the LIFO slot, the budget, the counters.
 *
 * <p>The loop, after Tokio's multi-threaded scheduler:
 * <ol>
 *   <li>every few ticks take from the shared queues first, so they cannot starve (at most
 *       every {@value #GLOBAL_INTERVAL}th tick, more often when tasks are long: see
 *       {@link #tuneGlobalInterval()} and {@link #pullAtInterval()});</li>
 *   <li>else the LIFO slot (at most {@value #MAX_LIFO_RUNS} in a row), then the local ring, then
 *       one task the blocking pool handed back (the return lane, {@link Engine#returning}), then a
 *       batch from the global queue;</li>
 *   <li>out of work: steal half of a random victim's ring, if fewer than half the workers search;</li>
 *   <li>still nothing: park, after announcing it and looking once more (see {@link Idle}).</li>
 * </ol>
 * At the global-queue tick (it reads the clock there anyway) and before parking, the worker also
 * fires the due timers of its own wheel ({@link WorkerTimers}); what fires joins the back of the
 * ring.
 *
 * <p>Threading: everything here is touched only by this thread except {@link #stealer} (stolen from),
 * {@link #wake()} (any thread) and the metric counters (read racily by {@link Engine#metrics()}).
 */
final class WorkerThread extends Thread implements Sleeper {

    /** Most ticks between two looks at the global queue. */
    static final int GLOBAL_INTERVAL = 61;
    static final int MIN_GLOBAL_INTERVAL = 2;
    static final long GLOBAL_TARGET_NANOS = 200_000;
    static final int MAX_LIFO_RUNS = 3;
    /** First look for a task stranded in a stuck worker's slot, after this worker parked. */
    static final long MIN_STRANDED_WATCH_NANOS = 25_000L;
    /** Longest wait between two such looks while another worker keeps a task in its slot. */
    static final long MAX_STRANDED_WATCH_NANOS = 1_000_000L;

    private static final VarHandle WOKEN;
    private static final VarHandle STRANDED;

    static {
        try {
            WOKEN = MethodHandles.lookup().findVarHandle(WorkerThread.class, "woken", boolean.class);
            STRANDED = MethodHandles.lookup().findVarHandle(WorkerThread.class, "strandedAt", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Engine engine;
    final int index;
    /** A spare started while every worker was stuck: not in the engine's array, gone once idle. */
    final boolean spare;
    /** Owner-only; other workers reach it only through {@link #stealer}. */
    private final LocalQueue queue = new LocalQueue();
    /** Timers armed by tasks on this worker (null on a spare, which arms through the shared wheel). */
    final WorkerTimers localTimers;
    /** What other workers may do with our queue: steal from it, look at its length. */
    final Stealer stealer = queue;

    /**
     * The task that runs next, set by the task that is running. Filling it wakes nobody; another
     * worker takes it only once this worker has been stuck in one run for a while
     * ({@link #reportStranded}).
     */
    final LifoSlot lifo = new LifoSlot();
    private int lifoRunsInARow;

    /** Owner-only: other workers' run counts at this worker's last look (see {@link #reportStranded}). */
    private long[] seenRuns;
    /** Owner-only: how long to watch for a stranded slot next; doubles while nothing is found. */
    private long strandedWatchNanos = MIN_STRANDED_WATCH_NANOS;

    /** Owner-only: the Task being run now, and whether it asked to run again (a yield). */
    Task running;
    boolean yieldRequested;

    /** Owner-only: the budget of the current run. */
    private final Coop coop = new Coop(this);
    private boolean searching;
    private int tick;
    private int globalInterval = GLOBAL_INTERVAL;
    /** Whether this interval looks at the return lane before the global queue. */
    private boolean returnTurn;
    private long lastGlobalCheck = System.nanoTime();
    private int rng;

    /** Set by a waker before it unparks us; cleared by us. */
    @SuppressWarnings("unused")
    private volatile boolean woken;
    /**
     * Set by a parked worker that saw us stuck in one run with a task in our slot: our run count
     * then, plus one (0: never). A searcher takes the slot only while that run is still going.
     * Release/acquire: only a hint (the slot's own protocol decides who gets the task), ordered
     * so the searcher woken by the marker's notifyOne sees it.
     */
    @SuppressWarnings("unused")
    private volatile long strandedAt;

    // Metrics: each written only by this thread with plain stores and read racily by
    // Engine.metrics(): a snapshot may lag by a few increments, never stop us. Plain longs may tear
    // where the JVM does not write them atomically (JLS 17.7); 64-bit HotSpot does, and a metric
    // is not worth a fence per task elsewhere.
    long tasksRun;
    /** Runs ended; with {@link #tasksRun} tells the {@link Watchdog} whether a run is in progress. */
    long tasksDone;
    /**
     * Fresh budgets granted inside a run because nobody waited ({@link Coop}): the {@link Watchdog}
     * counts them as progress, since such a run gives the worker back as soon as anything waits.
     */
    long refills;
    /** The task of the current run (null between runs), for the {@link Watchdog}'s report; written plain. */
    Object current;
    /**
     * Owner-written, read racily by the {@link Watchdog}: the running task declared that it blocks
     * ({@link Engine#blockInPlace}); what it schedules meanwhile goes to the global queue.
     */
    boolean blockingInPlace;
    long stealOps;
    long stolenTasks;
    long parks;
    long lifoRuns;
    long budgetYields;
    long overflows;
    /** Owner-only: submissions from this thread until the next one whose delay is sampled. */
    int sampleCountdown = DelaySampler.INTERVAL;
    /** The engine's sampler, held here so the check each run makes is one load shorter. */
    private final DelaySampler delays;
    /** Time busy: the clock is read as the worker parks and wakes, not per task. */
    final BusyClock busyClock = new BusyClock();

    WorkerThread(Engine engine, int index, String name) {
        this(engine, index, name, false);
    }

    WorkerThread(Engine engine, int index, String name, boolean spare) {
        super(null, null, name, 0, false);
        this.engine = engine;
        this.index = index;
        this.delays = engine.delays;
        this.spare = spare;
        this.localTimers = spare ? null : new WorkerTimers(this, engine.timers, this::fireTimer);
        this.rng = (index + 1) * 0x9E3779B9;
        setDaemon(true);
        // Errors that end this thread, and those stages report for it, go to the engine's handler.
        setUncaughtExceptionHandler(engine::reportError);
    }

    // ---------------------------------------------------------------- budget (see Coop)

    boolean consumeBudget() {
        return coop.claim(1) != 0;
    }

    int claimBudget(int want) {
        return coop.claim(want);
    }

    /**
     * No task is waiting for this worker: its LIFO slot, its ring and the global queue are empty,
     * and the engine is not stopping. Racy reads (a task may arrive just after): whatever arrives
     * is seen at the next check, one budget later.
     */
    boolean nobodyWaiting() {
        return !lifo.isOccupied() && queue.isEmpty() && engine.global.isEmpty() && engine.returning.isEmpty()
                && !engine.isStopping();
    }

    int remainingBudget() {
        return coop.remaining();
    }

    /**
     * Owner, from a refill in a run that keeps its worker: fires what is due on the shared wheel
     * if the timer thread is late ({@link TimerParking#assist}) and on this worker's own wheel,
     * into this worker's queue, so the run then yields to it. A run that keeps getting fresh
     * budgets never comes back to the loop's maintenance tick, and the timer thread would take the
     * worker's wheel over only {@link WorkerTimers#LATE_TICKS} after the deadline. One clock
     * reading serves both wheels, and none is taken while neither holds a deadline.
     */
    void fireDueTimersInRun() {
        TimerParking parking = engine.timers.parking;
        boolean shared = parking.hasDeadline();
        WorkerTimers own = localTimers;
        long ownNext = own == null ? Long.MAX_VALUE : own.ownerNextTick();
        if (!shared && ownNext == Long.MAX_VALUE) {
            return;
        }
        long now = System.nanoTime();
        if (shared) {
            parking.assist(now);
        }
        long nowTick = TimerHost.ticksFloor(engine.timers.sinceEpoch(now));
        if (nowTick >= ownNext) {
            own.advance(nowTick);
        }
    }

    // ---------------------------------------------------------------- scheduling from this thread

    /**
     * A task scheduled by the running task: it runs next; the one it displaces goes to the ring.
     * Unless the running task has spent its budget: then whatever it wakes (typically the
     * continuation of a drain that just yielded) waits its turn at the back, like the yielding
     * task itself would, or the yield would only hand the worker to the same stream again.
     */
    void scheduleLocal(Object task) {
        if (blockingInPlace) {
            engine.global.offer(task); // not behind a run that blocks: anyone may take it
            engine.idle.notifyOne();
            return;
        }
        if (coop.isSpent()) {
            pushBack(task);
            return;
        }
        Object prev = lifo.put(task);
        if (prev != null) {
            pushBack(prev);
        }
    }

    /**
     * Owner, holding its wheel: a timer of ours is due. An engine task goes to the back of our ring
     * (a timer's task does not jump the queue); a task of an ordered worker goes to that worker.
     */
    private void fireTimer(ScheduledTask<?> t) {
        t.wheelState = TimerEntry.GONE;
        SerialWorker worker = t.worker();
        if (worker == null) {
            pushBack(t);
            return;
        }
        try {
            worker.enqueueTimed(t);
        } catch (RejectedExecutionException closed) {
            Dropped.tell(t, closed, engine);
        }
    }

    /** Back of the ring (displaced tasks), then tell the idle workers. */
    void pushBack(Object task) {
        if (queue.push(task, engine.global)) {
            overflows++;
        }
        engine.idle.notifyOne();
    }

    /**
     * A task that was woken during its own run goes to the back of the ring. We are awake and run
     * our ring before we ever park, so the task cannot be stranded; waking a helper is only for
     * parallelism, and a racy look at the idle state (no fence) is good enough for that.
     */
    private void pushYield(Task task) {
        if (queue.push(task, engine.global)) {
            overflows++;
        }
        if (queue.len() > 1) {
            engine.idle.notifyOneRelaxed();
        }
    }

    // ---------------------------------------------------------------- the loop

    @Override
    public void run() {
        if (spare) {
            try {
                spareLoop();
            } finally {
                engine.spareExited(this);
            }
            return;
        }
        try {
            loop();
        } finally {
            localTimers.ownerExits(); // what our tasks buffered goes to the wheel, for the timer thread
            busyClock.idle(); // from now on, for good
            engine.workerExited(this);
        }
    }

    /**
     * A spare's loop: its own queue, then what the stuck workers hold (rings, marked slots) and
     * the global queue; it ends as soon as it finds nothing. It never parks and never joins the
     * idle protocol: it is not one of the workers that protocol counts.
     */
    private void spareLoop() {
        while (!engine.isStopping()) {
            Object task = nextTask();
            if (task == null) {
                task = stealRound();
            }
            if (task == null) {
                return;
            }
            runTask(task);
            clearStrayInterrupt();
        }
    }

    private void loop() {
        while (!engine.isStopping()) {
            Object task = nextTask();
            if (task == null) {
                task = stealWork();
            }
            if (task == null) {
                if (engine.mayExit()) {
                    if (searching) {
                        searching = false;
                        engine.idle.transitionFromSearching();
                    }
                    return;
                }
                busyClock.idle();
                park();
                busyClock.busy();
                continue;
            }
            if (searching) {
                searching = false;
                if (engine.idle.transitionFromSearching()) {
                    engine.idle.notifyOne();
                }
            }
            runTask(task);
            clearStrayInterrupt();
        }
    }

    /** Tasks stolen by others or run later shouldn't see an interrupt meant for the one that ran. */
    private void clearStrayInterrupt() {
        if (isInterrupted() && !engine.isStopping()) {
            Thread.interrupted();
        }
    }

    private Object nextTask() {
        if (++tick >= globalInterval) {
            tick = 0;
            tuneGlobalInterval();
            if (localTimers != null) {
                localTimers.advance(TimerHost.ticksFloor(engine.timers.sinceEpoch(lastGlobalCheck)));
            }
            engine.timers.parking.assist(lastGlobalCheck); // fire due timers if the timer thread is late
            Object g = pullAtInterval();
            if (g != null) {
                return g;
            }
        }
        Object l = lifo.take();
        if (l != null) {
            if (lifoRunsInARow < MAX_LIFO_RUNS) {
                lifoRunsInARow++;
                lifoRuns++;
                return l;
            }
            // Two tasks waking each other must not starve the ring: this one waits its turn.
            pushBack(l);
        }
        lifoRunsInARow = 0;
        Object t = queue.pop();
        if (t != null) {
            return t;
        }
        return pullWhenDry();
    }

    /**
     * After Tokio's self-tuning interval: aim to look at the global queue every {@value
     * #GLOBAL_TARGET_NANOS} ns whatever the tasks' length, measured once per interval (one clock
     * read per interval, not per task). Short tasks give the cap of {@value #GLOBAL_INTERVAL}
     * ticks; budget-long runs of tens of microseconds give a few ticks.
     */
    private void tuneGlobalInterval() {
        long now = System.nanoTime();
        long perTask = (now - lastGlobalCheck) / Math.max(1, globalInterval);
        lastGlobalCheck = now;
        int next = perTask <= 0 ? GLOBAL_INTERVAL : (int) Math.min(GLOBAL_INTERVAL, GLOBAL_TARGET_NANOS / perTask);
        globalInterval = Math.max(MIN_GLOBAL_INTERVAL, next);
    }

    /**
     * The interval's look at the shared queues: the return lane and the global queue in turn (the
     * other if the one whose turn it is is empty), so neither starves the other nor the ring. From
     * a backlog (more than half a ring queued) one task, as Tokio's workers take: under overload a
     * batch of new work at every interval queued the requests already taken in (back from the
     * blocking pool, or between their hops) behind ever more new ones, and they timed out there
     * (bench/README.md, capacity); new work then comes in batches only when the ring runs dry
     * ({@link #pullWhenDry()}). A shorter queue is a burst, not a backlog, and is taken in a batch
     * ({@link #pullGlobalBatch()}): one task per interval dealt neighbouring tasks of a burst to
     * different workers, whose writes to objects allocated side by side then shared cache lines
     * (bench/README.md, runtime: a burst of yielding tasks).
     */
    private Object pullAtInterval() {
        returnTurn = !returnTurn;
        if (returnTurn) {
            Object r = engine.returning.relaxedPoll();
            return r != null ? r : pullGlobalAtInterval();
        }
        Object g = pullGlobalAtInterval();
        return g != null ? g : engine.returning.relaxedPoll();
    }

    /** A batch from a burst, one task from a backlog (see {@link #pullAtInterval()}). */
    private Object pullGlobalAtInterval() {
        return pullGlobal(LocalQueue.HALF);
    }

    /** The ring ran dry: one task the blocking pool handed back, else a batch of the global queue. */
    private Object pullWhenDry() {
        Object r = engine.returning.relaxedPoll();
        return r != null ? r : pullGlobalBatch();
    }

    /** Takes a fair share of the global queue into the ring and returns the first task. */
    private Object pullGlobalBatch() {
        return pullGlobal(Integer.MAX_VALUE);
    }

    /**
     * The global queue's first task, and a fair share of the rest into the ring unless at least
     * {@code backlog} remain. An empty queue costs one poll and no size read.
     */
    private Object pullGlobal(int backlog) {
        Object first = engine.global.relaxedPoll();
        if (first == null) {
            return null;
        }
        int left = engine.global.size();
        if (left >= backlog) {
            return first;
        }
        int want = Math.min(left / engine.workerCount() + 1, LocalQueue.HALF);
        want = Math.min(want, queue.remainingSlots());
        for (int i = 1; i < want; i++) {
            Object o = engine.global.relaxedPoll();
            if (o == null) {
                break;
            }
            queue.push(o, engine.global);
        }
        return first;
    }

    private Object stealWork() {
        if (!searching) {
            if (!engine.idle.tryTransitionToSearching()) {
                return null;
            }
            searching = true;
        }
        return stealRound();
    }

    /**
     * Half of another worker's ring (the first from a random start that has any), else a batch
     * of the global queue, else a task in the slot of a worker marked stuck.
     */
    private Object stealRound() {
        WorkerThread[] all = engine.workers;
        int n = all.length;
        int start = nextRandom(n);
        for (int i = 0; i < n; i++) {
            WorkerThread victim = all[(start + i) % n];
            if (victim == this) {
                continue;
            }
            Object t = victim.stealer.stealInto(queue);
            if (t != null) {
                stealOps++;
                stolenTasks += queue.lastSteal();
                return t;
            }
        }
        Object g = pullWhenDry();
        return g != null ? g : stealMarked();
    }

    private int nextRandom(int bound) {
        int x = rng; // xorshift32
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        rng = x;
        return (int) ((x & 0xFFFF_FFFFL) % bound);
    }

    void runTask(Object task) {
        current = task;
        tasksRun++;
        if (delays != null) { // null when the engine does not sample schedule delays
            delays.ran(task);
        }
        coop.startRun();
        try {
            if (task instanceof Task t) {
                if (t.runOnce(this)) {
                    pushYield(t); // woken during its run: a yield goes behind the waiting tasks
                }
            } else {
                try {
                    ((Runnable) task).run();
                } catch (Throwable e) {
                    engine.reportError(this, e);
                }
            }
        } finally {
            current = null; // a finished stage must not stay reachable from an idle worker (§3.13)
            tasksDone++;
        }
    }

    /**
     * Owner: runs {@code work}, which blocks, after handing this worker's queued tasks to the
     * global queue so others run them meanwhile (and a spare is started if no other worker can).
     */
    <T> T blockInPlace(Callable<T> work) throws Exception {
        if (blockingInPlace) {
            return work.call(); // nested: already handed off
        }
        Object l = lifo.take();
        if (l != null) {
            engine.global.offer(l);
        }
        for (Object t; (t = queue.pop()) != null; ) {
            engine.global.offer(t);
        }
        blockingInPlace = true;
        engine.idle.notifyOne();
        engine.startSpareIfNeeded();
        try {
            return work.call();
        } finally {
            blockingInPlace = false;
        }
    }

    private void park() {
        if (localTimers.beforePark()) {
            return; // our own timers fired into our queue: work, not sleep
        }
        try {
            parkOrWatch();
        } finally {
            localTimers.advance(TimerHost.ticksFloor(engine.timers.nanoTime())); // awake: our grace again
        }
    }

    private void parkOrWatch() {
        if (engine.timers.parking.watch(this)) {
            return;
        }
        boolean wasSearching = searching;
        searching = false;
        engine.idle.transitionToParked(this, wasSearching);
        parks++;
        // The last look (see Idle): work that arrived while we were counting ourselves out.
        if (engine.hasQueuedWork()) {
            engine.idle.notifyOne(); // may well pop and wake us
        }
        long watch = strandedWatch();
        while (!(boolean) WOKEN.getVolatile(this)) {
            if (engine.mayExit() || engine.isStopping()) {
                engine.strandedWatcher.compareAndSet(this, null);
                return;
            }
            Thread.interrupted(); // a pending interrupt would make park return at once, forever
            if (watch == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else {
                long start = System.nanoTime();
                LockSupport.parkNanos(this, watch);
                // Only after the full interval: a worker seen in one run for less is busy, not stuck.
                if (System.nanoTime() - start >= watch && !(boolean) WOKEN.getVolatile(this)) {
                    watch = reportStranded();
                }
            }
        }
        engine.strandedWatcher.compareAndSet(this, null);
        WOKEN.setVolatile(this, false);
        searching = true; // the waker counted us as a searcher
    }

    // ---------------------------------------------------------------- stranded slots

    /**
     * Parking: how long to sleep before looking for a task stranded in the slot of a worker stuck
     * in one long run, or {@link Long#MAX_VALUE} to sleep until woken. One parked worker at a time
     * watches ({@link Engine#strandedWatcher}), and only while another worker is awake: with every
     * worker parked nobody can be stuck. The others' run counts are recorded here for
     * {@link #reportStranded} to compare against.
     */
    private long strandedWatch() {
        if (engine.idle.unparkedCount() == 0 || !engine.strandedWatcher.compareAndSet(null, this)) {
            return Long.MAX_VALUE;
        }
        WorkerThread[] all = engine.workers;
        if (seenRuns == null) {
            seenRuns = new long[all.length];
        }
        for (int i = 0; i < all.length; i++) {
            seenRuns[i] = all[i].tasksRun; // racy: a plain long written by its owner
        }
        strandedWatchNanos = MIN_STRANDED_WATCH_NANOS;
        return strandedWatchNanos;
    }

    /**
     * Parked and watching, after a full interval: a worker that holds a task in its slot and has
     * not started a single run since the last look is stuck in one run, and would only get to the
     * task after it. Mark it and wake a worker through the usual protocol ({@link Idle#notifyOne},
     * which may pick this one); the woken searcher takes marked slots on its last pass
     * ({@link #stealMarked}). A worker that ran anything meanwhile keeps its slot: it is busy, not
     * stuck, and the task is hot there. Returns the next interval: the shortest while a worker is
     * awake in one long run (a task it spawns would be stranded), doubled up to
     * {@value #MAX_STRANDED_WATCH_NANOS} while every awake worker makes progress; none once every
     * other worker is parked (the watch is handed back).
     */
    private long reportStranded() {
        WorkerThread[] all = engine.workers;
        boolean found = false;
        int stillOthers = 0;
        for (int i = 0; i < all.length; i++) {
            WorkerThread w = all[i];
            long runs = w.tasksRun;
            if (w != this && runs == seenRuns[i]) {
                stillOthers++;
                if (w.lifo.isOccupied()) {
                    STRANDED.setRelease(w, runs + 1);
                    found = true;
                }
            }
            seenRuns[i] = runs;
        }
        int unparked = engine.idle.unparkedCount();
        // Others that started no run are parked, or awake in one long run. More of them than the
        // other parked workers means someone is in a long run: a task it spawns now would wait
        // behind it, so look again soon. Otherwise everyone awake makes progress and takes its
        // own slot next: back off (the wake-ups cost a core only while that long run lasts).
        boolean longRun = stillOthers > all.length - unparked - 1;
        if (found) {
            engine.idle.notifyOne();
        }
        strandedWatchNanos = found || longRun ? MIN_STRANDED_WATCH_NANOS
                : Math.min(MAX_STRANDED_WATCH_NANOS, strandedWatchNanos * 2);
        if (unparked == 0) {
            engine.strandedWatcher.compareAndSet(this, null);
            return Long.MAX_VALUE;
        }
        return strandedWatchNanos;
    }

    /**
     * A searcher's last pass, when rings and the global queue gave nothing: the task of a worker
     * marked stuck by {@link #reportStranded}, taken from its slot if that worker is still in the
     * run it was seen stuck in (a mark outlives the run it was about).
     */
    private Object stealMarked() {
        for (WorkerThread w : engine.workers) {
            long at = (long) STRANDED.getAcquire(w);
            if (w != this && at != 0 && at == w.tasksRun + 1) {
                Object t = w.lifo.steal();
                if (t != null) {
                    stealOps++;
                    stolenTasks++;
                    return t;
                }
            }
        }
        return null;
    }

    /**
     * The {@link Watchdog} saw this worker stuck in run number {@code runs}: its slot may be taken
     * by a searcher or a spare while that run lasts ({@link #stealMarked}), and a parked worker is
     * woken to look.
     */
    void markStranded(long runs) {
        STRANDED.setRelease(this, runs + 1);
        engine.idle.notifyOne();
    }

    /** Leaves the searchers, if it was one (a worker about to watch the timers). */
    void stopSearching() {
        if (searching) {
            searching = false;
            engine.idle.transitionFromSearching();
        }
    }

    /** Any thread: the idle list popped us. */
    @Override
    public void wake() {
        WOKEN.setVolatile(this, true);
        LockSupport.unpark(this);
    }

    /** Any thread (a producer finding us watching the timers, or shutdown): look at the engine's state again. */
    @Override
    public void nudge() {
        LockSupport.unpark(this);
    }

    /** Owner, on a forced stop: hand back what never ran. */
    void drainUnrun(Consumer<Object> sink) {
        Object l = lifo.take();
        if (l != null) {
            sink.accept(l);
        }
        for (Object t; (t = queue.pop()) != null; ) {
            sink.accept(t);
        }
    }

    WorkerMetrics metrics() {
        return new WorkerMetrics(index, getName(), tasksRun, stealOps, stolenTasks, parks, lifoRuns,
                budgetYields, overflows, queue.len(), busyClock.busyNanos());
    }
}
