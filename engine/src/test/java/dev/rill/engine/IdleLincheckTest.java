package dev.rill.engine;

import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Model check of the idle/wake protocol ({@link Idle}) with two workers: producers that publish
 * work and call {@link Idle#notifyOne()}, against workers that each run what they find and
 * otherwise park exactly as {@code WorkerThread.park} does (list itself, count itself out, look once
 * more, then sleep until woken; a woken worker starts out searching), every interleaving explored.
 * Work is a counter; parking is a flag a worker keeps until a {@link Sleeper#wake()} sets its mark.
 *
 * <p>What must hold after every execution: no lost wake-up, i.e. never work waiting while every
 * worker sleeps unwoken. The operations return nothing on purpose: a wake-up lands after the
 * producer's pop, so step results would not linearize; the property is about the state the threads
 * leave behind. (Lincheck's model checker assumes sequentially consistent memory, which the full
 * fence in {@code notifyOne} and the atomic count updates give the engine; what is checked here is
 * the order of the steps.)
 */
public class IdleLincheckTest {

    private final Idle idle = new Idle(2);
    private final AtomicInteger work = new AtomicInteger();
    private final Worker w0 = new Worker();
    private final Worker w1 = new Worker();

    /** One worker's loop, reduced to its idle bookkeeping; only its own thread calls {@link #step}. */
    final class Worker implements Sleeper {
        volatile boolean woken;
        boolean parked;
        boolean searching;

        @Override
        public void wake() {
            woken = true;
        }

        @Override
        public void nudge() {
            // only the timer watcher is nudged, and these workers never watch
        }

        private boolean tryTake() {
            for (int n = work.get(); n > 0; n = work.get()) {
                if (work.compareAndSet(n, n - 1)) {
                    return true;
                }
            }
            return false;
        }

        boolean sleeping() {
            return parked && !woken;
        }

        void step() {
            if (parked) {
                if (!woken) {
                    return;
                }
                woken = false;
                parked = false;
                searching = true; // the waker counted us as a searcher
            }
            if (tryTake()) {
                if (searching) {
                    searching = false;
                    if (idle.transitionFromSearching()) {
                        idle.notifyOne(); // the last searcher found work: fan out
                    }
                }
                return;
            }
            boolean wasSearching = searching;
            searching = false;
            idle.transitionToParked(this, wasSearching);
            if (work.get() > 0) {
                idle.notifyOne(); // the last look; may well pop and wake us
            }
            parked = true;
        }
    }

    @Operation
    public void produce() {
        work.incrementAndGet();
        idle.notifyOne();
    }

    @Operation(nonParallelGroup = "worker0")
    public void step0() {
        w0.step();
    }

    @Operation(nonParallelGroup = "worker1")
    public void step1() {
        w1.step();
    }

    @Validate
    public void noWorkWaitsWhileEveryWorkerSleeps() {
        if (work.get() > 0 && w0.sleeping() && w1.sleeping()) {
            throw new IllegalStateException("lost wake-up: " + work.get() + " task(s) wait, both workers sleep");
        }
    }

    @Test
    void aParkingWorkerNeverMissesPublishedWork() {
        new ModelCheckingOptions()
                .iterations(30)
                .invocationsPerIteration(500)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(1)
                .actorsAfter(0)
                .check(getClass());
    }
}
