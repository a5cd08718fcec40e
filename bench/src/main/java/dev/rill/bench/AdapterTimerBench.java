package dev.rill.bench;

import dev.rill.engine.Cancellable;
import dev.rill.engine.Engine;
import dev.rill.engine.reactor.RillReactor;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * What a delayed task costs through the Reactor adapter against the engine's timer directly: arm a
 * timeout (1–10 s) and cancel it, the life of almost every {@code Flux.timeout} timer, while {@code
 * outstanding} other timers (one hour away) are armed on the same scheduler. The adapter's cost
 * must not grow with them: what its {@code dispose()} has to reach is found without a structure
 * touched per timer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class AdapterTimerBench {

    private static final int DELAYS = 4096;

    @Param({"engine", "reactor", "reactor-own"})
    public String path;

    @Param({"1000", "100000", "1000000"})
    public int outstanding;

    private Engine engine;
    private Scheduler reactor;
    private long[] delays;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        engine = Engine.builder().workers(Peer.THREADS).name("bench").build();
        // reactor-own: Reactor's own parallel scheduler, for the peer's cost of the same arm and cancel.
        reactor = path.equals("reactor-own") ? Schedulers.newParallel("bench", Peer.THREADS) : RillReactor.scheduler(engine);
        SplittableRandom rnd = new SplittableRandom(7);
        delays = new long[DELAYS];
        for (int i = 0; i < DELAYS; i++) {
            delays[i] = 1_000 + rnd.nextLong(9_000);
        }
        Runnable idle = AdapterTimerBench::noop;
        for (int i = 0; i < outstanding; i++) {
            if (path.equals("engine")) {
                engine.schedule(idle, 1, TimeUnit.HOURS);
            } else {
                reactor.schedule(idle, 1, TimeUnit.HOURS);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        reactor.dispose();
        engine.close();
    }

    /** Arm a 1–10 s timer and cancel it. */
    @Benchmark
    public boolean armThenCancel() {
        long delay = delays[next++ & (DELAYS - 1)];
        if (path.equals("engine")) {
            Cancellable c = engine.schedule(AdapterTimerBench::noop, delay, TimeUnit.MILLISECONDS);
            c.cancel();
            return c.isCancelled();
        }
        Disposable d = reactor.schedule(AdapterTimerBench::noop, delay, TimeUnit.MILLISECONDS);
        d.dispose();
        return d.isDisposed();
    }

    private static void noop() {
    }
}
