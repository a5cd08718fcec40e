package dev.rill.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link BenchTable}'s results from one run on one JDK, as rows: each benchmark method (and
 * each value of a param that varies, other than the peer) with Rill's measurement and the peers'.
 * Computes the ratios the chart and the markdown show. Immutable.
 */
record TableResult(BenchTable table, String jdk, List<Row> rows) {

    /** One row: Rill's measurement and each peer's that ran (missing peers are absent). */
    record Row(String method, String label, Measurement rill, Map<String, Measurement> peers) {

        Ratio ratio(String peer) {
            Measurement p = peers.get(peer);
            return p == null || rill == null ? null : Ratio.of(rill, p);
        }

        /** The peer with the lowest time, or null when no peer ran. */
        String fasterPeer() {
            String best = null;
            for (Map.Entry<String, Measurement> e : peers.entrySet()) {
                if (best == null || e.getValue().score() < peers.get(best).score()) {
                    best = e.getKey();
                }
            }
            return best;
        }

        /** Rill / the faster peer, or null. */
        Ratio ratioToFaster() {
            String f = fasterPeer();
            return f == null ? null : ratio(f);
        }
    }

    /** Groups {@code results} into rows in the order JMH ran them; results of other benchmarks are ignored. */
    static TableResult of(BenchTable table, List<JmhResult> results) {
        Set<String> varying = varyingParams(table, results);
        Map<String, Measurement> rill = new LinkedHashMap<>();
        Map<String, Map<String, Measurement>> peers = new LinkedHashMap<>();
        Map<String, String> methods = new HashMap<>();
        String jdk = "?";
        for (JmhResult r : results) {
            String peer = r.params().get(table.peerParam());
            if (peer == null || !(peer.equals(table.rill()) || table.peers().contains(peer))) {
                continue;
            }
            String key = rowKey(r, varying);
            methods.put(key, r.method());
            peers.computeIfAbsent(key, k -> new LinkedHashMap<>());
            if (peer.equals(table.rill())) {
                rill.put(key, r.primary());
            } else {
                peers.get(key).put(peer, r.primary());
            }
            jdk = r.jdkVersion();
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Map<String, Measurement>> e : peers.entrySet()) {
            String key = e.getKey();
            String method = methods.get(key);
            String label = table.label(method) + key.substring(method.length());
            rows.add(new Row(method, label, rill.get(key), Collections.unmodifiableMap(ordered(table, e.getValue()))));
        }
        return new TableResult(table, jdk, List.copyOf(rows));
    }

    /** The major JDK version, "17" for "17.0.15": what a chart's series and title name. */
    String jdkMajor() {
        int dot = jdk.indexOf('.');
        return dot < 0 ? jdk : jdk.substring(0, dot);
    }

    private static Map<String, Measurement> ordered(BenchTable table, Map<String, Measurement> found) {
        Map<String, Measurement> m = new LinkedHashMap<>();
        for (String p : table.peers()) {
            if (found.containsKey(p)) {
                m.put(p, found.get(p));
            }
        }
        return m;
    }

    private static String rowKey(JmhResult r, Set<String> varying) {
        StringBuilder sb = new StringBuilder(r.method());
        String sep = " (";
        for (String p : varying) {
            sb.append(sep).append(p).append('=').append(r.params().get(p));
            sep = ", ";
        }
        return varying.isEmpty() ? sb.toString() : sb.append(')').toString();
    }

    /** Params other than the peer that take more than one value: they split a method into rows. */
    private static Set<String> varyingParams(BenchTable table, List<JmhResult> results) {
        Map<String, Set<String>> values = new LinkedHashMap<>();
        for (JmhResult r : results) {
            r.params().forEach((k, v) -> values.computeIfAbsent(k, x -> new HashSet<>()).add(v));
        }
        Set<String> varying = new LinkedHashSet<>();
        values.forEach((k, v) -> {
            if (!k.equals(table.peerParam()) && v.size() > 1) {
                varying.add(k);
            }
        });
        return varying;
    }
}
