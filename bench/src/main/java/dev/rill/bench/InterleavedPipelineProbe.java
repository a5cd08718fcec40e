package dev.rill.bench;

import dev.rill.Rill;
import io.reactivex.rxjava3.core.Flowable;
import java.util.Arrays;
import java.util.function.LongSupplier;
import reactor.core.publisher.Flux;

/**
 * {@code range(1M).map.filter.reduce} on Rill, RxJava and Reactor taking turns in one JVM, in
 * short rounds, so that each round's ratios compare the libraries under the same machine
 * conditions. JMH runs one library per fork, one after the other; on a shared VM whose speed for
 * allocating code changes for seconds at a time, forks of different libraries then land in
 * different conditions. A fourth variant, a plain loop that keeps its sum in a {@code Long} field
 * (the same boxes the pipelines' {@code reduce} makes), shows those conditions: it slows down with
 * the pipelines and has no library code in it.
 *
 * <p>Each round runs every variant for the round's time, in an order that rotates from round to
 * round; the first {@code warm-up} rounds are not counted. Run with
 * {@code java -cp bench/target/benchmarks.jar dev.rill.bench.InterleavedPipelineProbe [rounds] [round-ms] [warm-up]}.
 * Single-threaded, main thread only.
 */
public final class InterleavedPipelineProbe {

    static final int N = 1_000_000;

    /** A slow round: the boxed loop took this much longer than its fastest quarter. */
    static final double SLOW_ROUND = 1.25;

    private static final String[] NAMES = {"loop, boxed sum", "rill", "rxjava", "reactor"};

    private static volatile long sink;

    private InterleavedPipelineProbe() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        long roundNanos = (args.length > 1 ? Long.parseLong(args[1]) : 150) * 1_000_000L;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        LongSupplier[] variants = {InterleavedPipelineProbe::boxedLoop, InterleavedPipelineProbe::rill,
            InterleavedPipelineProbe::rxjava, InterleavedPipelineProbe::reactor};
        double[][] ms = new double[variants.length][rounds];
        System.out.printf("%-6s %16s %8s %8s %8s   (ms per pipeline of %,d elements)%n", "round", NAMES[0], NAMES[1],
                NAMES[2], NAMES[3], N);
        for (int r = -warmUp; r < rounds; r++) {
            double[] round = runRound(variants, roundNanos, r + warmUp);
            if (r >= 0) {
                for (int v = 0; v < variants.length; v++) {
                    ms[v][r] = round[v];
                }
                System.out.printf("%-6d %16.2f %8.2f %8.2f %8.2f%n", r + 1, round[0], round[1], round[2], round[3]);
            }
        }
        summarize(ms);
    }

    /** One round: each variant for {@code roundNanos}, starting with variant {@code turn % n}. */
    static double[] runRound(LongSupplier[] variants, long roundNanos, int turn) {
        double[] round = new double[variants.length];
        for (int k = 0; k < variants.length; k++) {
            int v = (turn + k) % variants.length;
            round[v] = timeOne(variants[v], roundNanos);
        }
        return round;
    }

    private static double timeOne(LongSupplier variant, long roundNanos) {
        long start = System.nanoTime();
        long end = start + roundNanos;
        int ops = 0;
        long now;
        do {
            sink += variant.getAsLong();
            ops++;
            now = System.nanoTime();
        } while (now < end);
        return (now - start) / 1e6 / ops;
    }

    /** Rill over each peer per round: median, range and rounds won, for all rounds and by the machine's mode. */
    static void summarize(double[][] ms) {
        double[] loop = ms[0];
        double fastLoop = quantile(loop, 0.25);
        boolean[] slow = new boolean[loop.length];
        int slowRounds = 0;
        for (int r = 0; r < loop.length; r++) {
            slow[r] = loop[r] > SLOW_ROUND * fastLoop;
            slowRounds += slow[r] ? 1 : 0;
        }
        System.out.printf("%nslow rounds (boxed loop > %.2f x its fastest quarter, %.2f ms): %d of %d%n", SLOW_ROUND,
                fastLoop, slowRounds, loop.length);
        for (int peer = 2; peer < ms.length; peer++) {
            for (int mode = 0; mode < 3; mode++) {
                report(NAMES[peer], ms[1], ms[peer], slow, mode);
            }
        }
    }

    private static void report(String peer, double[] rill, double[] other, boolean[] slow, int mode) {
        double[] ratios = new double[rill.length];
        int n = 0;
        int won = 0;
        for (int r = 0; r < rill.length; r++) {
            if (mode == 0 || (mode == 1) != slow[r]) {
                ratios[n++] = rill[r] / other[r];
                won += rill[r] < other[r] ? 1 : 0;
            }
        }
        if (n == 0) {
            return;
        }
        double[] taken = Arrays.copyOf(ratios, n);
        String rounds = mode == 0 ? "all rounds" : mode == 1 ? "fast rounds" : "slow rounds";
        System.out.printf("rill / %-8s %-12s median %.3f, range %.3f-%.3f, rill faster in %d of %d%n", peer, rounds,
                quantile(taken, 0.5), quantile(taken, 0), quantile(taken, 1), won, n);
    }

    static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.round(q * (sorted.length - 1))];
    }

    /** The pipelines' arithmetic with their {@code reduce}'s boxes: the sum lives in a field as a Long. */
    static long boxedLoop() {
        BoxedSum s = new BoxedSum();
        for (int x = 0; x < N; x++) {
            int y = x * 2;
            if (y % 3 == 0) {
                s.sum = s.sum + y;
            }
        }
        return s.sum;
    }

    static long rill() {
        return Rill.range(0, N).map(x -> x * 2).filter(x -> x % 3 == 0).reduce(0L, (a, x) -> a + x).blockLast();
    }

    static long rxjava() {
        return Flowable.range(0, N).map(x -> x * 2).filter(x -> x % 3 == 0).reduce(0L, (a, x) -> a + x).blockingGet();
    }

    static long reactor() {
        return Flux.range(0, N).map(x -> x * 2).filter(x -> x % 3 == 0).reduce(0L, (a, x) -> a + x).block();
    }

    /** Where {@link #boxedLoop} keeps its sum, so the box escapes as {@code reduce}'s does. */
    static final class BoxedSum {
        Long sum = 0L;
    }
}
