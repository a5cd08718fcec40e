package dev.rill.engine;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Notices engine workers stuck in one run (a blocking call, a lock, a long loop) and keeps
 * queued work moving while they are.
 *
 * <p>Detection reads no clock per task: each worker counts the runs it starts and the runs it
 * ends (plain counters); this thread samples them every quarter threshold. A worker whose started
 * count has not moved since a sample at least the threshold ago, and whose two counts differ, has
 * been in one run at least that long. A run that keeps getting fresh budgets because nobody waits
 * for its worker ({@link Coop}) counts its refills as progress: it gives the worker back as soon
 * as anything waits, so it strands nothing and is not reported. Otherwise the worker is stuck: it
 * is reported once per incident, to the hook with its stack and task, counted, and recorded as a
 * {@code dev.rill.StuckWorker} JFR event. The incident ends when the count moves, with a {@code
 * dev.rill.LongTaskRun} event for the whole run. A worker in {@link Engine#blockInPlace} declared
 * it and is not reported.
 *
 * <p>Hand-off: a stuck worker's ring is stealable as always; its LIFO slot is marked as stranded
 * (as {@code WorkerThread#reportStranded} marks it) and a parked worker woken to take it. If every
 * worker is stuck or blocking in place while work is queued, the engine starts a spare worker
 * ({@link Engine#startSpareIfNeeded}) that runs queued work until none is left.
 *
 * <p>Threading: its own daemon thread; it reads the workers' counters racily (a stale read only
 * delays a report by one sample).
 */
final class Watchdog implements Runnable {

    private final Engine engine;
    private final long thresholdNanos;
    private final Consumer<StuckWorker> hook;
    private final Thread thread;
    /** Each worker's runs started plus refills at the last sample where they moved. */
    private final long[] lastRuns;
    private final long[] sameSince;
    private final boolean[] reported;
    /** The task of each reported incident, for its long-run event when it ends. */
    private final Object[] lastTask;
    private final AtomicLong incidents = new AtomicLong();
    private volatile boolean stopped;

    Watchdog(Engine engine, Duration threshold, Consumer<StuckWorker> hook, String threadName) {
        this.engine = engine;
        this.thresholdNanos = threshold.toNanos();
        this.hook = hook;
        int n = engine.workers.length;
        this.lastRuns = new long[n];
        this.sameSince = new long[n];
        this.reported = new boolean[n];
        this.lastTask = new Object[n];
        Arrays.fill(lastRuns, -1);
        this.thread = new Thread(this, threadName);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() {
        stopped = true;
        LockSupport.unpark(thread);
    }

    /** Stops the thread and waits for it until {@code deadline}; true if it ended (or is the caller). */
    boolean stop(Deadline deadline) throws InterruptedException {
        stop();
        return thread == Thread.currentThread() || deadline.join(thread);
    }

    String threadName() {
        return thread.getName();
    }

    /** Incidents reported so far. */
    long incidents() {
        return incidents.get();
    }

    @Override
    public void run() {
        long period = Math.max(1_000_000L, thresholdNanos / 4);
        while (!stopped && !engine.isStopping()) {
            LockSupport.parkNanos(this, period);
            sample(System.nanoTime());
        }
    }

    /** One look at every worker; starts a spare if all of them are stuck. */
    void sample(long now) {
        WorkerThread[] all = engine.workers;
        int stuck = 0;
        for (int i = 0; i < all.length; i++) {
            WorkerThread w = all[i];
            long runs = w.tasksRun;
            long progress = runs + w.refills; // racy reads: a stale one delays a report by a sample
            if (progress != lastRuns[i] || runs == w.tasksDone) { // moved on, or between runs
                if (reported[i]) { // the incident is over: how long the run lasted, at most a sample late
                    LongTaskRunEvent.commit(w.getName(), lastTask[i], now - sameSince[i]);
                    lastTask[i] = null;
                }
                lastRuns[i] = progress;
                sameSince[i] = now;
                reported[i] = false;
            } else if (w.blockingInPlace || now - sameSince[i] >= thresholdNanos) {
                stuck++;
                if (!reported[i] && !w.blockingInPlace) {
                    reported[i] = true;
                    lastTask[i] = report(w, runs, now - sameSince[i]);
                }
            }
        }
        if (stuck == all.length) {
            engine.startSpareIfNeeded();
        }
    }

    /** Reports an incident (the hook, the count, a JFR event); returns the task it was about. */
    private Object report(WorkerThread w, long runs, long stuckNanos) {
        incidents.incrementAndGet();
        Object task = w.current; // racy, for a diagnostic: the run we saw stuck is its latest
        w.markStranded(runs);
        StuckWorkerEvent.commit(w.getName(), task, stuckNanos);
        StuckWorker s = new StuckWorker(engine.name(), w, task, Duration.ofNanos(stuckNanos),
                Arrays.asList(w.getStackTrace()));
        try {
            hook.accept(s);
        } catch (Throwable e) {
            engine.reportError(thread, e);
        }
        return task;
    }
}
