package dev.rill.tck;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The command line of {@link ConformanceCli}, parsed: the subjects to check (class names, each
 * with the verification its option asks for), where to load them from, and how to run and
 * report. An option's value follows it ({@code --timeout 200}) or is joined with {@code =}
 * ({@code --timeout=200}). Immutable once parsed; any thread.
 *
 * @param subjects the subjects in the order given
 * @param classpath the class path entries to load them from (none: the runner's own class path)
 * @param flow check the {@code java.util.concurrent.Flow} twins
 * @param timeoutMillis the TCK's timeout fixed by {@code --timeout}, or 0 to calibrate
 * @param format how to write the reports
 * @param out the file to write them to, or null for standard output
 * @param help {@code --help} was given: print the help and nothing else
 */
record CliOptions(List<Subject> subjects, List<File> classpath, boolean flow, long timeoutMillis,
        ReportFormat format, File out, boolean help) {

    /** One subject as given: the verification its option names, and its class. */
    record Subject(Verification verification, String option, String className) {
    }

    /** The options that name a subject, and which verification each asks for. */
    private static final Map<String, Verification> SUBJECT_OPTIONS = Map.of(
            "--publisher", Verification.PUBLISHER,
            "--subscriber", Verification.SUBSCRIBER_BLACKBOX,
            "--whitebox-subscriber", Verification.SUBSCRIBER_WHITEBOX,
            "--processor", Verification.PROCESSOR);

    CliOptions {
        subjects = List.copyOf(subjects);
        classpath = List.copyOf(classpath);
    }

    /** Bad usage: an unknown option, a missing or wrong value, nothing to check. */
    static final class BadUsage extends Exception {
        private static final long serialVersionUID = 1L;

        BadUsage(String message) {
            super(message);
        }
    }

    /** Parses {@code args}; BadUsage names the option or value that is wrong. */
    static CliOptions parse(String... args) throws BadUsage {
        Objects.requireNonNull(args, "args");
        Builder b = new Builder();
        for (int i = 0; i < args.length; i++) {
            String arg = Objects.requireNonNull(args[i], "args holds a null argument");
            int eq = arg.indexOf('=');
            String option = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
            String joined = option.equals(arg) ? null : arg.substring(eq + 1);
            if (option.equals("--help") || option.equals("-h")) {
                b.help = true;
            } else if (option.equals("--flow")) {
                b.flow = true;
            } else if (takesValue(option)) {
                String value = joined;
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new BadUsage(option + " needs a value");
                    }
                    value = args[++i];
                }
                b.set(option, value);
            } else {
                throw new BadUsage("unknown option '" + arg + "'");
            }
        }
        return b.build();
    }

    private static boolean takesValue(String option) {
        return subjectVerification(option) != null || List.of("--classpath", "-cp", "--timeout", "--format", "--out")
                .contains(option);
    }

    /** The option that names a subject for {@code verification}, e.g. {@code --processor}. */
    static String option(Verification verification) {
        return SUBJECT_OPTIONS.entrySet().stream().filter(e -> e.getValue() == verification)
                .map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    private static Verification subjectVerification(String option) {
        return SUBJECT_OPTIONS.get(option);
    }

    /** The options as they are read. */
    private static final class Builder {
        final List<Subject> subjects = new ArrayList<>();
        final List<File> classpath = new ArrayList<>();
        boolean flow;
        long timeoutMillis;
        ReportFormat format = ReportFormat.TEXT;
        File out;
        boolean help;

        void set(String option, String value) throws BadUsage {
            if (value.isBlank()) {
                throw new BadUsage(option + " needs a value, got an empty one");
            }
            Verification v = subjectVerification(option);
            if (v != null) {
                subjects.add(new Subject(v, option, value.strip()));
                return;
            }
            switch (option) {
                case "--classpath", "-cp" -> classpath(value);
                case "--timeout" -> timeoutMillis = timeout(value);
                case "--format" -> format = format(value);
                default -> out = out(value); // --out
            }
        }

        private void classpath(String value) throws BadUsage {
            for (String entry : value.split(File.pathSeparator, -1)) {
                if (entry.isBlank()) {
                    continue;
                }
                File f = new File(entry);
                if (!f.exists()) {
                    throw new BadUsage("--classpath entry not found: " + entry);
                }
                classpath.add(f);
            }
        }

        private static long timeout(String value) throws BadUsage {
            try {
                long ms = Long.parseLong(value.strip());
                if (ms > 0) {
                    return ms;
                }
            } catch (NumberFormatException e) {
                // reported below, as a value that is not a positive number
            }
            throw new BadUsage("--timeout takes a positive number of milliseconds, got '" + value + "'");
        }

        private static ReportFormat format(String value) throws BadUsage {
            try {
                return ReportFormat.named(value.strip());
            } catch (IllegalArgumentException e) {
                throw new BadUsage("--format: " + e.getMessage());
            }
        }

        private static File out(String value) throws BadUsage {
            File f = new File(value);
            File dir = f.getAbsoluteFile().getParentFile();
            if (f.isDirectory() || dir == null || !dir.isDirectory()) {
                throw new BadUsage("--out cannot write to " + value
                        + (f.isDirectory() ? ": it is a directory" : ": its folder does not exist"));
            }
            return f;
        }

        CliOptions build() throws BadUsage {
            if (!help && subjects.isEmpty()) {
                throw new BadUsage("nothing to check: give --publisher, --subscriber, --whitebox-subscriber "
                        + "or --processor with a class name");
            }
            return new CliOptions(subjects, classpath, flow, timeoutMillis, format, out, help);
        }
    }
}
