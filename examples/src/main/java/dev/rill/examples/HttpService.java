package dev.rill.examples;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A small HTTP service on reactor-netty whose handler is plain Reactor code, so it runs on
 * whatever {@code Schedulers.parallel()} and {@code boundedElastic()} are: Reactor's own, or
 * Rill's engine after {@code RillReactor.install(engine)}.
 *
 * <p>{@code GET /items/{id}} hops from the Netty event loop onto {@code parallel()}, parses (a
 * little CPU work), for one id in four makes a ~1 ms blocking lookup on {@code boundedElastic()},
 * hops back and renders a page of 16 items as JSON lines, all under a timeout (500 ms unless
 * told otherwise): a request that takes longer is answered {@code 504}. An id that is not a
 * non-negative integer gets {@code 400}. {@code ?delayMs=n} (0 to 10,000) makes the lookup take
 * {@code n} ms, so a test can watch the timeout fire.
 *
 * <p>Threading: {@link #start} and {@link #close} from any thread; requests are served on Netty's
 * event loops and Reactor's schedulers.
 */
public final class HttpService implements AutoCloseable {

    /** How long a request may run before it is answered {@code 504}, unless {@code start} is told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
    static final String CONTENT_TYPE = "application/x-ndjson";
    private static final long MAX_DELAY_MS = 10_000;

    private final Duration timeout;
    private final DisposableServer server;
    private final LongAdder blockingCalls = new LongAdder();

    private HttpService(int port, Duration timeout) {
        this.timeout = timeout;
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(port)
                .route(routes -> routes.get("/items/{id}", this::item))
                .bindNow(Duration.ofSeconds(10));
    }

    /** Starts serving on {@code port} of the loopback interface; 0 picks a free port ({@link #port()}). */
    public static HttpService start(int port) {
        return start(port, DEFAULT_TIMEOUT);
    }

    /** Like {@link #start(int)}, answering {@code 504} to a request still running after {@code timeout}. */
    public static HttpService start(int port, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        return new HttpService(port, timeout);
    }

    /** The port the service listens on. */
    public int port() {
        return server.port();
    }

    /** How many blocking lookups the service has made so far. */
    public long blockingCalls() {
        return blockingCalls.sum();
    }

    /** Stops listening and closes the open connections, waiting up to 5 s. */
    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }

    private Publisher<Void> item(HttpServerRequest request, HttpServerResponse response) {
        long id = number(request.param("id"), Integer.MAX_VALUE);
        List<String> delay = new QueryStringDecoder(request.uri()).parameters().getOrDefault("delayMs", List.of("0"));
        long delayMs = number(delay.get(0), MAX_DELAY_MS);
        if (id < 0 || delayMs < 0) {
            return response.status(HttpResponseStatus.BAD_REQUEST)
                    .sendString(Mono.just("bad request: id must be an integer from 0, delayMs from 0 to "
                            + MAX_DELAY_MS + "\n"));
        }
        return page((int) id, delayMs)
                .flatMap(body -> response.header(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE)
                        .sendString(Mono.just(body)).then())
                .onErrorResume(TimeoutException.class, e -> response.status(HttpResponseStatus.GATEWAY_TIMEOUT)
                        .sendString(Mono.just("timed out after " + timeout.toMillis() + " ms\n")).then());
    }

    /** {@code text} as a number from 0 to {@code max}, or -1 if it is not one. */
    private static long number(String text, long max) {
        try {
            long n = Long.parseLong(text);
            return n >= 0 && n <= max ? n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The request's pipeline: the body of the page, or a {@link TimeoutException} after {@code timeout}. */
    private Mono<String> page(int id, long delayMs) {
        return Mono.just(id)
                .publishOn(Schedulers.parallel())
                .map(Workload::cpu)
                .flatMap(v -> v % 4 == 0 || delayMs > 0
                        ? Mono.fromCallable(() -> lookup(v, delayMs)).subscribeOn(Schedulers.boundedElastic())
                        : Mono.just(v))
                .publishOn(Schedulers.parallel())
                .map(HttpService::render)
                .timeout(timeout);
    }

    /** The blocking lookup: ~1 ms, or {@code delayMs} when a test asks for a slow one. */
    private int lookup(int v, long delayMs) {
        blockingCalls.increment();
        try {
            if (delayMs > 0) {
                Thread.sleep(delayMs);
                return v;
            }
            return Workload.blockingCall(v);
        } catch (InterruptedException e) {
            // Interrupted because the request was cancelled (its timeout fired): nobody reads the
            // value, and returning one (rather than throwing) keeps Reactor from logging a dropped
            // error. The schedulers clear the flag before the thread's next task.
            Thread.currentThread().interrupt();
            return v;
        }
    }

    /** A page of {@link Workload#PAGE} items, one JSON object a line. */
    private static String render(int id) {
        StringBuilder body = new StringBuilder(Workload.PAGE * 24);
        for (int k = 0; k < Workload.PAGE; k++) {
            Workload.cpu(id + k);
            body.append("{\"id\":").append(id).append(",\"item\":").append(k).append("}\n");
        }
        return body.toString();
    }
}
