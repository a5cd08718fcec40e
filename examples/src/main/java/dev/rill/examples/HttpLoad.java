package dev.rill.examples;

import dev.rill.engine.Engine;
import io.netty.channel.EventLoopGroup;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The load generator for {@link HttpService}: an open model, as in {@link Showcase#drive} (which
 * it uses), over HTTP. Requests for {@code GET /items/{i}} leave at a fixed rate from the calling
 * thread whether or not earlier ones were answered; a request's latency is from its scheduled
 * send time to the end of its response (time waiting for a free connection included).
 *
 * <p>The client is a reactor-netty {@link HttpClient} with its own single event loop and a bounded
 * pool of keep-alive connections; it stays off the Reactor schedulers under test, and its requests
 * are built once, so sending one costs the sender thread little.
 *
 * <p>Threading: one {@link #run} at a time; {@link #close} once the runs are over.
 */
final class HttpLoad implements AutoCloseable {

    /** Distinct ids asked for, in turn; a multiple of 4, so one request in four still blocks. */
    static final int IDS = 1024;

    /**
     * One run: latencies (in {@code phase}, whose {@code timeouts} counts every failed request),
     * answers other than {@code 200}, and requests that failed otherwise (connection, client
     * timeout). A 200 without a whole page fails the run ({@link Showcase#drive} checks).
     */
    record Result(Phase phase, long non200, long errors) {
    }

    /** A response other than 200, to fail its request. */
    private static final class StatusException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StatusException(int status) {
            super("HTTP " + status, null, false, false);
        }
    }

    private final LoopResources loop;
    private final ConnectionProvider connections;
    private final AtomicLong non200 = new AtomicLong();
    /** The request for each id, built once: each subscription sends it again, sparing the sender the assembly. */
    private final List<Flux<Integer>> byId;

    /** A client for the service on {@code port} of the loopback interface, at most {@code maxConnections} open. */
    HttpLoad(int port, int maxConnections) {
        loop = LoopResources.create("http-load", 1, true);
        EventLoopGroup group = loop.onClient(true);
        connections = ConnectionProvider.builder("http-load")
                .maxConnections(maxConnections)
                .pendingAcquireMaxCount(100_000)
                .pendingAcquireTimeout(Duration.ofSeconds(5))
                // on the client's own event loop rather than the default Schedulers.parallel(), which is under test
                .pendingAcquireTimer((task, delay) -> {
                    ScheduledFuture<?> f = group.next().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
                    return () -> f.cancel(false);
                })
                .build();
        HttpClient client = HttpClient.create(connections)
                .runOn(loop)
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(5)); // every request ends, so a run cannot hang
        byId = IntStream.range(0, IDS).mapToObj(id -> request(client, id)).toList();
    }

    /**
     * Sends {@code requests} requests at {@code rate} per second and waits for their answers,
     * printing progress to {@code out} if not null; {@code engine}, if not null, is the engine whose
     * metrics to record.
     */
    Result run(PrintStream out, String name, int rate, int requests, Engine engine) throws InterruptedException {
        long non200Before = non200.get();
        Phase phase = OpenLoad.drive(out, name, i -> byId.get(i % IDS), rate, requests, engine);
        long bad = non200.get() - non200Before;
        return new Result(phase, bad, phase.timeouts() - bad);
    }

    /**
     * Request {@code id}, as the item numbers of the page it gets back: {@link Showcase#drive}
     * counts them and checks that every answered request brought a whole page.
     */
    private Flux<Integer> request(HttpClient client, int id) {
        return client.get()
                .uri("/items/" + id)
                .responseSingle((response, body) -> body.asString().defaultIfEmpty("").flatMap(text -> {
                    int status = response.status().code();
                    if (status != 200) {
                        non200.incrementAndGet();
                        return Mono.error(new StatusException(status));
                    }
                    return Mono.just(text);
                }))
                .flatMapMany(text -> Flux.range(0, (int) text.lines().count()));
    }

    @Override
    public void close() {
        connections.disposeLater().block(Duration.ofSeconds(5));
        loop.disposeLater().block(Duration.ofSeconds(5));
    }
}
