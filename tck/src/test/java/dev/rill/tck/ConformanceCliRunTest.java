package dev.rill.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.publishers.LongRangePublisher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.reactivestreams.Publisher;
import org.testng.annotations.AfterMethod;
import org.testng.annotations.BeforeMethod;
import org.testng.annotations.Test;

/**
 * The command line end to end, with the real runner: subjects compiled by the test (not on its
 * class path) and loaded through {@code --classpath}, as a user's would be. Each test holds the
 * GC rule's turn, as every check runs that rule ({@link Tck#holdGcRule}).
 */
public class ConformanceCliRunTest {

    private static final String GOOD = """
            package com.example;
            public class GoodRange implements dev.rill.tck.PublisherUnderTest<Long> {
                public org.reactivestreams.Publisher<Long> create(long elements) {
                    return new dev.rill.publishers.LongRangePublisher(0, elements);
                }
            }
            """;
    /** One element more than asked to make: the TCK's own count check and §1.1-style tests fail. */
    private static final String BROKEN = """
            package com.example;
            public class OneTooMany implements dev.rill.tck.PublisherUnderTest<Long> {
                public org.reactivestreams.Publisher<Long> create(long elements) {
                    return new dev.rill.publishers.LongRangePublisher(0, elements + 1);
                }
                public long maxElements() {
                    return 1000;
                }
            }
            """;
    private static final String PLAIN = "package com.example; public class Plain {}";

    /** The compiled subjects: a folder, and OneTooMany moved from there into a jar. */
    private static Path folder;
    private static Path jar;

    private static synchronized String classpath() {
        if (folder == null) {
            try {
                folder = CompiledSubjects.compile(
                        Map.of("com.example.GoodRange", GOOD, "com.example.OneTooMany", BROKEN, "com.example.Plain", PLAIN),
                        PublisherUnderTest.class, Publisher.class, LongRangePublisher.class);
                jar = CompiledSubjects.moveToJar(folder, "com.example.OneTooMany");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return folder + java.io.File.pathSeparator + jar;
    }

    @BeforeMethod
    public void takeTheGcRulesTurn() {
        Tck.holdGcRule();
    }

    @AfterMethod(alwaysRun = true)
    public void giveTheGcRulesTurnBack() {
        Tck.releaseGcRule();
    }

    private static ConformanceCliTest.Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ConformanceCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new ConformanceCliTest.Result(status, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8), java.util.List.of());
    }

    @Test
    public void aConformingPublisherFromTheClasspathOptionPassesTheFlowTwinAndExitsWithZero() {
        ConformanceCliTest.Result r = run("--publisher", "com.example.GoodRange", "--classpath", classpath(),
                "--timeout", "30", "--format", "json", "--flow");

        assertThat(r.err()).isEmpty();
        assertThat(r.status()).as(r.out()).isZero();
        Map<?, ?> report = (Map<?, ?>) Json.parse(r.out());
        assertThat(report.get("subject")).isEqualTo("com.example.GoodRange");
        assertThat(report.get("verification")).isEqualTo("PUBLISHER");
        assertThat(report.get("flow")).as("--flow: the Flow twin, through FlowAdapters").isEqualTo(true);
        assertThat(report.get("timeoutMillis")).isEqualTo(30L);
        assertThat(report.get("conforms")).isEqualTo(true);
    }

    @Test
    public void aPublisherFromAJarThatBreaksARequiredRuleExitsWithOneAndSaysWhich() {
        ConformanceCliTest.Result r = run("--publisher", "com.example.OneTooMany", "--classpath", classpath(),
                "--timeout", "30");

        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).containsSubsequence("Required rules", "FAILED", "Failures", "TCK says:",
                "Verdict: com.example.OneTooMany DOES NOT CONFORM");
    }

    @Test
    public void aSubjectOfAnotherKindOrNoneIsBadUsageBeforeAnythingRuns() {
        ConformanceCliTest.Result wrongKind = run("--subscriber", "com.example.GoodRange", "--classpath", classpath());
        ConformanceCliTest.Result none = run("--processor", "com.example.Plain", "--classpath", classpath());

        assertThat(wrongKind.status()).isEqualTo(2);
        assertThat(wrongKind.err()).contains("--subscriber com.example.GoodRange: it is a subject for the publisher "
                + "verification, not the subscriber (blackbox) one: give it with --publisher");
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.err()).contains("--processor com.example.Plain: ").contains("implements none of PublisherUnderTest");
    }
}
