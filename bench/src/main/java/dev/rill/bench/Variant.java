package dev.rill.bench;

import dev.rill.engine.Engine;
import dev.rill.engine.reactor.RillReactor;
import dev.rill.engine.rxjava.RillRx;
import dev.rill.examples.Workload;
import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.reactivestreams.Publisher;

/**
 * The five ways {@link CapacityProbe} runs the showcase's request ({@link Workload}): Reactor and
 * RxJava on their own schedulers, the same code after {@code RillReactor.install} / {@code
 * RillRx.install}, and the request written with Rill's operators. Engines have the default size
 * (one worker per core), as the libraries' own CPU schedulers do.
 *
 * <p>Threading: {@link #open} installs process-wide scheduler hooks, so one variant is open at a
 * time per JVM; the returned {@link Open} is closed by the thread that opened it.
 */
enum Variant {
    REACTOR("reactor"),
    REACTOR_ON_RILL("reactor-on-rill"),
    RXJAVA("rxjava"),
    RXJAVA_ON_RILL("rxjava-on-rill"),
    RILL("rill");

    /** The name on the command line and in trial lines. */
    final String id;

    Variant(String id) {
        this.id = id;
    }

    static Variant of(String id) {
        for (Variant v : values()) {
            if (v.id.equals(id)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown variant '" + id + "'; known: " + ids());
    }

    static String ids() {
        return Arrays.stream(values()).map(v -> v.id).collect(Collectors.joining(","));
    }

    /** The library this variant's code is written with, when it has a run on the library's own schedulers. */
    Variant ownSchedulers() {
        return this == REACTOR_ON_RILL ? REACTOR : this == RXJAVA_ON_RILL ? RXJAVA : null;
    }

    /** Makes this variant's request runnable in this JVM (creating and installing an engine if it has one). */
    Open open() {
        return switch (this) {
            case REACTOR -> new Open(Workload::reactorRequest, null, () -> { });
            case RXJAVA -> new Open(Workload::rxJavaRequest, null, () -> { });
            case RILL -> {
                Engine engine = newEngine();
                yield new Open(i -> Workload.rillRequest(engine, i), engine, engine::close);
            }
            case REACTOR_ON_RILL -> {
                Engine engine = newEngine();
                RillReactor.install(engine);
                yield new Open(Workload::reactorRequest, engine, () -> {
                    RillReactor.uninstall();
                    engine.close();
                });
            }
            case RXJAVA_ON_RILL -> {
                Engine engine = newEngine();
                RillRx.install(engine);
                yield new Open(Workload::rxJavaRequest, engine, () -> {
                    RillRx.uninstall();
                    engine.close();
                });
            }
        };
    }

    private static Engine newEngine() {
        return Engine.builder().name("capacity").build();
    }

    /** An open variant: its request, its engine (null for the libraries' own), and how to undo the set-up. */
    record Open(IntFunction<Publisher<Integer>> request, Engine engine, Runnable undo) implements AutoCloseable {
        @Override
        public void close() {
            undo.run();
        }
    }
}
