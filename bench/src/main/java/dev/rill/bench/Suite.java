package dev.rill.bench;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The tables of bench/README.md that {@link BenchRunner} runs and draws, by name: which benchmarks,
 * which peers, and the issues' targets (Rill's time over a peer's). Peers that are not a
 * Reactive Streams library (IntStream, a plain loop) are left out of the charts: the README's
 * tables give them as a floor, not as a peer to beat.
 */
final class Suite {

    /** Short row labels for the charts' axis, where the method name alone says too little (before TABLES: used by it). */
    private static final Map<String, String> LABELS = Map.of(
            "mapFilterReduce", "range.map.filter.reduce",
            "rangeRequestAll", "range, request(MAX)",
            "rangeRequestOne", "range, request(1)",
            "startThenCancel", "from outside",
            "startThenCancelInside", "from a task on the engine",
            "publishOnTimeout", "publishOn.timeout");

    static final List<BenchTable> TABLES = List.of(
            table("runtime", "Runtime (RuntimeBench)", "RuntimeBench", "peer",
                    List.of("forkjoin", "threadpool", "reactor", "rxjava"), Map.of(),
                    Map.of("spawnFromOutside", Target.vs("forkjoin", 0.8), "spawnFromTask", Target.vs("forkjoin", 0.8),
                            "yieldMany", Target.vs("forkjoin", 0.8), "pingPong", Target.vs("forkjoin", 0.8),
                            "chainedSpawn", Target.vs("forkjoin", 0.8))),
            table("timer", "Timers: start then cancel 100,000 (TimerBench)", "TimerBench\\.startThenCancel", "peer",
                    List.of("netty"), Map.of(),
                    Map.of("startThenCancelInside", Target.vs("netty", 0.3), "startThenCancel", Target.vs("netty", 1.0))),
            table("pipeline", "Synchronous pipelines (PipelineBench)", "PipelineBench", "peer",
                    List.of("rxjava", "reactor"), Map.of(),
                    Map.of("mapFilterReduce", Target.vsFaster(1.0))),
            table("async", "Async pipelines (AsyncBench)", "AsyncBench", "peer",
                    List.of("reactor", "rxjava"), Map.of(),
                    Map.of("publishOnTimeout", Target.vsFaster(0.05))),
            table("groupby", "groupBy (GroupByBench)", "GroupByBench", "peer",
                    List.of("reactor", "rxjava"), Map.of(), Map.of("groupBy16Counted", Target.vsFaster(0.7))),
            table("parallel", "Parallel rails (ParallelBench)", "ParallelBench", "peer",
                    List.of("reactor", "rxjava"), Map.of(), Map.of("unevenRails", Target.vs("reactor", 0.7))),
            table("sink", "Multicast sink, 4 emitters (SinkBench)", "SinkBench", "peer",
                    List.of("reactor", "rxjava"), Map.of(), Map.of()),
            table("multicast", "publish() and share() (MulticastBench)", "MulticastBench", "peer",
                    List.of("reactor", "rxjava"), Map.of(),
                    Map.of("publishAutoConnectFour", Target.vsFaster(0.7), "share", Target.vsFaster(0.7))),
            table("reactor-on-rill", "Reactor on Rill (ReactorOnRillBench)", "ReactorOnRillBench", "peer",
                    List.of("reactor"), Map.of(), Map.of()),
            table("rx-on-rill", "RxJava on Rill (RxOnRillBench)", "RxOnRillBench", "peer",
                    List.of("rxjava"), Map.of(), Map.of()),
            table("adapter-timer", "Delayed tasks through the adapters (AdapterTimerBench)", "AdapterTimerBench", "path",
                    List.of("reactor"), Map.of(), Map.of()));

    private Suite() {
    }

    /** The table called {@code name}; an {@link IllegalArgumentException} lists the names there are. */
    static BenchTable named(String name) {
        for (BenchTable t : TABLES) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("--tables: no table '" + name + "' (there are " + names() + ")");
    }

    static String names() {
        return TABLES.stream().map(BenchTable::name).collect(Collectors.joining(", "));
    }

    private static BenchTable table(String name, String title, String include, String peerParam, List<String> peers,
                                    Map<String, String> params, Map<String, Target> targets) {
        String rill = peerParam.equals("path") ? "engine" : "rill";
        return new BenchTable(name, title, include, peerParam, rill, peers, params, LABELS, Map.copyOf(targets));
    }
}
