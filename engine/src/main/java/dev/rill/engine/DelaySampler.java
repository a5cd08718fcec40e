package dev.rill.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The schedule delay (submit to start) of one submission in about {@value #INTERVAL}, so the
 * engine can report how long tasks wait for a worker without reading the clock per task.
 *
 * <p>How: one engine-wide slot holds the one sampled submission in flight (the task object and the
 * clock when it was submitted). A submitter whose turn it is (a worker: its own countdown, kept by
 * the engine; any other thread: {@link #isOutsideTurn}, one submission in {@value #INTERVAL} at
 * random by its thread-local generator) claims the
 * empty slot before it queues the task, so the task cannot start before it is in the slot. Every run compares its
 * task with the slot ({@link #ran}): one read of a line that is written once per sample, so it stays
 * in every core's cache. The matching run records the delay and empties the slot. The task itself is
 * queued, run, returned by {@code shutdownNow()} and told of rejection exactly as before: nothing
 * wraps it.
 *
 * <p>Approximations, all in the sample, never in the tasks: a submission that finds the slot taken
 * is not sampled; a plain {@code Runnable} submitted several times at once may be matched by the
 * run of another of its submissions; a sampled task that never runs (dropped at close) keeps the
 * slot until a submitter finds it older than {@value #STALE_NANOS} ns and takes it back.
 *
 * <p>Ordering, per access:
 * <ul>
 *   <li>claim: a CAS from empty to {@link #CLAIMED} (two submitters never both write the time),
 *       then a plain write of the time, then a release store of the task.</li>
 *   <li>{@link #ran}: an opaque read per run (never hoisted out of the worker's loop); on a match,
 *       a CAS from the task to {@link #RECORDING}: it reads the claimer's release, so it sees the
 *       time written for this task, and only one run wins it. Then the counters, then a release
 *       store of empty: the next claim (a CAS that reads empty) sees the counters written, so they
 *       have one writer at a time.</li>
 *   <li>counters: plain, read racily by {@link Engine#metrics()}, like the workers' own.</li>
 * </ul>
 *
 * <p>Layout: every worker reads the slot per run, so it sits on a line of its own (padding by class
 * hierarchy, as {@link IntakeGate} does): a neighbour written often, such as {@link Idle}'s counts,
 * would otherwise cost each run a cache miss.
 *
 * <p>Threading: {@link #isOutsideTurn} by a submitting thread, {@link #submitted} by any submitter before
 * it queues the task, {@link #ran} by a worker before it runs a task.
 */
final class DelaySampler extends DelaySamplerFields {

    @SuppressWarnings("unused")
    private long p10, p11, p12, p13, p14, p15, p16, p17;

    /** One submission in this many is sampled (per worker; for outside threads, per engine). */
    static final int INTERVAL = 1024;
    /** A sample whose task has not run after this long is given up (its task was dropped). */
    static final long STALE_NANOS = 60_000_000_000L;

    /** The slot while a submitter writes the time. */
    private static final Object CLAIMED = new Object();
    /** The slot while a run records the sample. */
    private static final Object RECORDING = new Object();

    /**
     * An outside thread's turn: one submission in {@value #INTERVAL} at random, from the thread's
     * own generator (no shared line). It used to be the global queue's producer index, read just
     * before the offer's own atomic add on that line: the read took the line shared and the add had
     * to upgrade it, which cost spawnFromOutside about a third (bench/README.md, metrics).
     */
    static boolean isOutsideTurn() {
        return (ThreadLocalRandom.current().nextInt() & (INTERVAL - 1)) == 0;
    }

    /** A submitter whose turn it is, before it queues {@code task}: samples it if the slot is free. */
    void submitted(Object task) {
        Object s = SLOT.getAcquire(this);
        if (s != null && !isStale(s)) {
            return;
        }
        if (SLOT.compareAndSet(this, s, CLAIMED)) {
            submittedAt = System.nanoTime();
            SLOT.setRelease(this, task);
        }
    }

    /** A stale sample: a task (not a marker) in the slot for longer than any real wait. */
    private boolean isStale(Object s) {
        return s != CLAIMED && s != RECORDING && System.nanoTime() - submittedAt > STALE_NANOS;
    }

    /** A worker about to run {@code task}: if it is the sampled one, records its delay. */
    void ran(Object task) {
        if (SLOT.getOpaque(this) == task) {
            record(task);
        }
    }

    private void record(Object task) {
        // The CAS reads the claimer's release of the task: submittedAt is the one written for it.
        if (!SLOT.compareAndSet(this, task, RECORDING)) {
            return;
        }
        long delay = System.nanoTime() - submittedAt;
        samples++;
        totalNanos += Math.max(0, delay);
        SLOT.setRelease(this, null);
    }

    /** Samples recorded so far (racy). */
    long samples() {
        return samples;
    }

    /** Sum of the sampled delays, in nanoseconds (racy). */
    long totalNanos() {
        return totalNanos;
    }
}

abstract class DelaySamplerPad {
    @SuppressWarnings("unused")
    private long p00, p01, p02, p03, p04, p05, p06, p07;
}

abstract class DelaySamplerFields extends DelaySamplerPad {

    static final VarHandle SLOT = VarHandles.field(MethodHandles.lookup(), "slot", Object.class);

    /** Empty (null), {@code CLAIMED}, {@code RECORDING} or the sampled task. */
    @SuppressWarnings("unused")
    Object slot;
    /** {@link System#nanoTime()} when the sampled task was submitted; written by the claimer. */
    long submittedAt;
    /** Samples recorded and the sum of their delays; written by one recording run at a time. */
    long samples;
    long totalNanos;
}
