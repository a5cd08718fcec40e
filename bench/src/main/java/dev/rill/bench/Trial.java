package dev.rill.bench;

import dev.rill.examples.Phase;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One variant at one arrival rate for a few seconds, and whether it sustained that rate: p99 under
 * {@value #P99_LIMIT_MS} ms, no timeout, no other error, and every request ended before the load
 * generator stopped waiting. Latencies in milliseconds; {@code achieved} is requests per second
 * from the first arrival until the last request ended; {@code failure} says why the trial could
 * not run to its end (null when it did).
 *
 * <p>A trial travels from a child JVM to the probe as one line of text ({@link #line()}, {@link
 * #parse}). Immutable.
 */
record Trial(Variant variant, int rate, int seconds, int requests, int ended, double achieved, double p50Ms,
             double p99Ms, double maxMs, long timeouts, long errors, String failure) {

    /** A rate is sustained while the 99th percentile stays under this. */
    static final double P99_LIMIT_MS = 100;

    /** What starts a trial line; anything else a child prints is passed through as is. */
    static final String PREFIX = "TRIAL ";

    static Trial of(Variant variant, int rate, int seconds, Phase p) {
        return new Trial(variant, rate, seconds, p.requests(), p.ended(), p.perSecond(), p.percentileMs(50),
                p.percentileMs(99), p.percentileMs(100), p.timeouts(), p.errors(), null);
    }

    /** A trial that did not get to the end of its phase (an exception, a child that died or hung). */
    static Trial failed(Variant variant, int rate, int seconds, String why) {
        return new Trial(variant, rate, seconds, rate * seconds, 0, 0, 0, 0, 0, 0, 0, why);
    }

    boolean sustained() {
        return failure == null && ended == requests && timeouts == 0 && errors == 0 && p99Ms < P99_LIMIT_MS;
    }

    String line() {
        return String.format(Locale.ROOT, "%svariant=%s rate=%d seconds=%d requests=%d ended=%d achieved=%.0f "
                        + "p50=%.3f p99=%.3f max=%.3f timeouts=%d errors=%d sustained=%b failure=%s",
                PREFIX, variant.id, rate, seconds, requests, ended, achieved, p50Ms, p99Ms, maxMs, timeouts, errors,
                sustained(), failure == null ? "-" : failure.replaceAll("\\s+", "_"));
    }

    static boolean isLine(String s) {
        return s.startsWith(PREFIX);
    }

    /** The trial a {@link #line()} describes; the {@code sustained} field is recomputed, not trusted. */
    static Trial parse(String line) {
        if (!isLine(line)) {
            throw new IllegalArgumentException("not a trial line: " + line);
        }
        Map<String, String> f = new HashMap<>();
        for (String field : line.substring(PREFIX.length()).trim().split(" ")) {
            int eq = field.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("no key=value in '" + field + "' of: " + line);
            }
            f.put(field.substring(0, eq), field.substring(eq + 1));
        }
        return new Trial(Variant.of(field(f, "variant", line)), Integer.parseInt(field(f, "rate", line)),
                Integer.parseInt(field(f, "seconds", line)), Integer.parseInt(field(f, "requests", line)),
                Integer.parseInt(field(f, "ended", line)), Double.parseDouble(field(f, "achieved", line)),
                Double.parseDouble(field(f, "p50", line)), Double.parseDouble(field(f, "p99", line)),
                Double.parseDouble(field(f, "max", line)), Long.parseLong(field(f, "timeouts", line)),
                Long.parseLong(field(f, "errors", line)),
                "-".equals(field(f, "failure", line)) ? null : f.get("failure"));
    }

    private static String field(Map<String, String> fields, String key, String line) {
        String v = fields.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no " + key + " in the trial line: " + line);
        }
        return v;
    }
}
