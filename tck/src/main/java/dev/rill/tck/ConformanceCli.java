package dev.rill.tck;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The conformance runner's command line: loads the user's subject classes, checks each against
 * its TCK verification and writes the reports.
 *
 * <pre>{@code java -jar rill-conformance.jar --publisher com.example.MyRangeUnderTest --classpath my.jar}</pre>
 *
 * Exit status 0 if every subject conforms, 1 if a required rule failed (or a check could not
 * run), 2 for bad usage (an unknown option, a missing or wrong value, a class that cannot be
 * found, made or checked), with the problem named on standard error. {@code --help} lists the
 * options. Runs on the calling thread; the checks run one after the other.
 */
public final class ConformanceCli {

    static final int CONFORMS = 0;
    static final int FAILED = 1;
    static final int BAD_USAGE = 2;

    /** What the command line does with one subject it loaded; tests put their own reports here. */
    @FunctionalInterface
    interface Checker {
        /**
         * The check of {@code instance} (of {@code subject}'s class), ready to run; throws
         * IllegalArgumentException if it is not a subject of the kind asked for (bad usage).
         */
        Supplier<ConformanceReport> prepare(CliOptions.Subject subject, Object instance, CliOptions options);
    }

    private ConformanceCli() {
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        quietLogging();
        System.exit(run(args, System.out, System.err));
    }

    /**
     * TestNG logs through SLF4J, and the conformance jar holds no SLF4J provider, which SLF4J
     * would complain about on standard error at every run: name its no-op one (what it falls back
     * to anyway), unless the user chose a provider.
     */
    private static void quietLogging() {
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
            if (System.getProperty("slf4j.internal.verbosity") == null) {
                System.setProperty("slf4j.internal.verbosity", "WARN"); // not the line saying which provider
            }
        }
    }

    /** The command line without the exit: returns the status (0 conforms, 1 failed, 2 bad usage). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, ConformanceCli::prepare);
    }

    static int run(String[] args, PrintStream out, PrintStream err, Checker checker) {
        CliOptions options;
        try {
            options = CliOptions.parse(args);
        } catch (CliOptions.BadUsage e) {
            return badUsage(err, e.getMessage());
        }
        if (options.help()) {
            out.print(CliHelp.TEXT);
            return CONFORMS;
        }
        List<ConformanceReport> reports = new ArrayList<>();
        try (URLClassLoader loader = loader(options.classpath())) {
            List<Supplier<ConformanceReport>> checks = new ArrayList<>();
            for (CliOptions.Subject s : options.subjects()) { // every subject made before any check runs
                Object instance = instantiate(s, loader);
                try {
                    checks.add(checker.prepare(s, instance, options));
                } catch (IllegalArgumentException e) {
                    throw new CliOptions.BadUsage(s.option() + " " + s.className() + ": " + e.getMessage());
                }
            }
            for (Supplier<ConformanceReport> check : checks) {
                reports.add(check.get());
            }
        } catch (CliOptions.BadUsage e) {
            return badUsage(err, e.getMessage());
        } catch (IOException | RuntimeException e) {
            err.println("rill-conformance: the check could not run: " + e);
            return FAILED;
        }
        return write(reports, options, out, err);
    }

    /** The real check: the runner's {@link ConformanceCheck} for the instance, with the options' settings. */
    private static Supplier<ConformanceReport> prepare(CliOptions.Subject subject, Object instance, CliOptions options) {
        ConformanceCheck check = ConformanceCheck.of(subject.className(), instance, options.flow());
        if (check.verification() != subject.verification()) {
            throw new IllegalArgumentException("it is a subject for the " + check.verification().title()
                    + " verification, not the " + subject.verification().title() + " one: give it with "
                    + CliOptions.option(check.verification()));
        }
        ConformanceCheck timed = options.timeoutMillis() > 0
                ? check.timeout(Duration.ofMillis(options.timeoutMillis())) : check;
        return timed::run;
    }

    private static int badUsage(PrintStream err, String message) {
        err.println("rill-conformance: " + message);
        err.println("Run with --help for the options and examples.");
        return BAD_USAGE;
    }

    /** The user's class path over the runner's own classes (so the subject interfaces are the runner's). */
    private static URLClassLoader loader(List<File> classpath) throws CliOptions.BadUsage {
        URL[] urls = new URL[classpath.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = classpath.get(i).toURI().toURL();
            } catch (MalformedURLException e) {
                throw new CliOptions.BadUsage("--classpath entry " + classpath.get(i) + " is not usable: " + e.getMessage());
            }
        }
        return new URLClassLoader("rill-conformance-subjects", urls, ConformanceCli.class.getClassLoader());
    }

    /** A new instance of the subject's class by its public no-argument constructor. */
    private static Object instantiate(CliOptions.Subject s, ClassLoader loader) throws CliOptions.BadUsage {
        String where = s.option() + " " + s.className() + ": ";
        Class<?> type;
        try {
            type = Class.forName(s.className(), true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new CliOptions.BadUsage(where + "class not found"
                    + (e instanceof ClassNotFoundException ? " (is its jar or folder given with --classpath?)"
                            : ": " + e));
        }
        try {
            return type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new CliOptions.BadUsage(where + "it needs a public constructor without arguments");
        } catch (InvocationTargetException e) {
            throw new CliOptions.BadUsage(where + "its constructor threw " + e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new CliOptions.BadUsage(where + "cannot make one: " + e);
        }
    }

    /** Writes the reports (to the file, or to {@code out}); the status from their verdicts. */
    private static int write(List<ConformanceReport> reports, CliOptions options, PrintStream out, PrintStream err) {
        String rendered = options.format().render(reports);
        if (options.out() == null) {
            out.print(rendered);
        } else {
            try {
                Files.writeString(options.out().toPath(), rendered, StandardCharsets.UTF_8);
            } catch (IOException | UncheckedIOException e) {
                err.println("rill-conformance: cannot write " + options.out() + ": " + e);
                return BAD_USAGE;
            }
            for (ConformanceReport r : reports) {
                out.println(ReportText.heading(r) + ": " + ReportText.verdict(r));
            }
            out.println("report written to " + options.out());
        }
        return reports.stream().allMatch(ConformanceReport::conforms) ? CONFORMS : FAILED;
    }
}
