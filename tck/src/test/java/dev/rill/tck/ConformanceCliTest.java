package dev.rill.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.testng.annotations.Test;

/**
 * The command line's exit status, messages and output, over a checker that hands back reports
 * built by hand, and loading the subject classes from a folder or jar the test compiles.
 */
public class ConformanceCliTest {

    /** What one run printed and returned, and what its checker was given. */
    record Result(int status, String out, String err, List<Call> calls) {
    }

    /** What the checker was given. */
    record Call(CliOptions.Subject subject, Object instance, CliOptions options) {
    }


    /** Reports a conforming publisher, unless the class name has "Broken" in it. */
    private static Supplier<ConformanceReport> fake(List<Call> calls, CliOptions.Subject s, Object instance,
            CliOptions options) {
        calls.add(new Call(s, instance, options));
        if (s.className().contains("NotASubject")) {
            throw new IllegalArgumentException("it implements none of the subject interfaces");
        }
        if (s.className().contains("Crashing")) {
            return () -> {
                throw new IllegalStateException("the runner broke");
            };
        }
        return () -> s.className().contains("Broken") ? SampleReports.failing(s.className())
                : SampleReports.conforming(s.className());
    }

    private static Result run(String... args) {
        List<Call> calls = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ConformanceCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), (s, i, o) -> fake(calls, s, i, o));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), calls);
    }

    /** A public class with a no-argument constructor, made by the test. */
    public static final class Subject {
    }

    /** Broken by name only: the fake checker reports it as failing. */
    public static final class BrokenSubject {
    }

    /** Has no constructor the command line can use. */
    public static final class NoDefaultConstructor {
        public NoDefaultConstructor(int unused) {
        }
    }

    @Test
    public void aConformingSubjectExitsWithZeroAndPrintsTheReport() {
        Result r = run("--publisher", Subject.class.getName());

        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("Verdict: " + Subject.class.getName() + " CONFORMS");
        assertThat(r.err()).isEmpty();
        assertThat(r.calls()).singleElement().satisfies(c -> assertThat(c.instance()).isInstanceOf(Subject.class));
    }

    @Test
    public void aSubjectFailingARequiredRuleExitsWithOne() {
        Result r = run("--publisher", Subject.class.getName(), "--publisher", BrokenSubject.class.getName());

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).containsSubsequence("Subject CONFORMS", "BrokenSubject DOES NOT CONFORM");
    }

    @Test
    public void helpExplainsEveryOptionWithAnExampleAndExitsWithZero() {
        Result r = run("--help");

        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("--publisher CLASS", "--subscriber CLASS", "--whitebox-subscriber CLASS",
                "--processor CLASS", "--classpath PATH", "--flow", "--timeout MS", "--format FORMAT", "--out FILE",
                "--help", "Exit status", "java -jar rill-conformance.jar --publisher com.example.MyRangeUnderTest");
        assertThat(r.calls()).isEmpty();
    }

    @Test
    public void badUsageExitsWithTwoNamingTheProblem() {
        assertBadUsage(run(), "rill-conformance: nothing to check");
        assertBadUsage(run("--publisher", Subject.class.getName(), "--frobnicate"), "unknown option '--frobnicate'");
        assertBadUsage(run("--timeout"), "--timeout needs a value");
        assertBadUsage(run("--publisher", "com.example.Missing"),
                "--publisher com.example.Missing: class not found (is its jar or folder given with --classpath?)");
        assertBadUsage(run("--publisher", NoDefaultConstructor.class.getName()),
                "it needs a public constructor without arguments");
        Result notASubject = run("--subscriber", SubjectNotASubject.class.getName());
        assertBadUsage(notASubject,
                "--subscriber " + SubjectNotASubject.class.getName() + ": it implements none of the subject interfaces");
        assertThat(notASubject.calls()).hasSize(1);
    }

    @Test
    public void aCheckThatCannotRunExitsWithOneSayingWhy() {
        Result r = run("--publisher", SubjectCrashing.class.getName());

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("the check could not run: java.lang.IllegalStateException: the runner broke");
    }

    /** The fake checker's check throws for its name. */
    public static final class SubjectCrashing {
    }

    /** The fake checker refuses it for its name. */
    public static final class SubjectNotASubject {
    }

    private static void assertBadUsage(Result r, String message) {
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains(message).contains("--help");
        assertThat(r.out()).isEmpty();
    }

    @Test
    public void theOptionsReachTheChecker() {
        Result r = run("--processor", Subject.class.getName(), "--flow", "--timeout", "300");

        Call c = r.calls().get(0);
        assertThat(c.subject().verification()).isEqualTo(Verification.PROCESSOR);
        assertThat(c.options().flow()).isTrue();
        assertThat(c.options().timeoutMillis()).isEqualTo(300);
    }

    @Test
    public void severalSubjectsAsJsonAreOneArray() {
        Result r = run("--publisher", Subject.class.getName(), "--publisher", BrokenSubject.class.getName(),
                "--format", "json");

        List<?> reports = (List<?>) Json.parse(r.out());
        assertThat(reports.stream().map(x -> ((Map<?, ?>) x).get("subject")).toList())
                .isEqualTo(List.of(Subject.class.getName(), BrokenSubject.class.getName()));
    }

    @Test
    public void outWritesTheReportToTheFileAndPrintsTheVerdicts() throws IOException {
        Path file = Files.createTempDirectory("cli").resolve("report.xml");

        Result r = run("--publisher", BrokenSubject.class.getName(), "--format", "junit-xml", "--out", file.toString());

        assertThat(r.status()).isEqualTo(1);
        assertThat(Files.readString(file)).startsWith("<?xml").contains("<testsuite ");
        assertThat(r.out()).contains("DOES NOT CONFORM", "report written to " + file);
    }

    @Test
    public void classesAreLoadedFromTheFoldersAndJarsOfTheClasspathOption() throws IOException {
        Path dir = CompiledSubjects.compile(Map.of(
                "com.example.FromFolder", "package com.example; public class FromFolder {}",
                "com.example.FromJar", "package com.example; public class FromJar {}"));
        Path jar = CompiledSubjects.moveToJar(dir, "com.example.FromJar");

        Result r = run("--publisher", "com.example.FromFolder", "--publisher", "com.example.FromJar",
                "--classpath", dir + java.io.File.pathSeparator + jar);

        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        assertThat(r.calls()).extracting(c -> c.instance().getClass().getName())
                .containsExactly("com.example.FromFolder", "com.example.FromJar");
        assertThat(r.calls()).extracting(c -> c.instance().getClass().getClassLoader().getName())
                .containsOnly("rill-conformance-subjects");
    }
}
