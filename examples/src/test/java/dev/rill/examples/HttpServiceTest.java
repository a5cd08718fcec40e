package dev.rill.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.Engine;
import dev.rill.engine.reactor.RillReactor;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

class HttpServiceTest {

    private record Response(int status, String contentType, String body, long millis) {
        List<String> lines() {
            return body.lines().toList();
        }
    }

    private HttpService service;
    private HttpClient client;

    @BeforeEach
    void start() {
        service = HttpService.start(0);
        client = HttpClient.create().baseUrl("http://127.0.0.1:" + service.port());
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void answersOnReactorsOwnSchedulers() {
        checkResponses();
    }

    @Test
    void answersTheSameAfterRillReactorInstall() {
        try (Engine engine = Engine.builder().workers(2).name("http-test").build()) {
            RillReactor.install(engine);
            try {
                long tasksBefore = engine.metrics().tasksRun();
                checkResponses();
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
        try (HttpLoad load = new HttpLoad(service.port(), 8)) {
            HttpLoad.Result r = load.run(null, "500/s", 500, 200, null);
            assertThat(r.non200()).isZero();
            assertThat(r.errors()).isZero();
            assertThat(r.phase().requests()).isEqualTo(200);
            assertThat(r.phase().latenciesMicros()).hasSize(200);
            assertThat(Arrays.stream(r.phase().latenciesMicros()).min().orElse(-1)).isNotNegative();
        }
        assertThat(service.blockingCalls()).as("ids 0, 4, ..., 196").isEqualTo(50);
    }

    private void checkResponses() {
        Response plain = get("/items/5");
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.contentType()).isEqualTo(HttpService.CONTENT_TYPE);
        assertThat(plain.lines()).hasSize(Showcase.PAGE)
                .startsWith("{\"id\":5,\"item\":0}").endsWith("{\"id\":5,\"item\":15}");
        assertThat(service.blockingCalls()).as("id 5 needs no lookup").isZero();

        Response looked = get("/items/8");
        assertThat(looked.status()).isEqualTo(200);
        assertThat(looked.lines()).hasSize(Showcase.PAGE).startsWith("{\"id\":8,\"item\":0}");
        assertThat(service.blockingCalls()).as("id 8 is one of the one in four").isEqualTo(1);

        for (String bad : List.of("/items/abc", "/items/-3", "/items/99999999999", "/items/7?delayMs=x",
                "/items/7?delayMs=20000")) {
            Response r = get(bad);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.body()).as(bad).startsWith("bad request");
        }

        Response slow = get("/items/7?delayMs=3000");
        assertThat(slow.status()).isEqualTo(504);
        assertThat(slow.body()).isEqualTo("timed out after 500 ms\n");
        assertThat(slow.millis()).as("answered at the timeout, not after the 3 s lookup")
                .isBetween(HttpService.TIMEOUT.toMillis(), 2_500L);
    }

    private Response get(String path) {
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
