package dev.rill.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.rill.engine.Engine;
import dev.rill.engine.reactor.RillReactor;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

class HttpServiceTest {

    /**
     * Long enough that a request never times out on a busy machine unless it was made slow on
     * purpose, short enough to watch one that was.
     */
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final long SLOW_MS = 5_000;

    private record Response(int status, String contentType, String body, long millis) {
        List<String> lines() {
            return body.lines().toList();
        }
    }

    @Test
    void answersOnReactorsOwnSchedulers() {
        try (HttpService service = HttpService.start(0, TIMEOUT)) {
            checkResponses(service);
        }
    }

    @Test
    void answersTheSameAfterRillReactorInstall() {
        try (Engine engine = Engine.builder().workers(2).name("http-test").build();
             HttpService service = HttpService.start(0, TIMEOUT)) {
            RillReactor.install(engine);
            try {
                long tasksBefore = engine.metrics().tasksRun();
                checkResponses(service);
                assertThat(engine.metrics().tasksRun()).as("the handlers ran on the engine").isGreaterThan(tasksBefore);
            } finally {
                RillReactor.uninstall();
            }
        }
        assertThat(RillReactor.installed()).isNull();
    }

    /** A short open-model run: every request answered 200 with a whole page. */
    @Test
    void theLoadGeneratorGetsEveryPage() throws Exception {
        // A timeout no stall of a busy machine reaches: this is about the load generator.
        try (HttpService service = HttpService.start(0, Duration.ofSeconds(30));
             HttpLoad load = new HttpLoad(service.port(), 8)) {
            HttpLoad.Result r = load.run(null, "500/s", 500, 200, null);
            assertThat(r.non200()).isZero();
            assertThat(r.errors()).isZero();
            assertThat(r.phase().requests()).isEqualTo(200);
            assertThat(r.phase().latenciesMicros()).hasSize(200);
            assertThat(Arrays.stream(r.phase().latenciesMicros()).min().orElse(-1)).isNotNegative();
            assertThat(service.blockingCalls()).as("ids 0, 4, ..., 196").isEqualTo(50);
        }
    }

    @Test
    void refusesATimeoutThatIsNotPositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> HttpService.start(0, Duration.ZERO));
    }

    private static void checkResponses(HttpService service) {
        // A connection per request: nothing pooled outlives the service or reaches the next one.
        HttpClient client = HttpClient.newConnection().baseUrl("http://127.0.0.1:" + service.port());
        Response plain = get(client, "/items/5");
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.contentType()).isEqualTo(HttpService.CONTENT_TYPE);
        assertThat(plain.lines()).hasSize(Workload.PAGE)
                .startsWith("{\"id\":5,\"item\":0}").endsWith("{\"id\":5,\"item\":15}");
        assertThat(service.blockingCalls()).as("id 5 needs no lookup").isZero();

        Response looked = get(client, "/items/8");
        assertThat(looked.status()).isEqualTo(200);
        assertThat(looked.lines()).hasSize(Workload.PAGE).startsWith("{\"id\":8,\"item\":0}");
        assertThat(service.blockingCalls()).as("id 8 is one of the one in four").isEqualTo(1);

        for (String bad : List.of("/items/abc", "/items/-3", "/items/99999999999", "/items/7?delayMs=x",
                "/items/7?delayMs=20000")) {
            Response r = get(client, bad);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.body()).as(bad).startsWith("bad request");
        }

        Response slow = get(client, "/items/7?delayMs=" + SLOW_MS);
        assertThat(slow.status()).isEqualTo(504);
        assertThat(slow.body()).isEqualTo("timed out after 1000 ms\n");
        assertThat(slow.millis()).as("answered at the timeout, not after the slow lookup")
                .isBetween(TIMEOUT.toMillis(), SLOW_MS - 1_000);
    }

    private static Response get(HttpClient client, String path) {
        long start = System.nanoTime();
        Response r = client.get().uri(path)
                .responseSingle((res, body) -> body.asString().defaultIfEmpty("")
                        .map(text -> new Response(res.status().code(), res.responseHeaders().get("Content-Type"), text,
                                (System.nanoTime() - start) / 1_000_000)))
                .block(Duration.ofSeconds(10));
        assertThat(r).as(path).isNotNull();
        return r;
    }
}
