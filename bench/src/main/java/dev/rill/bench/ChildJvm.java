package dev.rill.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs {@link CapacityProbe} in a child JVM: the same {@code java}, the same JVM flags and the
 * same class path as this one, so a cold trial differs from the parent only in being fresh. The
 * child's trial lines are parsed as they arrive; its other output is passed through, its standard
 * error goes to ours. A child silent for longer than it may be is killed.
 *
 * <p>Threading: {@link #run} blocks the caller until the child ends; one daemon thread per child
 * reads its output.
 */
final class ChildJvm {

    /** What a child left: the trials it printed, and what went wrong (null if it exited normally). */
    record Outcome(List<Trial> trials, String problem) {
    }

    private ChildJvm() {
    }

    static List<String> command(List<String> args) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> c = new ArrayList<>();
        c.add(java);
        c.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        c.add("-cp");
        c.add(System.getProperty("java.class.path"));
        c.add(CapacityProbe.class.getName());
        c.addAll(args);
        return c;
    }

    /**
     * Runs a child with {@code args}; {@code onTrial} sees each trial as it arrives. The child is
     * killed if it prints nothing for {@code silence}.
     */
    static Outcome run(List<String> args, Duration silence, Consumer<Trial> onTrial, PrintStream passThrough)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(args)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BlockingQueue<Optional<String>> lines = new LinkedBlockingQueue<>(); // empty: the output ended
        Thread reader = new Thread(() -> read(p, lines), "capacity-child-output");
        reader.setDaemon(true);
        reader.start();
        List<Trial> trials = new ArrayList<>();
        while (true) {
            Optional<String> next = lines.poll(silence.toMillis(), TimeUnit.MILLISECONDS);
            if (next == null) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Outcome(trials, "child silent for " + silence.toSeconds() + " s: killed");
            }
            if (next.isEmpty()) {
                break;
            }
            String line = next.get();
            if (Trial.isLine(line)) {
                Trial t = Trial.parse(line);
                trials.add(t);
                onTrial.accept(t);
            } else {
                passThrough.println(line);
            }
        }
        if (!p.waitFor(silence.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            return new Outcome(trials, "child did not exit after its output ended: killed");
        }
        return new Outcome(trials, p.exitValue() == 0 ? null : "child exited with code " + p.exitValue());
    }

    private static void read(Process p, BlockingQueue<Optional<String>> lines) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines.add(Optional.of(line));
            }
        } catch (IOException e) {
            lines.add(Optional.of("(reading the child's output failed: " + e + ")"));
        } finally {
            lines.add(Optional.empty());
        }
    }
}
