package dev.rill.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of a JMH JSON result file: the benchmark method, its {@code @Param} values, the primary
 * score, and the JDK it ran on. Read back with {@link #read}; only the fields {@link BenchRunner}
 * uses are kept. Immutable.
 */
record JmhResult(String benchmark, Map<String, String> params, Measurement primary, String jdkVersion) {

    /** The method's simple name: {@code startThenCancel} for {@code dev.rill.bench.TimerBench.startThenCancel}. */
    String method() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    static List<JmhResult> read(Path file) throws IOException {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The entries of a JMH JSON document (an array of result objects). */
    static List<JmhResult> parse(String json) {
        if (!(JsonReader.parse(json) instanceof List<?> entries)) {
            throw new IllegalArgumentException("a JMH result file is a JSON array");
        }
        List<JmhResult> out = new ArrayList<>();
        for (Object e : entries) {
            out.add(of(asObject(e, "result entry")));
        }
        return out;
    }

    private static JmhResult of(Map<?, ?> entry) {
        Map<String, String> params = new LinkedHashMap<>();
        Object p = entry.get("params");
        if (p != null) {
            asObject(p, "params").forEach((k, v) -> params.put((String) k, String.valueOf(v)));
        }
        Map<?, ?> metric = asObject(entry.get("primaryMetric"), "primaryMetric");
        Measurement m = new Measurement(JsonReader.number(field(metric, "score")),
                JsonReader.number(field(metric, "scoreError")), (String) field(metric, "scoreUnit"));
        Object jdk = entry.get("jdkVersion");
        return new JmhResult((String) field(entry, "benchmark"), Collections.unmodifiableMap(params), m,
                jdk == null ? "?" : jdk.toString());
    }

    private static Object field(Map<?, ?> m, String name) {
        Object v = m.get(name);
        if (v == null) {
            throw new IllegalArgumentException("JMH result without '" + name + "'");
        }
        return v;
    }

    private static Map<?, ?> asObject(Object v, String what) {
        if (!(v instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(what + " is not a JSON object");
        }
        return m;
    }
}
